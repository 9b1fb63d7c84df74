package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionPartner;
import org.eom.missions.events.MissionEvents;
import org.eom.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Partner systems (Keycloak client ids) authorised for a mission. Changes are published with the mission. */
@Path("/api/v1/missions/{missionId}/partners")
@Tag(name = "Partners")
public class PartnerResource {

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
    @Operation(summary = "List the partner systems authorised for the mission (admin, head, coordinators, analysts of it)")
    public List<PartnerView> list(@PathParam("missionId") UUID missionId) {
        access.requireRead(missionId);
        return MissionPartner.<MissionPartner>list("missionId = ?1 order by clientId", missionId).stream().map(PartnerView::of).toList();
    }

    @PUT
    @Path("/{clientId}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Authorise a partner client for the mission (admin, or its head/coordinators); idempotent")
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
