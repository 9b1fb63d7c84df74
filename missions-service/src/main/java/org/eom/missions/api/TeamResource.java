package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import org.eom.missions.domain.Delegate;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Teams of delegates that visit polling stations together on election day. */
@Path("/api/v1/missions/{missionId}/teams")
@Tag(name = "Teams")
public class TeamResource {

    private static final Map<String, String> SORTS = Map.of("name", "name", "-name", "name desc",
            "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    public record TeamRequest(
            UUID id,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 20) List<@NotNull UUID> memberIds) {

        List<UUID> membersOrEmpty() {
            return memberIds == null ? List.of() : memberIds;
        }

        boolean sameAs(Team t) {
            return name.equals(t.name) && Set.copyOf(membersOrEmpty()).equals(t.memberIds);
        }
    }

    public record MemberView(UUID delegateId, String fullName, String username) {
    }

    public record TeamView(UUID id, UUID missionId, String name, List<MemberView> members, long version,
                           OffsetDateTime updatedAt) {
        static TeamView of(Team t) {
            List<Delegate> delegates = t.memberIds.isEmpty() ? List.of() : Delegate.list("id in ?1", t.memberIds);
            List<MemberView> members = delegates.stream()
                    .sorted(Comparator.comparing((Delegate d) -> d.fullName).thenComparing(d -> d.id))
                    .map(d -> new MemberView(d.id, d.fullName, d.username))
                    .toList();
            return new TeamView(t.id, t.missionId, t.name, members, t.version, t.updatedAt);
        }
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Form a team (admin, or the mission's head/coordinators). Members are delegates of this mission, "
            + "each in at most one team. A client-chosen id makes retries safe (same content: 200 replay; different: 409).")
    @APIResponse(responseCode = "201", description = "The team was formed",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    public Response create(@PathParam("missionId") UUID missionId, @Valid @NotNull TeamRequest request) {
        MissionResource.requireOpen(access.requireManage(missionId));
        if (request.id() != null) {
            Team existing = Team.findById(request.id());
            if (existing != null) {
                return Etags.replayOrConflict("Team", request.id(), existing.missionId.equals(missionId) && request.sameAs(existing),
                        () -> TeamView.of(existing), existing.version);
            }
        }
        Team t = new Team();
        t.id = request.id() != null ? request.id() : UUID.randomUUID();
        t.missionId = missionId;
        t.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(request, t);
        t.persist();
        events.team(t);
        return Response.created(URI.create("/api/v1/missions/" + missionId + "/teams/" + t.id))
                .entity(TeamView.of(t)).tag(Etags.of(t.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "List the mission's teams (admin, its head/coordinators/analysts; its observers see only their own team). "
            + "Filters: q (name contains), memberId (a delegate id); sort: name, updatedAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of teams")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<TeamView> list(@PathParam("missionId") UUID missionId, @QueryParam("q") String text,
                               @QueryParam("memberId") UUID memberId, @QueryParam("sort") String sort,
                               @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        TeamScope scope = access.requireReadPlan(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "name", SORTS);
        Filter filter = new Filter().eq("missionId", missionId);
        if (text != null) {
            filter.where("lower(name) like :%s", "%" + text.toLowerCase() + "%");
        }
        if (memberId != null) {
            filter.where(":%s member of memberIds", memberId);
        }
        if (!scope.wholePlan()) {
            filter.where("id in :%s", scope.ownTeamIds().isEmpty() ? Set.of(new UUID(0, 0)) : scope.ownTeamIds());
        }
        var found = Team.<Team>find(filter.query(order + ", id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), TeamView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "Read a team (admin, the mission's head/coordinators/analysts, or an observer of that team); "
            + "honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The team, with its ETag",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        TeamScope scope = access.requireReadPlan(missionId);
        Team t = find(missionId, id);
        if (!scope.covers(t.id)) {
            throw ProblemException.forbidden("Observers see only their own team");
        }
        return Etags.read(TeamView.of(t), t.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Rename a team or change its members (admin, or the mission's head/coordinators); needs If-Match")
    @APIResponse(responseCode = "200", description = "The updated team, with its new ETag",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                           @HeaderParam("If-Match") String ifMatch, @Valid @NotNull TeamRequest request) {
        MissionResource.requireOpen(access.requireManage(missionId));
        Team t = find(missionId, id);
        Etags.requireMatch(ifMatch, t.version);
        apply(request, t);
        Team.flush();
        events.team(t);
        return Response.ok(TeamView.of(t)).tag(Etags.of(t.version)).build();
    }

    static Team find(UUID missionId, UUID id) {
        Team t = Team.findById(id);
        if (t == null || !t.missionId.equals(missionId)) {
            throw ProblemException.notFound("Team", id);
        }
        return t;
    }

    private static void apply(TeamRequest request, Team t) {
        List<UUID> members = request.membersOrEmpty();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            UUID delegateId = members.get(i);
            if (!seen.add(delegateId)) {
                throw ProblemException.invalid("memberIds[" + i + "]", "delegate " + delegateId + " is listed twice");
            }
            if (Delegate.count("id = ?1 and missionId = ?2", delegateId, t.missionId) == 0) {
                throw ProblemException.unknownReference("memberIds[" + i + "]", "no delegate " + delegateId + " in this mission");
            }
        }
        // A delegate cannot be in two places on election day, so belongs to at most one team.
        if (!members.isEmpty()) {
            Team other = Team.find("select t from Team t join t.memberIds m where t.missionId = ?1 and t.id <> ?2 and m in ?3",
                    t.missionId, t.id, members).firstResult();
            if (other != null) {
                throw ProblemException.conflict("member-in-other-team",
                        "A member is already in team " + other.name + " (" + other.id + "); take them out of it first");
            }
        }
        Team sameName = Team.find("missionId = ?1 and name = ?2 and id <> ?3", t.missionId, request.name(), t.id).firstResult();
        if (sameName != null) {
            throw ProblemException.conflict("name-taken", "The mission already has a team named " + request.name());
        }
        t.name = request.name();
        t.memberIds.clear();
        t.memberIds.addAll(members);
        t.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
