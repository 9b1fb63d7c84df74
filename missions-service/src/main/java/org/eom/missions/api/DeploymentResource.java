package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.missions.access.MissionAccess.TeamScope;
import org.eom.missions.domain.Deployment;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.Phase;
import org.eom.missions.domain.PollingStation;
import org.eom.missions.domain.Team;
import org.eom.missions.events.MissionEvents;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The deployment plan: which team visits which polling station, in which phase and time window.
 * Reassigning a team during election day is an ordinary update.
 */
@Path("/api/v1/missions/{missionId}/deployments")
@Tag(name = "Deployments")
public class DeploymentResource {

    private static final Map<String, String> SORTS = Map.of("plannedStart", "plannedStart", "-plannedStart", "plannedStart desc",
            "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    public record DeploymentRequest(
            UUID id,
            @NotNull UUID teamId,
            @NotNull UUID stationId,
            @NotNull Phase phase,
            @NotNull OffsetDateTime plannedStart,
            @NotNull OffsetDateTime plannedEnd) {

        boolean sameAs(Deployment d) {
            return teamId.equals(d.teamId) && stationId.equals(d.stationId) && phase == d.phase
                    && plannedStart.toInstant().equals(d.plannedStart.toInstant())
                    && plannedEnd.toInstant().equals(d.plannedEnd.toInstant());
        }
    }

    /** The station's number, name and district come along so a coordinator's plan reads without more calls. */
    public record DeploymentView(UUID id, UUID missionId, UUID teamId, String teamName, UUID stationId, String stationNumber,
                                 String stationName, String district, Phase phase, OffsetDateTime plannedStart,
                                 OffsetDateTime plannedEnd, long version, OffsetDateTime updatedAt) {
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Plan a visit of a team to a polling station of the mission's election (admin, or the mission's "
            + "head/coordinators). A team cannot be in two places at once: overlapping windows of one team are a 409. "
            + "A client-chosen id makes retries safe (same content: 200 replay; different: 409).")
    @APIResponse(responseCode = "201", description = "The visit was planned",
            content = @Content(schema = @Schema(implementation = DeploymentView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = DeploymentView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    public Response create(@PathParam("missionId") UUID missionId, @Valid @NotNull DeploymentRequest request) {
        Mission mission = access.requireManage(missionId);
        MissionResource.requireOpen(mission);
        if (request.id() != null) {
            Deployment existing = Deployment.findById(request.id());
            if (existing != null) {
                return Etags.replayOrConflict("Deployment", request.id(), existing.missionId.equals(missionId) && request.sameAs(existing),
                        () -> view(existing), existing.version);
            }
        }
        Deployment d = new Deployment();
        d.id = request.id() != null ? request.id() : UUID.randomUUID();
        d.missionId = missionId;
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(mission, request, d);
        d.persist();
        events.deployment(d);
        return Response.created(URI.create("/api/v1/missions/" + missionId + "/deployments/" + d.id))
                .entity(view(d)).tag(Etags.of(d.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "List the deployment plan (admin, the mission's head/coordinators/analysts; its observers see only "
            + "their own team's visits). Filters: teamId, stationId, phase, district; sort: plannedStart (default), updatedAt "
            + "(prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of planned visits")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<DeploymentView> list(@PathParam("missionId") UUID missionId, @QueryParam("teamId") UUID teamId,
                                     @QueryParam("stationId") UUID stationId, @QueryParam("phase") Phase phase,
                                     @QueryParam("district") String district, @QueryParam("sort") String sort,
                                     @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        TeamScope scope = access.requireReadPlan(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "plannedStart", SORTS);
        Filter filter = new Filter().eq("missionId", missionId).eq("teamId", teamId).eq("stationId", stationId).eq("phase", phase);
        if (district != null) {
            filter.where("stationId in (select s.id from PollingStation s where s.district = :%s)", district);
        }
        if (!scope.wholePlan()) {
            filter.where("teamId in :%s", scope.ownTeamIds().isEmpty() ? Set.of(new UUID(0, 0)) : scope.ownTeamIds());
        }
        var found = Deployment.<Deployment>find(filter.query(order + ", id"), filter.parameters());
        List<Deployment> deployments = found.page(request.panache()).list();
        return Page.of(deployments, request, found.count(), viewer(deployments));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "Read a planned visit (admin, the mission's head/coordinators/analysts, or an observer of its team); "
            + "honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The planned visit, with its ETag",
            content = @Content(schema = @Schema(implementation = DeploymentView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        TeamScope scope = access.requireReadPlan(missionId);
        Deployment d = find(missionId, id);
        if (!scope.covers(d.teamId)) {
            throw ProblemException.forbidden("Observers see only their own team's visits");
        }
        return Etags.read(view(d), d.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Change a planned visit, e.g. reassign it to another team or station during election day (admin, or "
            + "the mission's head/coordinators); needs If-Match, so two coordinators cannot overwrite each other")
    @APIResponse(responseCode = "200", description = "The changed visit, with its new ETag",
            content = @Content(schema = @Schema(implementation = DeploymentView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                           @HeaderParam("If-Match") String ifMatch, @Valid @NotNull DeploymentRequest request) {
        Mission mission = access.requireManage(missionId);
        MissionResource.requireOpen(mission);
        Deployment d = find(missionId, id);
        Etags.requireMatch(ifMatch, d.version);
        apply(mission, request, d);
        Deployment.flush();
        events.deployment(d);
        return Response.ok(view(d)).tag(Etags.of(d.version)).build();
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Take a visit out of the plan (admin, or the mission's head/coordinators); needs If-Match")
    @APIResponse(responseCode = "204", description = "The visit is no longer planned")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response delete(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                           @HeaderParam("If-Match") String ifMatch) {
        MissionResource.requireOpen(access.requireManage(missionId));
        Deployment d = find(missionId, id);
        Etags.requireMatch(ifMatch, d.version);
        d.delete();
        events.deploymentRemoved(d);
        return Response.noContent().build();
    }

    private static Deployment find(UUID missionId, UUID id) {
        Deployment d = Deployment.findById(id);
        if (d == null || !d.missionId.equals(missionId)) {
            throw ProblemException.notFound("Deployment", id);
        }
        return d;
    }

    private static void apply(Mission mission, DeploymentRequest request, Deployment d) {
        if (!request.plannedEnd().isAfter(request.plannedStart())) {
            throw ProblemException.invalid("plannedEnd", "must be after plannedStart");
        }
        // Locking the team row serialises planning for it, so concurrent requests cannot double-book it.
        Team team = Team.<Team>find("id = ?1 and missionId = ?2", request.teamId(), mission.id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (team == null) {
            throw ProblemException.unknownReference("teamId", "no team " + request.teamId() + " in this mission");
        }
        if (PollingStation.count("id = ?1 and electionId = ?2", request.stationId(), mission.electionId) == 0) {
            throw ProblemException.unknownReference("stationId", "no polling station " + request.stationId() + " in this mission's election");
        }
        Deployment overlapping = Deployment.find("teamId = ?1 and id <> ?2 and plannedStart < ?3 and plannedEnd > ?4",
                request.teamId(), d.id, request.plannedEnd(), request.plannedStart()).firstResult();
        if (overlapping != null) {
            throw ProblemException.conflict("team-busy", "The team is planned elsewhere from " + overlapping.plannedStart
                    + " to " + overlapping.plannedEnd + " (deployment " + overlapping.id + ")");
        }
        d.teamId = request.teamId();
        d.stationId = request.stationId();
        d.phase = request.phase();
        d.plannedStart = request.plannedStart();
        d.plannedEnd = request.plannedEnd();
        d.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static DeploymentView view(Deployment d) {
        return viewer(List.of(d)).apply(d);
    }

    /** Looks the page's teams and stations up in two queries rather than two per row. */
    static Function<Deployment, DeploymentView> viewer(List<Deployment> deployments) {
        Set<UUID> teamIds = deployments.stream().map(d -> d.teamId).collect(Collectors.toSet());
        Set<UUID> stationIds = deployments.stream().map(d -> d.stationId).collect(Collectors.toSet());
        Map<UUID, Team> teams = teamIds.isEmpty() ? Map.of()
                : Team.<Team>list("id in ?1", teamIds).stream().collect(Collectors.toMap(t -> t.id, t -> t));
        Map<UUID, PollingStation> stations = stationIds.isEmpty() ? Map.of()
                : PollingStation.<PollingStation>list("id in ?1", stationIds).stream().collect(Collectors.toMap(s -> s.id, s -> s));
        return d -> {
            Team team = teams.get(d.teamId);
            PollingStation station = stations.get(d.stationId);
            return new DeploymentView(d.id, d.missionId, d.teamId, team.name, d.stationId, station.number, station.name,
                    station.district, d.phase, d.plannedStart, d.plannedEnd, d.version, d.updatedAt);
        };
    }
}
