package org.eom.observations.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.Actor;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.access.ReadScope;
import org.eom.observations.domain.FollowUpStatus;
import org.eom.observations.domain.Incident;
import org.eom.observations.domain.Severity;
import org.eom.observations.incidents.IncidentRequest;
import org.eom.observations.incidents.IncidentService;
import org.eom.observations.incidents.IncidentView;
import org.eom.observations.missions.Mission;
import org.eom.platform.http.Etags;
import org.eom.platform.problem.Problem;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.problem.ProblemMappers;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/missions/{missionId}/incidents")
@Tag(name = "Incidents")
public class IncidentResource {

    @Inject
    MissionAccess access;

    @Inject
    IncidentService service;

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.PARTNER})
    @Operation(summary = "Report an incident with a client-generated id (observers who are delegates of the mission, partners it "
            + "lists, admin). The same id with the same content again is a replay (200); with different content a 409 "
            + "naming the update operation.")
    public Response report(@PathParam("missionId") UUID missionId, @Valid @NotNull IncidentRequest request, @Context UriInfo uri) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireSubmit(mission);
        IncidentService.Result result = service.report(mission, actor, request);
        Incident i = result.incident();
        return switch (result.outcome()) {
            case CREATED -> Response.created(URI.create(path(missionId, i.id))).entity(IncidentView.of(i)).tag(Etags.of(i.version)).build();
            case CONFLICT -> Response.fromResponse(ProblemMappers.respond(Problem.of(409, "id-conflict", "Conflict",
                            "Incident " + i.id + " exists with different content. To change it, update it: PUT "
                                    + path(missionId, i.id) + " with If-Match set to its current ETag.", null), uri))
                    .header("Link", "<" + path(missionId, i.id) + ">; rel=\"edit\"").build();
            default -> Response.ok(IncidentView.of(i)).tag(Etags.of(i.version)).build();
        };
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "List the mission's incidents, latest first, in cursor pages (its delegates and admin; a partner what it "
            + "reported). Filters: severity, category, followUpStatus, stationId, from/to (time it occurred).")
    public CursorPage<IncidentView> list(@PathParam("missionId") UUID missionId, @QueryParam("severity") String severity,
                                         @QueryParam("category") String category, @QueryParam("followUpStatus") String followUpStatus,
                                         @QueryParam("stationId") String stationId, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                                         @QueryParam("size") Integer size) {
        Mission mission = access.mission(missionId);
        ReadScope scope = access.requireRead(mission);
        int limit = CursorPage.size(size);
        Conditions where = new Conditions()
                .and("missionId = ?", missionId)
                .and("partnerClientId = ?", scope.partnerClientId())
                .and("severity = ?", Params.enumValue("severity", severity, Severity.class))
                .and("category = ?", category)
                .and("followUpStatus = ?", Params.enumValue("followUpStatus", followUpStatus, FollowUpStatus.class))
                .and("stationId = ?", Params.uuid("stationId", stationId))
                .and("occurredAt >= ?", Params.time("from", from))
                .and("occurredAt < ?", Params.time("to", to));
        CursorPage.Position after = CursorPage.Position.decode(cursor);
        if (after != null) {
            OffsetDateTime at = OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC);
            where.and("(occurredAt < ? or (occurredAt = ? and id < ?))", at, at, after.id());
        }
        List<Incident> rows = Incident.<Incident>find(where.where() + " order by occurredAt desc, id desc", where.values())
                .range(0, limit).list();
        boolean more = rows.size() > limit;
        List<Incident> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new CursorPage.Position(page.get(limit - 1).occurredAt.toInstant(), page.get(limit - 1).id).encode() : null;
        return new CursorPage<>(page.stream().map(IncidentView::of).toList(), next);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "Read an incident (same readers as the list); ETag is its version")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Mission mission = access.mission(missionId);
        Incident i = find(mission, id, access.requireRead(mission));
        return Etags.read(IncidentView.of(i), i.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "Update an incident, e.g. its follow-up status; needs If-Match (whoever reported it, the mission's analysts, "
            + "coordinators and heads, admin)")
    public Response update(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull IncidentRequest request) {
        Mission mission = access.mission(missionId);
        Incident i = find(mission, id, access.requireRead(mission));
        access.requireIncidentChange(mission, i.reportedBy);
        Incident updated = service.update(mission, i, ifMatch, request).incident();
        return Response.ok(IncidentView.of(updated)).tag(Etags.of(updated.version)).build();
    }

    private static String path(UUID missionId, UUID id) {
        return "/api/v1/missions/" + missionId + "/incidents/" + id;
    }

    private static Incident find(Mission mission, UUID id, ReadScope scope) {
        Incident i = Incident.findById(id);
        if (i == null || !i.missionId.equals(mission.id)) {
            throw ProblemException.notFound("Incident", id);
        }
        if (!scope.allows(i.partnerClientId)) {
            throw ProblemException.forbidden("Partners read only the incidents their client reported");
        }
        return i;
    }
}
