package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.api.ElectionResource.ElectionView;
import org.eom.missions.domain.AccreditationStatus;
import org.eom.missions.domain.Affiliation;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Election;
import org.eom.missions.domain.Meeting.CounterpartKind;
import org.eom.missions.domain.Meeting;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionRole;
import org.eom.missions.domain.MissionStatus;
import org.eom.platform.audit.ReadAudit;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The read-only API for member-state CECs: what a mission has made public, never delegates'
 * contact data, user names or accreditation numbers, internal notes or meeting notes. Lists
 * are ordered by last change, so a CEC syncs incrementally with updatedSince.
 */
@Path("/api/v1/public/missions")
@Tag(name = "Public (CEC)")
@RolesAllowed({Roles.ADMIN, Roles.CEC})
public class PublicResource {

    private static final String SYNC_ORDER = "updatedAt, id";

    @Inject
    ReadAudit audit;

    public record PublicMission(UUID id, String organisation, String name, String mandate, ElectionView election,
                                LocalDate deploymentStart, LocalDate deploymentEnd, OffsetDateTime observationStart,
                                OffsetDateTime observationEnd, List<String> areas, MissionStatus status, long version,
                                OffsetDateTime updatedAt) {
        static PublicMission of(Mission m, Election e) {
            return new PublicMission(m.id, m.organisation, m.name, m.mandate, ElectionView.of(e), m.deploymentStart,
                    m.deploymentEnd, m.observationStart, m.observationEnd, m.areas, m.status, m.version, m.updatedAt);
        }
    }

    public record PublicDelegate(UUID id, String fullName, String memberState, Affiliation affiliation, MissionRole missionRole,
                                 OffsetDateTime updatedAt) {
        static PublicDelegate of(Delegate d) {
            return new PublicDelegate(d.id, d.fullName, d.memberState, d.affiliation, d.missionRole, d.updatedAt);
        }
    }

    public record PublicMeeting(UUID id, LocalDate meetingDate, String counterpart, CounterpartKind counterpartKind,
                                String counterpartPerson, List<String> topics, OffsetDateTime updatedAt) {
        static PublicMeeting of(Meeting m) {
            return new PublicMeeting(m.id, m.meetingDate, m.counterpart, m.counterpartKind, m.counterpartPerson, m.topics,
                    m.updatedAt);
        }
    }

    @GET
    @Operation(summary = "List the public missions, least recently changed first (cec, admin). Filters: country (of the "
            + "election), status, updatedSince (ISO instant: only missions changed at or after it, for incremental sync)")
    @APIResponse(responseCode = "200", description = "One page of public missions")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Page<PublicMission> list(@QueryParam("country") String country, @QueryParam("status") MissionStatus status,
                                    @QueryParam("updatedSince") String updatedSince, @QueryParam("page") Integer page,
                                    @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("isPublic", true).eq("status", status);
        since(filter, updatedSince);
        if (country != null) {
            filter.where("electionId in (select e.id from Election e where e.country = :%s)", country);
        }
        var found = Mission.<Mission>find(filter.query(SYNC_ORDER), filter.parameters());
        List<Mission> missions = found.page(request.panache()).list();
        audit.concerns(missions.stream().map(m -> m.id).toList());
        Set<UUID> electionIds = missions.stream().map(m -> m.electionId).collect(Collectors.toSet());
        Map<UUID, Election> elections = electionIds.isEmpty() ? Map.of()
                : Election.<Election>list("id in ?1", electionIds).stream().collect(Collectors.toMap(e -> e.id, e -> e));
        return Page.of(missions, request, found.count(), m -> PublicMission.of(m, elections.get(m.electionId)));
    }

    @GET
    @Path("/{missionId}")
    @Operation(summary = "Read a public mission with its election (cec, admin); honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The public mission, with its ETag",
            content = @Content(schema = @Schema(implementation = PublicMission.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("missionId") UUID missionId, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Mission m = requirePublic(missionId);
        return Etags.read(PublicMission.of(m, Election.findById(m.electionId)), m.version, ifNoneMatch);
    }

    @GET
    @Path("/{missionId}/delegates")
    @Operation(summary = "List a public mission's accredited delegates: name, member state, affiliation and mission role only "
            + "(cec, admin), least recently changed first. Filters: memberState, updatedSince (ISO instant)")
    @APIResponse(responseCode = "200", description = "One page of delegates")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<PublicDelegate> delegates(@PathParam("missionId") UUID missionId, @QueryParam("memberState") String memberState,
                                          @QueryParam("updatedSince") String updatedSince, @QueryParam("page") Integer page,
                                          @QueryParam("size") Integer size) {
        requirePublic(missionId);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("missionId", missionId).eq("accreditationStatus", AccreditationStatus.ACCREDITED)
                .eq("memberState", memberState);
        since(filter, updatedSince);
        var found = Delegate.<Delegate>find(filter.query(SYNC_ORDER), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), PublicDelegate::of);
    }

    @GET
    @Path("/{missionId}/meetings")
    @Operation(summary = "List a public mission's stakeholder meetings without the mission's notes (cec, admin), least "
            + "recently changed first. Filters: counterpartKind, updatedSince (ISO instant)")
    @APIResponse(responseCode = "200", description = "One page of meetings")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<PublicMeeting> meetings(@PathParam("missionId") UUID missionId, @QueryParam("counterpartKind") CounterpartKind kind,
                                        @QueryParam("updatedSince") String updatedSince, @QueryParam("page") Integer page,
                                        @QueryParam("size") Integer size) {
        requirePublic(missionId);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("missionId", missionId).eq("counterpartKind", kind);
        since(filter, updatedSince);
        var found = Meeting.<Meeting>find(filter.query(SYNC_ORDER), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), PublicMeeting::of);
    }

    private static Mission requirePublic(UUID missionId) {
        Mission m = Mission.findById(missionId);
        if (m == null) {
            throw ProblemException.notFound("Mission", missionId);
        }
        if (!m.isPublic) {
            throw ProblemException.forbidden("Mission " + missionId + " is not public");
        }
        return m;
    }

    /** At or after the instant: a CEC passes the latest updatedAt it holds and re-reads at most that boundary. */
    private static void since(Filter filter, String updatedSince) {
        if (updatedSince == null) {
            return;
        }
        try {
            filter.where("updatedAt >= :%s", Instant.parse(updatedSince).atOffset(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("updatedSince", "must be an ISO-8601 instant such as 2023-03-19T00:00:00Z");
        }
    }
}
