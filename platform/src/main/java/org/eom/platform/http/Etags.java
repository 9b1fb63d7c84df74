package org.eom.platform.http;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import org.eom.platform.problem.ProblemException;

import java.util.function.Supplier;

/**
 * Versioned resources: the ETag is the entity version. Reads honour If-None-Match (304), updates
 * require If-Match (428 without it, 412 when stale), so no client silently overwrites another.
 */
public final class Etags {

    private Etags() {
    }

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** 200 with the body and its ETag, or 304 when the client's copy is current. */
    public static Response read(Object body, long version, String ifNoneMatch) {
        EntityTag tag = of(version);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag)) {
            return Response.notModified(tag).build();
        }
        return Response.ok(body).tag(tag).build();
    }

    /**
     * A create whose client-chosen id is taken: the stored resource again (200, with its ETag) when the request is the
     * same, so that a retry is harmless; otherwise 409 id-conflict.
     */
    public static Response replayOrConflict(String kind, Object id, boolean same, Supplier<Object> view, long version) {
        if (!same) {
            throw ProblemException.conflict("id-conflict", kind + " " + id + " exists with different content; update it with PUT");
        }
        return Response.ok(view.get()).tag(of(version)).build();
    }

    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired();
        }
        EntityTag current = of(currentVersion);
        if (!matches(ifMatch, current)) {
            throw ProblemException.preconditionFailed(current.toString());
        }
    }

    private static boolean matches(String header, EntityTag tag) {
        for (String candidate : header.split(",")) {
            String value = candidate.trim();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals("\"" + tag.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
