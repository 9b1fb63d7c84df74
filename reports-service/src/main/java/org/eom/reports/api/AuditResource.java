package org.eom.reports.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.reports.access.ReportAccess;
import org.eom.platform.audit.AuditedRead;
import org.eom.platform.audit.AuditedRead.AuditedReadView;
import org.eom.platform.http.Page;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Who of the partner systems read which of a mission's published statements here, and when (ADR 0005).
 * The platform's ReadAuditFilter writes the reads; this resource decides who may see them.
 */
@Path("/api/v1/missions/{missionId}/audit")
@Tag(name = "Audit")
public class AuditResource {

    @Inject
    ReportAccess access;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD})
    @Operation(summary = "List the reads of this mission's published statements by partner systems and CECs (admin, "
            + "or the mission's head or deputy with role head-of-mission), newest first. Filters: clientId, username, from, to "
            + "(ISO date-times); sort: at, -at")
    @APIResponse(responseCode = "200", description = "One page of audited reads")
    @APIResponse(responseCode = "400", description = "A filter, sort or paging parameter is invalid (problem+json naming it)")
    @APIResponse(responseCode = "401", description = "No valid bearer token from the eom realm")
    @APIResponse(responseCode = "403", description = "Neither admin nor the mission's head or deputy")
    @APIResponse(responseCode = "404", description = "No such mission in this service's copy of the mission data")
    public Page<AuditedReadView> list(@PathParam("missionId") UUID missionId, @QueryParam("clientId") String clientId,
                                      @QueryParam("username") String username, @QueryParam("from") OffsetDateTime from,
                                      @QueryParam("to") OffsetDateTime to, @QueryParam("sort") String sort,
                                      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireHead(missionId);
        return AuditedRead.page(missionId, new AuditedRead.Criteria(clientId, username, from, to), sort, page, size);
    }
}
