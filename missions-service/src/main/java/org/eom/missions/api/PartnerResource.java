package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionPartner;
import org.eom.missions.events.MissionEvents;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Partner systems (Keycloak client ids) authorised for a mission. Changes are published with the mission. */
@Path("/api/v1/missions/{missionId}/partners")
@Tag(name = "Partners")
public class PartnerResource {

    private static final Map<String, String> SORTS = Map.of("clientId", "clientId", "-clientId", "clientId desc",
            "name", "name", "-name", "name desc", "authorisedAt", "createdAt", "-authorisedAt", "createdAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    public record PartnerRequest(@NotBlank @Size(max = 300) String name) {
    }

    public record PartnerView(String clientId, String name, OffsetDateTime authorisedAt) {
        static PartnerView of(MissionPartner p) {
            return new PartnerView(p.clientId, p.name, p.createdAt);
        }
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST})
    @Operation(summary = "List the partner systems authorised for the mission (admin, head, coordinators, analysts of it); "
            + "sort: clientId (default), name, authorisedAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of authorised partners")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<PartnerView> list(@PathParam("missionId") UUID missionId, @QueryParam("sort") String sort,
                                  @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireRead(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "clientId", SORTS);
        Filter filter = new Filter().eq("missionId", missionId);
        var found = MissionPartner.<MissionPartner>find(filter.query(order + ", clientId"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), PartnerView::of);
    }

    @PUT
    @Path("/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON) // else a text/plain body becomes the name: the request has one String field
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Authorise a partner client for the mission (admin, or its head/coordinators); idempotent")
    @APIResponse(responseCode = "201", description = "The partner is now authorised",
            content = @Content(schema = @Schema(implementation = PartnerView.class)))
    @APIResponse(responseCode = "200", description = "The partner was authorised already (its name may have changed)",
            content = @Content(schema = @Schema(implementation = PartnerView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response authorise(@PathParam("missionId") UUID missionId,
                              @PathParam("clientId") @Size(max = 200) @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._-]+") String clientId,
                              @Valid @NotNull PartnerRequest request) {
        Mission mission = access.requireManage(missionId);
        MissionResource.requireOpen(mission);
        MissionPartner partner = MissionPartner.find("missionId = ?1 and clientId = ?2", missionId, clientId).firstResult();
        boolean created = partner == null;
        if (created) {
            partner = new MissionPartner();
            partner.missionId = missionId;
            partner.clientId = clientId;
            partner.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        } else if (partner.name.equals(request.name())) {
            return Response.ok(PartnerView.of(partner)).build();
        }
        partner.name = request.name();
        partner.persist();
        touch(mission);
        return Response.status(created ? 201 : 200).entity(PartnerView.of(partner)).build();
    }

    @DELETE
    @Path("/{clientId}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Withdraw a partner's authorisation (admin, or the mission's head/coordinators)")
    @APIResponse(responseCode = "204", description = "The partner is no longer authorised")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response revoke(@PathParam("missionId") UUID missionId, @PathParam("clientId") String clientId) {
        Mission mission = access.requireManage(missionId);
        if (MissionPartner.delete("missionId = ?1 and clientId = ?2", missionId, clientId) == 0) {
            throw ProblemException.notFound("Partner", clientId);
        }
        touch(mission);
        return Response.noContent().build();
    }

    /** The partner list travels in the mission event, so a change is a new mission version. */
    private void touch(Mission mission) {
        MissionPartner.flush();
        mission.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Mission.getEntityManager().lock(mission, jakarta.persistence.LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        Mission.flush();
        events.mission(mission);
    }
}
