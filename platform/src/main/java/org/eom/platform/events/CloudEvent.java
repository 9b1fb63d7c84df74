package org.eom.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as it travels on every topic. The Kafka
 * record key is {@code missionid} (or the election id for election-wide events), so that one
 * mission's events stay in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, UUID id, String source, String type, String subject,
                         OffsetDateTime time, String datacontenttype, String partitionkey,
                         @JsonDeserialize(using = DataAsReceived.class) JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /**
     * Reads an object or array {@code data} as the JSON text it came as (a raw value node), when the reader carries
     * that text as its {@link #SOURCE} attribute ({@link ProcessedEvents#parse}); otherwise as a tree. The consumer then
     * binds the text to its own type in one pass ({@link ProcessedEvents#data}): building and walking a tree of every
     * record's data was most of what missions-service's consumer spent.
     */
    static final class DataAsReceived extends JsonDeserializer<JsonNode> {

        static final String SOURCE = "cloud-event-source";

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object source = context.getAttribute(SOURCE);
            long start = parser.currentTokenLocation().getCharOffset();
            boolean container = parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY;
            if (!(source instanceof String text) || !container || start < 0) {
                return context.readTree(parser);
            }
            parser.skipChildren();
            long end = parser.currentLocation().getCharOffset();
            return JsonNodeFactory.instance.rawValueNode(new RawValue(text.substring((int) start, (int) end)));
        }
    }
}
