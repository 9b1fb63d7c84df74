package org.eom.platform.problem;

import java.util.List;

/**
 * Thrown by application code to answer with a problem. The factory methods are the one
 * vocabulary of errors shared by the services.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(String field, String reason) {
        return invalid(List.of(new Problem.FieldError(field, reason)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).reason()
                : errors.size() + " fields are invalid";
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid request", detail, errors));
    }

    /** A reference to something that does not exist (an unknown station, mission...): 422 names the field. */
    public static ProblemException unknownReference(String field, String reason) {
        return new ProblemException(Problem.of(422, "unknown-reference", "Unknown reference",
                field + ": " + reason, List.of(new Problem.FieldError(field, reason))));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", what + " " + id + " does not exist", null));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(409, slug, "Conflict", detail, null));
    }

    /** More work than the service takes on now; answered 503 with Retry-After, as every 503 (ProblemMappers). */
    public static ProblemException overloaded(String detail) {
        return new ProblemException(Problem.of(503, "overloaded", "Service overloaded", detail, null));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail, null));
    }

    public static ProblemException preconditionRequired() {
        return new ProblemException(Problem.of(428, "precondition-required", "Precondition required",
                "This update needs an If-Match header with the resource's current ETag", null));
    }

    public static ProblemException preconditionFailed(String currentEtag) {
        return new ProblemException(Problem.of(412, "precondition-failed", "Precondition failed",
                "The resource has changed; its current ETag is " + currentEtag + ". Read it again and retry.", null));
    }
}
