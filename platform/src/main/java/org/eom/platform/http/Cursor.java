package org.eom.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eom.platform.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Where a list read in a fixed order goes on (ADR 0032): the sort key of the last item a page sent, and the number of
 * the page that follows it. Reading on from it costs what the first page costs, where an offset walks every row before
 * the page. Clients see it as opaque text (a page's {@code nextCursor}, sent back as {@code cursor}, the names
 * observations-service's newest-first lists use too): base64url of a JSON array {@code [page, key...]}.
 */
public record Cursor(int page, List<String> key) {

    public static final String PARAMETER = "cursor";

    private static final ObjectMapper JSON = new ObjectMapper();

    public String text() {
        List<Object> values = new ArrayList<>(key.size() + 1);
        values.add(page);
        values.addAll(key);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** The cursor a client sent; a problem naming {@link #PARAMETER} unless it is one a list gave. */
    static Cursor parse(String text) {
        JsonNode values;
        try {
            values = JSON.readTree(Base64.getUrlDecoder().decode(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw notACursor();
        }
        if (values == null || !values.isArray() || values.size() < 2 || !values.get(0).canConvertToInt() || values.get(0).asInt() < 1) {
            throw notACursor();
        }
        List<String> key = new ArrayList<>(values.size() - 1);
        for (int i = 1; i < values.size(); i++) {
            if (!values.get(i).isTextual()) {
                throw notACursor();
            }
            key.add(values.get(i).textValue());
        }
        return new Cursor(values.get(0).asInt(), List.copyOf(key));
    }

    /** A key's id, or the problem of a cursor that no page of this list gave. */
    public static UUID uuid(String keyValue) {
        try {
            return UUID.fromString(keyValue);
        } catch (IllegalArgumentException e) {
            throw notACursor();
        }
    }

    /** Also for a cursor whose key does not parse as the list's columns. */
    public static ProblemException notACursor() {
        return ProblemException.invalid(PARAMETER, "must be the nextCursor of a page of this list");
    }
}
