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
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Meeting;
import org.eom.missions.domain.Meeting.CounterpartKind;
import org.eom.missions.events.MissionEvents;
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

/** Stakeholder meetings: the pre-election contacts a statement reports. */
@Path("/api/v1/missions/{missionId}/meetings")
@Tag(name = "Meetings")
public class MeetingResource {

    private static final Map<String, String> SORTS = Map.of("meetingDate", "meetingDate, counterpart",
            "-meetingDate", "meetingDate desc, counterpart", "counterpart", "counterpart, meetingDate",
            "-counterpart", "counterpart desc, meetingDate", "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc");

    @Inject
    MissionAccess access;

    @Inject
    MissionEvents events;

    public record MeetingRequest(
            UUID id,
            @NotNull LocalDate meetingDate,
            @NotBlank @Size(max = 300) String counterpart,
            @NotNull CounterpartKind counterpartKind,
            @Size(max = 300) String counterpartPerson,
            @Size(max = 100) List<@NotNull UUID> attendeeIds,
            @Size(max = 50) List<@NotBlank @Size(max = 300) String> topics,
            @Size(max = 20000) String notes) {

        List<UUID> attendeesOrEmpty() {
            return attendeeIds == null ? List.of() : attendeeIds;
        }

        List<String> topicsOrEmpty() {
            return topics == null ? List.of() : topics;
        }

        boolean sameAs(Meeting m) {
            return meetingDate.equals(m.meetingDate) && counterpart.equals(m.counterpart) && counterpartKind == m.counterpartKind
                    && Objects.equals(counterpartPerson, m.counterpartPerson) && attendeesOrEmpty().equals(m.attendeeIds)
                    && topicsOrEmpty().equals(m.topics) && Objects.equals(notes, m.notes);
        }
    }

    public record MeetingView(UUID id, UUID missionId, LocalDate meetingDate, String counterpart, CounterpartKind counterpartKind,
                              String counterpartPerson, List<UUID> attendeeIds, List<String> topics, String notes,
                              long version, OffsetDateTime updatedAt) {
        static MeetingView of(Meeting m) {
            return new MeetingView(m.id, m.missionId, m.meetingDate, m.counterpart, m.counterpartKind, m.counterpartPerson,
                    m.attendeeIds, m.topics, m.notes, m.version, m.updatedAt);
        }
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Record a meeting (admin, or the mission's head/coordinators). A client-chosen id makes retries safe.")
    @APIResponse(responseCode = "201", description = "The meeting was recorded",
            content = @Content(schema = @Schema(implementation = MeetingView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = MeetingView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    public Response create(@PathParam("missionId") UUID missionId, @Valid @NotNull MeetingRequest request) {
        MissionResource.requireOpen(access.requireManage(missionId));
        if (request.id() != null) {
            Meeting existing = Meeting.findById(request.id());
            if (existing != null) {
                return Etags.replayOrConflict("Meeting", request.id(), existing.missionId.equals(missionId) && request.sameAs(existing),
                        () -> MeetingView.of(existing), existing.version);
            }
        }
        Meeting m = new Meeting();
        m.id = request.id() != null ? request.id() : UUID.randomUUID();
        m.missionId = missionId;
        m.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(missionId, request, m);
        m.persist();
        events.meeting(m);
        return Response.created(URI.create("/api/v1/missions/" + missionId + "/meetings/" + m.id))
                .entity(MeetingView.of(m)).tag(Etags.of(m.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST, Roles.OBSERVER})
    @Operation(summary = "List the mission's meetings (admin or its delegates); filters: counterpartKind, from, to (dates); "
            + "sort: meetingDate (default), counterpart, updatedAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of meetings")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<MeetingView> list(@PathParam("missionId") UUID missionId, @QueryParam("counterpartKind") CounterpartKind kind,
                                  @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                  @QueryParam("sort") String sort, @QueryParam("page") Integer page,
                                  @QueryParam("size") Integer size) {
        access.requireRead(missionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "meetingDate", SORTS);
        Filter filter = new Filter().eq("missionId", missionId).eq("counterpartKind", kind);
        if (from != null) {
            filter.where("meetingDate >= :%s", from);
        }
        if (to != null) {
            filter.where("meetingDate <= :%s", to);
        }
        var found = Meeting.<Meeting>find(filter.query(order + ", id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), MeetingView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST, Roles.OBSERVER})
    @Operation(summary = "Read a meeting (admin or the mission's delegates)")
    @APIResponse(responseCode = "200", description = "The meeting, with its ETag",
            content = @Content(schema = @Schema(implementation = MeetingView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        access.requireRead(missionId);
        Meeting m = find(missionId, id);
        return Etags.read(MeetingView.of(m), m.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Update a meeting (admin, or the mission's head/coordinators); needs If-Match")
    @APIResponse(responseCode = "200", description = "The updated meeting, with its new ETag",
            content = @Content(schema = @Schema(implementation = MeetingView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "UnknownReference")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                           @HeaderParam("If-Match") String ifMatch, @Valid @NotNull MeetingRequest request) {
        MissionResource.requireOpen(access.requireManage(missionId));
        Meeting m = find(missionId, id);
        Etags.requireMatch(ifMatch, m.version);
        apply(missionId, request, m);
        Meeting.flush();
        events.meeting(m);
        return Response.ok(MeetingView.of(m)).tag(Etags.of(m.version)).build();
    }

    private static Meeting find(UUID missionId, UUID id) {
        Meeting m = Meeting.findById(id);
        if (m == null || !m.missionId.equals(missionId)) {
            throw ProblemException.notFound("Meeting", id);
        }
        return m;
    }

    private static void apply(UUID missionId, MeetingRequest request, Meeting m) {
        List<UUID> attendees = request.attendeesOrEmpty();
        for (int i = 0; i < attendees.size(); i++) {
            if (Delegate.count("id = ?1 and missionId = ?2", attendees.get(i), missionId) == 0) {
                throw ProblemException.unknownReference("attendeeIds[" + i + "]", "no delegate " + attendees.get(i) + " in this mission");
            }
        }
        m.meetingDate = request.meetingDate();
        m.counterpart = request.counterpart();
        m.counterpartKind = request.counterpartKind();
        m.counterpartPerson = request.counterpartPerson();
        m.attendeeIds = new ArrayList<>(attendees);
        m.topics = new ArrayList<>(request.topicsOrEmpty());
        m.notes = request.notes();
        m.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
