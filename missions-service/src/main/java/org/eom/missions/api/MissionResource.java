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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.missions.domain.AccreditationStatus;
import org.eom.missions.domain.Affiliation;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Election;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionRole;
import org.eom.missions.domain.MissionStatus;
import org.eom.missions.events.MissionEvents;
import org.eom.platform.audit.ReadAudit;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

@Path("/api/v1/missions")
@Tag(name = "Missions")
public class MissionResource {

    private static final Map<String, String> SORTS = Map.of(
            "name", "name", "-name", "name desc", "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc",
            "createdAt", "createdAt", "-createdAt", "createdAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    @Inject
    JsonWebToken token;

    @Inject
    ReadAudit readAudit;

    public record MissionRequest(
            UUID id,
            @NotNull UUID electionId,
            @NotBlank @Size(max = 200) String organisation,
            @NotBlank @Size(max = 500) String name,
            @Size(max = 20000) String mandate,
            LocalDate deploymentStart,
            LocalDate deploymentEnd,
            OffsetDateTime observationStart,
            OffsetDateTime observationEnd,
            @Size(max = 200) List<@NotBlank @Size(max = 200) String> areas,
            Boolean isPublic,
            @Size(max = 20000) String internalNotes) {

        List<String> areasOrEmpty() {
            return areas == null ? List.of() : areas;
        }

        boolean sameAs(Mission m) {
            return electionId.equals(m.electionId) && organisation.equals(m.organisation) && name.equals(m.name)
                    && Objects.equals(mandate, m.mandate) && Objects.equals(deploymentStart, m.deploymentStart)
                    && Objects.equals(deploymentEnd, m.deploymentEnd)
                    && sameInstant(observationStart, m.observationStart) && sameInstant(observationEnd, m.observationEnd)
                    && areasOrEmpty().equals(m.areas) && Boolean.TRUE.equals(isPublic) == m.isPublic
                    && Objects.equals(internalNotes, m.internalNotes);
        }

        private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
            return a == null ? b == null : b != null && a.toInstant().equals(b.toInstant());
        }
    }

    public record StatusChange(@NotNull MissionStatus status) {
    }

    public record MissionView(UUID id, UUID electionId, String organisation, String name, String mandate,
                              LocalDate deploymentStart, LocalDate deploymentEnd, OffsetDateTime observationStart,
                              OffsetDateTime observationEnd, List<String> areas, MissionStatus status,
                              List<MissionStatus> allowedTransitions, boolean isPublic, String internalNotes,
                              long version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static MissionView of(Mission m) {
            return new MissionView(m.id, m.electionId, m.organisation, m.name, m.mandate, m.deploymentStart,
                    m.deploymentEnd, m.observationStart, m.observationEnd, m.areas, m.status,
                    m.status.next().stream().sorted().toList(), m.isPublic, m.internalNotes, m.version,
                    m.createdAt, m.updatedAt);
        }
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.COORDINATOR})
    @Operation(summary = "Create a mission (admin or coordinator). A coordinator who creates one becomes its first coordinator delegate. "
            + "A client-chosen id makes retries safe (same content: 200 replay; different: 409).")
    @APIResponse(responseCode = "201", description = "The mission was created",
            content = @Content(schema = @Schema(implementation = MissionView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = MissionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    public Response create(@Valid @NotNull MissionRequest request) {
        if (request.id() != null) {
            Mission existing = Mission.findById(request.id());
            if (existing != null) {
                if (!request.sameAs(existing)) {
                    throw ProblemException.conflict("id-conflict", "Mission " + request.id() + " exists with different content; update it with PUT");
                }
                access.requireRead(existing.id);
                return Response.ok(MissionView.of(existing)).tag(Etags.of(existing.version)).build();
            }
        }
        if (Election.findById(request.electionId()) == null) {
            throw ProblemException.unknownReference("electionId", "no election " + request.electionId());
        }
        Mission m = new Mission();
        m.id = request.id() != null ? request.id() : UUID.randomUUID();
        m.status = MissionStatus.PLANNED;
        m.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(request, m);
        m.persist();
        events.mission(m);
        if (!access.user().isAdmin()) {
            enrolCreatorAsCoordinator(m);
        }
        return Response.created(URI.create("/api/v1/missions/" + m.id)).entity(MissionView.of(m)).tag(Etags.of(m.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST, Roles.PARTNER})
    @Operation(summary = "List the missions the caller may see (admin: all; delegates: theirs; partners: those listing them). "
            + "Filters: status, electionId, organisation; sort: name, updatedAt, createdAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of missions")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Page<MissionView> list(@QueryParam("status") MissionStatus status, @QueryParam("electionId") UUID electionId,
                                  @QueryParam("organisation") String organisation, @QueryParam("sort") String sort,
                                  @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "-createdAt", SORTS);
        Filter filter = new Filter().eq("status", status).eq("electionId", electionId).eq("organisation", organisation);
        if (!access.user().isAdmin()) {
            List<UUID> visible = access.visibleMissionIds();
            filter.where("id in :%s", visible.isEmpty() ? List.of(new UUID(0, 0)) : visible);
        }
        var found = Mission.<Mission>find(filter.query(order + ", id"), filter.parameters());
        List<Mission> missions = found.page(request.panache()).list();
        readAudit.concerns(missions.stream().map(m -> m.id).toList());
        return Page.of(missions, request, found.count(), this::view);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST})
    @Operation(summary = "Read a mission (admin, or a delegate of it); honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The mission, with its ETag",
            content = @Content(schema = @Schema(implementation = MissionView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Mission m = access.requireRead(id);
        return Etags.read(view(m), m.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Update a mission (admin, or its head/coordinators); needs If-Match. The election cannot change.")
    @APIResponse(responseCode = "200", description = "The updated mission, with its new ETag",
            content = @Content(schema = @Schema(implementation = MissionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull MissionRequest request) {
        Mission m = access.requireManage(id);
        Etags.requireMatch(ifMatch, m.version);
        requireOpen(m);
        if (!request.electionId().equals(m.electionId)) {
            throw ProblemException.invalid("electionId", "a mission cannot move to another election");
        }
        apply(request, m);
        Mission.flush();
        events.mission(m);
        return Response.ok(MissionView.of(m)).tag(Etags.of(m.version)).build();
    }

    @POST
    @Path("/{id}/status")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Move a mission along its lifecycle (planned, deployed, observing, reporting, closed) (admin, or its "
            + "head/coordinators); needs If-Match. Invalid transitions are 409.")
    @APIResponse(responseCode = "200", description = "The mission in its new status, with its new ETag",
            content = @Content(schema = @Schema(implementation = MissionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response changeStatus(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                                 @Valid @NotNull StatusChange change) {
        Mission m = access.requireManage(id);
        Etags.requireMatch(ifMatch, m.version);
        if (!m.status.canMoveTo(change.status())) {
            throw ProblemException.conflict("invalid-transition",
                    "A " + m.status + " mission cannot become " + change.status() + "; allowed: " + m.status.next());
        }
        m.status = change.status();
        m.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Mission.flush();
        events.mission(m);
        return Response.ok(MissionView.of(m)).tag(Etags.of(m.version)).build();
    }

    /** Closed missions take no new data. */
    public static void requireOpen(Mission m) {
        if (m.status == MissionStatus.CLOSED) {
            throw ProblemException.conflict("mission-closed", "Mission " + m.id + " is closed and takes no new data");
        }
    }

    /** Internal notes are for mission managers only. */
    private MissionView view(Mission m) {
        MissionView v = MissionView.of(m);
        boolean manager = access.user().isAdmin() || access.membership(m.id).filter(d -> d.missionRole.manages()).isPresent();
        if (manager) {
            return v;
        }
        return new MissionView(v.id(), v.electionId(), v.organisation(), v.name(), v.mandate(), v.deploymentStart(),
                v.deploymentEnd(), v.observationStart(), v.observationEnd(), v.areas(), v.status(), v.allowedTransitions(),
                v.isPublic(), null, v.version(), v.createdAt(), v.updatedAt());
    }

    private void enrolCreatorAsCoordinator(Mission m) {
        Delegate d = new Delegate();
        d.id = UUID.randomUUID();
        d.missionId = m.id;
        d.username = access.user().username();
        String fullName = token.getClaim("name");
        d.fullName = fullName != null ? fullName : d.username;
        d.email = token.getClaim("email");
        d.affiliation = Affiliation.OTHER;
        d.missionRole = MissionRole.COORDINATOR;
        d.accreditationStatus = AccreditationStatus.ACCREDITED;
        d.createdAt = m.createdAt;
        d.updatedAt = m.createdAt;
        d.persist();
        events.delegate(d);
    }

    private static void apply(MissionRequest request, Mission m) {
        if (request.deploymentStart() != null && request.deploymentEnd() != null
                && request.deploymentEnd().isBefore(request.deploymentStart())) {
            throw ProblemException.invalid("deploymentEnd", "must not be before deploymentStart");
        }
        if (request.observationStart() != null && request.observationEnd() != null
                && !request.observationEnd().isAfter(request.observationStart())) {
            throw ProblemException.invalid("observationEnd", "must be after observationStart");
        }
        m.electionId = request.electionId();
        m.organisation = request.organisation();
        m.name = request.name();
        m.mandate = request.mandate();
        m.deploymentStart = request.deploymentStart();
        m.deploymentEnd = request.deploymentEnd();
        m.observationStart = request.observationStart();
        m.observationEnd = request.observationEnd();
        m.areas = new ArrayList<>(request.areasOrEmpty());
        m.isPublic = Boolean.TRUE.equals(request.isPublic());
        m.internalNotes = request.internalNotes();
        m.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
