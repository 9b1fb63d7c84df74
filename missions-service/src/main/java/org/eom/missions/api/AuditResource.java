package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.platform.audit.AuditedRead;
import org.eom.platform.audit.AuditedRead.AuditedReadView;
import org.eom.platform.http.Page;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Who of the partner systems and CECs read what of a mission, and when (ADR 0005). The platform's ReadAuditFilter
 * writes the reads; this resource decides who may see them.
 */
@Path("/api/v1/missions/{missionId}/audit")
@Tag(name = "Audit")
public class AuditResource {

    @Inject
    MissionAccess access;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD})
    @Operation(summary = "List the reads of this mission's data by partner systems and CECs (admin, or the mission's head or "
            + "deputy with role head-of-mission), newest first. Filters: clientId, username, from, to (ISO date-times); "
            + "sort: at, -at")
    @APIResponse(responseCode = "200", description = "One page of audited reads")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<AuditedReadView> list(@PathParam("missionId") UUID missionId, @QueryParam("clientId") String clientId,
                                      @QueryParam("username") String username, @QueryParam("from") OffsetDateTime from,
                                      @QueryParam("to") OffsetDateTime to, @QueryParam("sort") String sort,
                                      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireHead(missionId);
        return AuditedRead.page(missionId, new AuditedRead.Criteria(clientId, username, from, to), sort, page, size);
    }
}
