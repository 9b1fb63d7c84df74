package org.eom.platform.http;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;

/**
 * Reads a small request body on the event loop before Quarkus REST hands the request to a worker thread. A blocking
 * endpoint otherwise reads its body on the worker, each chunk handed over from the event loop and the worker woken
 * for it: 7 % of observations-service's samples at 150 submissions a second (docs/performance.md, item 33). A phone
 * on a slow network no longer holds a worker while its upload trickles in.
 * <p>
 * Only bodies that announce a length of 1 to {@link #LIMIT} bytes are read ahead: a checklist is a few kilobytes. Larger
 * ones (partner batches, station lists) and bodies without a length take the usual path, which reads them only once
 * the endpoint's security check has passed, so a caller without a token can make the service hold at most this much.
 */
@ApplicationScoped
public class BodiesReadAhead {

    static final long LIMIT = 64 * 1024;
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(LIMIT);

    void install(@Observes Router router) {
        // after CORS and the upload limit, before the REST endpoints (ROUTE_ORDER_DEFAULT)
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::readSmallBody);
    }

    private void readSmallBody(RoutingContext context) {
        long length = announcedLength(context);
        // an empty body is not read ahead: Vert.x keeps none, and Quarkus REST would wait for one that has ended
        if (WITH_BODY.contains(context.request().method()) && length > 0 && length <= LIMIT) {
            bodyHandler.handle(context);
        } else {
            context.next();
        }
    }

    private static long announcedLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? Long.MAX_VALUE : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
