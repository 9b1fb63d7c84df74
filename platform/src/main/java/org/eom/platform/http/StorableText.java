package org.eom.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.problem.ProblemMappers;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses, with a 400 naming the field or parameter, text that PostgreSQL cannot store as sent: the NUL
 * character (text and jsonb refuse it, which would surface as a 500) and unpaired UTF-16 surrogates (not
 * Unicode at all; the driver would silently store '?'). Every string field of every request body and every
 * path and query parameter is checked here; free-form JSON values (JsonNode) are checked by whoever reads
 * them (a partner batch refuses only the item that carries such text). The JSON reader also refuses
 * trailing content and duplicate keys, which would otherwise be silently ignored or overwritten.
 */
@Singleton
public class StorableText implements ObjectMapperCustomizer {

    /** Why {@code text} cannot be stored, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
            }
        }
        return null;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        SimpleModule module = new SimpleModule("eom-storable-text");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == String.class ? new Checked(deserializer) : deserializer;
            }
        });
        mapper.registerModule(module);
    }

    /** Query and path parameters reach SQL as they are: refuse the same text there. */
    @ServerRequestFilter
    public Response parameters(UriInfo uri) {
        for (MultivaluedMap<String, String> parameters : List.of(uri.getPathParameters(), uri.getQueryParameters())) {
            for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
                for (String value : parameter.getValue()) {
                    String problem = value == null ? null : problem(value);
                    if (problem != null) {
                        return ProblemMappers.respond(ProblemException.invalid(parameter.getKey(), problem).problem(), uri);
                    }
                }
            }
        }
        return null;
    }

    /** Checks the strings a deserializer produced; Jackson adds the field's path to the exception. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class Checked extends DelegatingDeserializer {

        Checked(JsonDeserializer delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            check(p, value);
            return value;
        }

        private static void check(JsonParser p, Object value) throws IOException {
            if (value instanceof String text) {
                refuse(p, text);
            }
        }

        private static void refuse(JsonParser p, String text) throws IOException {
            String problem = problem(text);
            if (problem != null) {
                throw InvalidFormatException.from(p, problem, text, String.class);
            }
        }
    }
}
