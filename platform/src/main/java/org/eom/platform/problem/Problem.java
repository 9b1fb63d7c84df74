package org.eom.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. Every error of every service is answered with one of these
 * (media type {@code application/problem+json}); {@code errors} names each field that is wrong.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Retry-After, in seconds, of a 503 that passes by itself (overloaded, stopping, the audit trail briefly unwritable). */
    public static final String RETRY_SHORTLY_SECONDS = "5";
    private static final String TYPE_BASE = "https://eom.example/problems/";

    /** One wrong field: a JSON pointer-like path (or query parameter / CSV column) and why. */
    public record FieldError(String field, String reason) {
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, errors == null ? List.of() : errors);
    }

    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }
}
