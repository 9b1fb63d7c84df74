package org.eom.platform.problem;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Finds the query parameter of the matched resource method whose value does not convert to its Java
 * type. JAX-RS only says that some path or query parameter failed (a 404 wrapping the converter's
 * exception); clients need to know which one and why.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    static Problem.FieldError unconvertible(SimpleResourceInfo resource, UriInfo uri) {
        Method method = method(resource);
        if (method == null || uri == null) {
            return null;
        }
        for (Parameter parameter : method.getParameters()) {
            String name = name(parameter);
            if (name == null) {
                continue;
            }
            Class<?> type = elementType(parameter);
            for (String value : uri.getQueryParameters().getOrDefault(name, List.of())) {
                String reason = reason(type, value);
                if (reason != null) {
                    return new Problem.FieldError(name, reason);
                }
            }
        }
        return null;
    }

    private static Method method(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null || resource.getMethodName() == null) {
            return null;
        }
        for (Class<?> c = resource.getResourceClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(resource.getMethodName(), resource.parameterTypes());
            } catch (NoSuchMethodException e) {
                // a generated subclass: look at the declaring class
            }
        }
        return null;
    }

    private static String name(Parameter parameter) {
        QueryParam query = parameter.getAnnotation(QueryParam.class);
        if (query != null) {
            return query.value();
        }
        RestQuery rest = parameter.getAnnotation(RestQuery.class);
        if (rest != null) {
            return rest.value().isEmpty() ? parameter.getName() : rest.value();
        }
        return null;
    }

    private static Class<?> elementType(Parameter parameter) {
        if (Collection.class.isAssignableFrom(parameter.getType())
                && parameter.getParameterizedType() instanceof ParameterizedType generic) {
            Type element = generic.getActualTypeArguments()[0];
            return element instanceof Class<?> c ? c : String.class;
        }
        return parameter.getType();
    }

    /** Why {@code value} does not convert to {@code type}, or null when it does. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String reason(Class<?> type, String value) {
        try {
            if (type.isEnum()) {
                Enum.valueOf((Class<? extends Enum>) type, value);
            } else if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type == LocalDate.class) {
                LocalDate.parse(value);
            } else if (type == OffsetDateTime.class) {
                OffsetDateTime.parse(value);
            } else if (type == Integer.class || type == int.class) {
                Integer.parseInt(value);
            } else if (type == Long.class || type == long.class) {
                Long.parseLong(value);
            } else {
                return null;
            }
            return null;
        } catch (RuntimeException e) {
            return "'" + value + "' " + expected(type);
        }
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "is not one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == UUID.class) {
            return "is not a UUID";
        }
        if (type == LocalDate.class) {
            return "is not a date such as 2023-03-19";
        }
        if (type == OffsetDateTime.class) {
            return "is not a date-time with offset such as 2023-03-19T08:00:00+06:00";
        }
        return "is not an integer";
    }
}
