package org.eom.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every exception that reaches the REST layer into an RFC 9457 problem. Unexpected
 * exceptions are logged with an id that the 500 answer repeats, and never leak internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** A 503 passes by itself (overloaded, stopping): it tells the client when to send again. */
    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.problem(), uri);
        return e.problem().status() == 503
                ? Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, Problem.RETRY_SHORTLY_SECONDS).build()
                : response;
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return respond(ProblemException.invalid(errors).problem(), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = "body";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
        }
        String reason = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        return respond(ProblemException.invalid(field, reason).problem(), uri);
    }

    /** Replaces Quarkus' own mapper for this type, which answers in a non-problem format. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e, UriInfo uri) {
        return respond(ProblemException.conflict("concurrent-update",
                "Someone else changed this resource at the same moment; read it again and retry").problem(), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthorizedAccess(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemException.forbidden("Your roles do not allow this operation").problem(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, SimpleResourceInfo resource) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri); // the JSON reader wraps Jackson's errors: keep the field they name
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS answers 404 when a query parameter cannot be converted; it is a bad request naming the parameter
            Problem.FieldError bad = QueryParameters.unconvertible(resource, uri);
            if (bad != null) {
                return respond(ProblemException.invalid(List.of(bad)).problem(), uri);
            }
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e, uri);
        }
        String slug = status.getReasonPhrase().toLowerCase().replace(' ', '-');
        Problem problem = Problem.of(status.getStatusCode(), slug, status.getReasonPhrase(), e.getMessage(), null);
        Response.ResponseBuilder builder = Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE).entity(problem.at(path(uri)));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    /**
     * A client that hangs up in the middle of its body (a phone losing the network) is not a server error: nothing
     * was read, nothing is written, and no one is left to answer. Logged briefly, not as an incident.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        if ("Request too large".equals(e.getMessage())) {
            // a chunked body grew past quarkus.http.limits.max-body-size; Vert.x has usually answered 413 already
            LOG.debugf("A request body to %s exceeded the size limit", path(uri));
            return respond(Problem.of(413, "payload-too-large", "Payload too large",
                    "The request body is larger than this service accepts", null), uri);
        }
        if (!causedBy(e, ClosedChannelException.class) && !causedBy(e, HttpClosedException.class)) {
            return unexpected(e, uri);
        }
        LOG.debugf("The client closed the connection before its request to %s was read whole", path(uri));
        return respond(ProblemException.invalid("body", "the connection was closed before the whole body arrived").problem(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (causedBy(e, SQLException.class) && String.valueOf(rootCause(e).getMessage()).contains("acquisition timeout")) {
            // every database connection stayed busy for the whole acquisition timeout: overload, worth a retry
            LOG.warnf("No database connection became free in time for %s; answered 503", path(uri));
            return problem(ProblemException.overloaded("The service is too busy to take this request now; retry it shortly"), uri);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", incident, path(uri));
        return respond(Problem.of(500, "internal-error", "Internal error",
                "An unexpected error occurred; quote incident " + incident + " when reporting it", null), uri);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private Response unauthorized(UriInfo uri) {
        Problem problem = Problem.of(401, "unauthenticated", "Unauthenticated",
                "A valid bearer token from the eom realm is required", null);
        return Response.status(401).header("WWW-Authenticate", "Bearer").type(Problem.MEDIA_TYPE)
                .entity(problem.at(path(uri))).build();
    }

    public static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.at(path(uri))).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** "create.body.answers[0].value" (method, parameter, property path) becomes "answers[0].value". */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String parameter = null;
        String prefix = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                prefix = prefix + node.getName() + ".";
                if (node.getKind() == ElementKind.PARAMETER) {
                    parameter = node.getName();
                }
            }
        }
        String property = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        if (!property.isEmpty()) {
            return property;
        }
        return parameter != null ? parameter : "body";
    }
}
