package org.eom.platform.http;

import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a small request body on the event loop before Quarkus REST hands the request to a worker thread. A blocking
 * endpoint otherwise reads its body on the worker, each chunk handed over from the event loop and the worker woken
 * for it: 7 % of observations-service's samples at 150 submissions a second (docs/performance.md, item 33). A phone
 * on a slow network no longer holds a worker while its upload trickles in.
 * <p>
 * Only bodies that announce a length of 1 to {@link #LIMIT} bytes are read ahead: a checklist is a few kilobytes. Larger
 * ones (partner batches, station lists) and bodies without a length take the usual path, which reads them only once
 * the endpoint's security check has passed. The bodies read ahead are read before any token is checked, so all the
 * requests in progress together may hold at most {@code eom.http.read-ahead.max-size} of them (announced lengths);
 * past it a body takes the usual path too. Without that bound, a caller without a token that sent most of a body on
 * each of thousands of connections and then waited could fill the heap.
 */
@ApplicationScoped
public class BodiesReadAhead {

    private static final Logger LOG = Logger.getLogger(BodiesReadAhead.class);
    static final long LIMIT = 64 * 1024;
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(LIMIT);

    /** The announced lengths of the bodies read ahead for the requests in progress. */
    private final AtomicLong held = new AtomicLong();

    @ConfigProperty(name = "eom.http.read-ahead.max-size", defaultValue = "32M")
    MemorySize maxSize;

    void install(@Observes Router router) {
        // after CORS and the upload limit, before the REST endpoints (ROUTE_ORDER_DEFAULT)
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::readSmallBody).failureHandler(this::nothingLeftToAnswer);
        Metrics.gauge("eom.http.read.ahead.bytes", held);
    }

    private void readSmallBody(RoutingContext context) {
        long length = announcedLength(context);
        // an empty body is not read ahead: Vert.x keeps none, and Quarkus REST would wait for one that has ended
        if (WITH_BODY.contains(context.request().method()) && length > 0 && length <= LIMIT && reserve(length)) {
            // the request keeps its body until it ends, answered or with its connection closed
            context.addEndHandler(ended -> held.addAndGet(-length));
            bodyHandler.handle(context);
        } else {
            context.next();
        }
    }

    /**
     * A client that hangs up before its body has come whole (a phone losing its network) is no one's error, nor is a
     * failure after the answer has gone (Vert.x answers 413 itself to a body over the limit, and the REST layer's answer
     * to its failed read then finds the response written): there is no one left to answer, and the service's error
     * handler would log either as an incident with an error id.
     */
    private void nothingLeftToAnswer(RoutingContext context) {
        if (context.failure() instanceof HttpClosedException || context.response().ended()) {
            LOG.debugf("Nothing left to answer for the request to %s: %s", context.normalizedPath(), context.failure());
        } else {
            context.next();
        }
    }

    private boolean reserve(long length) {
        long limit = maxSize.asLongValue();
        long before = held.getAndUpdate(current -> current + length <= limit ? current + length : current);
        return before + length <= limit;
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
