package org.eom.platform.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eom.platform.problem.Problem;
import org.eom.platform.security.CurrentUser;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes every successful read by a partner system or a member-state CEC to the service's own
 * audit_read table, one row per mission read (ADR 0005): the mission named in the path, or those
 * the resource noted in {@link ReadAudit}, or a single row without mission for reads that concern
 * none. Every service that builds on the platform audits this way.
 */
public class ReadAuditFilter {

    private static final Logger LOG = Logger.getLogger(ReadAuditFilter.class);

    private static final Set<String> READS = Set.of("GET", "HEAD");

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentUser user;

    @Inject
    ReadAudit audit;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!READS.contains(request.getMethod()) || response.getStatus() >= 400 || identity.isAnonymous()
                || !(identity.hasRole(CurrentUser.PARTNER) || identity.hasRole(CurrentUser.CEC))) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        String roles = String.join(",", identity.getRoles().stream().sorted().toList());
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        List<AuditedRead> rows = new ArrayList<>();
        for (UUID missionId : missionsRead(request)) {
            AuditedRead row = new AuditedRead();
            row.at = at;
            row.clientId = user.clientId();
            row.username = user.username();
            row.roles = roles;
            row.method = request.getMethod();
            row.path = path;
            row.status = response.getStatus();
            row.missionId = missionId;
            rows.add(row);
        }
        try {
            // The resource's own transaction has ended: the audit commits on its own.
            QuarkusTransaction.requiringNew().run(() -> rows.forEach(row -> row.persist()));
        } catch (RuntimeException e) {
            // such a read is answered only once it is on record: withhold it rather than answer it unaudited (or 500)
            LOG.errorf(e, "A read of %s by %s could not be audited; answered 503", uri.getRawPath(), user.clientId());
            Problem problem = Problem.of(503, "audit-unavailable", "Service Unavailable",
                    "This read could not be recorded in the audit trail, so it is not answered; retry it shortly", null);
            response.getHeaders().remove(HttpHeaders.ETAG);
            response.getHeaders().remove(HttpHeaders.CONTENT_DISPOSITION);
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, Problem.RETRY_SHORTLY_SECONDS);
            response.setStatus(problem.status());
            // the instance as every other problem of the platform gives it (ProblemMappers)
            response.setEntity(problem.at(request.getUriInfo().getPath()), null, MediaType.valueOf(Problem.MEDIA_TYPE));
        }
    }

    private Collection<UUID> missionsRead(ContainerRequestContext request) {
        if (!audit.missionIds().isEmpty()) {
            return audit.missionIds();
        }
        String inPath = request.getUriInfo().getPathParameters().getFirst("missionId");
        List<UUID> single = new ArrayList<>();
        single.add(inPath == null ? null : UUID.fromString(inPath));
        return single;
    }
}
