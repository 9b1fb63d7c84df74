package org.eom.platform.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.platform.audit.AuditedRead.AuditedReadView;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.security.CurrentUser;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Who of the partner systems and CECs read what of a mission in this service, and when (ADR 0005): the same endpoint in
 * every service. {@link ReadAuditFilter} writes the reads; the service's {@link MissionHeads} decides who may see them.
 */
@Path("/api/v1/missions/{missionId}/audit")
@Tag(name = "Audit")
public class AuditResource {

    private static final Map<String, String> SORTS = Map.of("at", "at", "-at", "at desc");

    @Inject
    MissionHeads heads;

    @GET
    @RolesAllowed({CurrentUser.ADMIN, CurrentUser.HEAD_OF_MISSION})
    @Operation(summary = "List the reads of this mission's data in this service by partner systems and CECs (admin, or the "
            + "mission's head or deputy with role head-of-mission), newest first. Filters: clientId, username, from, to "
            + "(ISO date-times); sort: at, -at")
    @APIResponse(responseCode = "200", description = "One page of audited reads")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<AuditedReadView> list(@PathParam("missionId") UUID missionId, @QueryParam("clientId") String clientId,
                                      @QueryParam("username") String username, @QueryParam("from") OffsetDateTime from,
                                      @QueryParam("to") OffsetDateTime to, @QueryParam("sort") String sort,
                                      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        heads.requireHead(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "-at", SORTS);
        Filter filter = new Filter().eq("missionId", missionId).eq("clientId", clientId).eq("username", username);
        if (from != null) {
            filter.where("at >= :%s", from);
        }
        if (to != null) {
            filter.where("at < :%s", to);
        }
        var found = AuditedRead.<AuditedRead>find(filter.query(order + ", id" + (order.endsWith("desc") ? " desc" : "")),
                filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), AuditedReadView::of);
    }
}
