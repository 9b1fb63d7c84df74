package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.eom.missions.domain.AccreditationStatus;
import org.eom.missions.domain.Affiliation;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionRole;
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
import java.util.Objects;
import java.util.UUID;

@Path("/api/v1/missions/{missionId}/delegates")
@Tag(name = "Delegates")
public class DelegateResource {

    private static final Map<String, String> SORTS = Map.of("fullName", "fullName", "-fullName", "fullName desc",
            "memberState", "memberState, fullName", "-memberState", "memberState desc, fullName",
            "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    public record DelegateRequest(
            UUID id,
            @NotBlank @Size(max = 300) String fullName,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as TR") String memberState,
            @NotNull Affiliation affiliation,
            @NotNull MissionRole missionRole,
            @Size(max = 100) String accreditationNumber,
            AccreditationStatus accreditationStatus,
            @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be a Keycloak user name") String username,
            @Email @Size(max = 300) String email,
            @Size(max = 50) String phone) {

        AccreditationStatus statusOrDefault() {
            return accreditationStatus == null ? AccreditationStatus.REQUESTED : accreditationStatus;
        }

        boolean sameAs(Delegate d) {
            return fullName.equals(d.fullName) && Objects.equals(memberState, d.memberState) && affiliation == d.affiliation
                    && missionRole == d.missionRole && Objects.equals(accreditationNumber, d.accreditationNumber)
                    && statusOrDefault() == d.accreditationStatus && Objects.equals(username, d.username)
                    && Objects.equals(email, d.email) && Objects.equals(phone, d.phone);
        }
    }

    /** email and phone are null unless the caller is mission staff (admin, head, deputy, coordinator) or the delegate. */
    public record DelegateView(UUID id, UUID missionId, String fullName, String memberState, Affiliation affiliation,
                               MissionRole missionRole, String accreditationNumber, AccreditationStatus accreditationStatus,
                               String username, String email, String phone, long version, OffsetDateTime updatedAt) {
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Accredit a delegate to the mission (admin, or its head/coordinators). A client-chosen id makes retries safe.")
    @APIResponse(responseCode = "201", description = "The delegate was accredited",
            content = @Content(schema = @Schema(implementation = DelegateView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = DelegateView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response create(@PathParam("missionId") UUID missionId, @Valid @NotNull DelegateRequest request) {
        Mission mission = access.requireManage(missionId);
        MissionResource.requireOpen(mission);
        if (request.id() != null) {
            Delegate existing = Delegate.findById(request.id());
            if (existing != null) {
                return Etags.replayOrConflict("Delegate", request.id(), existing.missionId.equals(missionId) && request.sameAs(existing),
                        () -> view(existing), existing.version);
            }
        }
        requireUniqueUsername(missionId, request.username(), null);
        Delegate d = new Delegate();
        d.id = request.id() != null ? request.id() : UUID.randomUUID();
        d.missionId = missionId;
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(request, d);
        d.persist();
        events.delegate(d);
        return Response.created(URI.create("/api/v1/missions/" + missionId + "/delegates/" + d.id))
                .entity(view(d)).tag(Etags.of(d.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "List the mission's delegates (admin or its delegates); filters: role, memberState, affiliation, "
            + "q (name contains); sort: fullName (default), memberState, updatedAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of delegates")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<DelegateView> list(@PathParam("missionId") UUID missionId, @QueryParam("role") MissionRole role,
                                   @QueryParam("memberState") String memberState, @QueryParam("affiliation") Affiliation affiliation,
                                   @QueryParam("q") String text, @QueryParam("sort") String sort,
                                   @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireRead(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "fullName", SORTS);
        Filter filter = new Filter().eq("missionId", missionId).eq("missionRole", role).eq("memberState", memberState)
                .eq("affiliation", affiliation);
        if (text != null) {
            filter.where("lower(fullName) like :%s", "%" + text.toLowerCase() + "%");
        }
        var found = Delegate.<Delegate>find(filter.query(order + ", id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), this::view);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "Read a delegate (admin or the mission's delegates); contact details for mission staff only")
    @APIResponse(responseCode = "200", description = "The delegate, with its ETag",
            content = @Content(schema = @Schema(implementation = DelegateView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        access.requireRead(missionId);
        Delegate d = find(missionId, id);
        return Etags.read(view(d), d.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Update a delegate (admin, or the mission's head/coordinators); needs If-Match")
    @APIResponse(responseCode = "200", description = "The updated delegate, with its new ETag",
            content = @Content(schema = @Schema(implementation = DelegateView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                           @HeaderParam("If-Match") String ifMatch, @Valid @NotNull DelegateRequest request) {
        MissionResource.requireOpen(access.requireManage(missionId));
        Delegate d = find(missionId, id);
        Etags.requireMatch(ifMatch, d.version);
        requireUniqueUsername(missionId, request.username(), id);
        boolean usernameChanged = !Objects.equals(d.username, request.username());
        apply(request, d);
        Delegate.flush();
        events.delegate(d);
        if (usernameChanged) {
            republishTeamsOf(d);
        }
        return Response.ok(view(d)).tag(Etags.of(d.version)).build();
    }

    /** Team events carry members' user names: a new version tells observations-service who is in the team now. */
    private void republishTeamsOf(Delegate d) {
        List<Team> teams = Team.list("select t from Team t join t.memberIds m where m = ?1", d.id);
        for (Team team : teams) {
            team.updatedAt = d.updatedAt; // a changed row gets a new version
            Team.flush();
            events.team(team);
        }
    }

    private DelegateView view(Delegate d) {
        boolean seesContacts = access.user().isAdmin()
                || access.membership(d.missionId).filter(m -> m.missionRole.manages() || m.id.equals(d.id)).isPresent();
        return new DelegateView(d.id, d.missionId, d.fullName, d.memberState, d.affiliation, d.missionRole,
                d.accreditationNumber, d.accreditationStatus, d.username,
                seesContacts ? d.email : null, seesContacts ? d.phone : null, d.version, d.updatedAt);
    }

    private static void requireUniqueUsername(UUID missionId, String username, UUID self) {
        if (username == null) {
            return;
        }
        Delegate other = Delegate.find("missionId = ?1 and username = ?2", missionId, username).firstResult();
        if (other != null && !other.id.equals(self)) {
            throw ProblemException.conflict("username-taken", "User " + username + " is already delegate " + other.id + " of this mission");
        }
    }

    private static Delegate find(UUID missionId, UUID id) {
        Delegate d = Delegate.findById(id);
        if (d == null || !d.missionId.equals(missionId)) {
            throw ProblemException.notFound("Delegate", id);
        }
        return d;
    }

    private static void apply(DelegateRequest request, Delegate d) {
        d.fullName = request.fullName();
        d.memberState = request.memberState();
        d.affiliation = request.affiliation();
        d.missionRole = request.missionRole();
        d.accreditationNumber = request.accreditationNumber();
        d.accreditationStatus = request.statusOrDefault();
        d.username = request.username();
        d.email = request.email();
        d.phone = request.phone();
        d.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
