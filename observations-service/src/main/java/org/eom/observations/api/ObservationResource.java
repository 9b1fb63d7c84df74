package org.eom.observations.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.Actor;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.access.ReadScope;
import org.eom.observations.domain.Change;
import org.eom.observations.domain.Channel;
import org.eom.observations.domain.FlagCode;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.ObservationStatus;
import org.eom.observations.domain.ObservationVersion;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.ReviewStatus;
import org.eom.observations.domain.VersionKind;
import org.eom.observations.missions.Mission;
import org.eom.observations.observations.ObservationQuery;
import org.eom.observations.observations.ObservationRequest;
import org.eom.observations.observations.ObservationService;
import org.eom.observations.observations.ObservationService.Result;
import org.eom.observations.observations.ObservationService.Submission;
import org.eom.observations.observations.SubmissionWriter;
import org.eom.observations.observations.ObservationView;
import org.eom.platform.http.Etags;
import org.eom.platform.problem.Problem;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.problem.ProblemMappers;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/missions/{missionId}/observations")
@Tag(name = "Observations")
public class ObservationResource {

    @Inject
    MissionAccess access;

    @Inject
    ObservationService service;

    @Inject
    ObservationQuery query;

    @Inject
    SubmissionWriter writer;

    public record Withdrawal(@NotBlank @Size(max = 2000) String reason) {
    }

    public record ReviewRequest(@NotNull ReviewStatus status, @Size(max = 4000) String comment) {
    }

    public record VersionView(long revision, int version, VersionKind kind, String changedBy, Channel channel,
                              OffsetDateTime changedAt, List<Change> changes, JsonNode record) {
        static VersionView of(ObservationVersion v) {
            return new VersionView(v.revision, v.version, v.kind, v.changedBy, v.channel, v.changedAt, v.changes, v.record);
        }
    }

    /** Waits for its group commit on a virtual thread, so that a flood of uploads holds no worker thread (ADR 0033). */
    @RunOnVirtualThread
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.PARTNER})
    @Operation(summary = "Submit an observation with a client-generated id (observers who are delegates of the mission, partners "
            + "it lists, admin). 201 when stored; the same id with the same content again is a replay: 200 with the stored record "
            + "and no new version; the same id with different content is a 409 whose Link header names the amend operation. "
            + "Validated against the template version and the mission's stations, teams and delegates; observations outside "
            + "the observation window or the team's plan, repeated visits and conflicting answers are accepted and flagged.")
    public Response submit(@PathParam("missionId") UUID missionId, @Valid @NotNull ObservationRequest request, @Context UriInfo uri) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireSubmit(mission);
        Result result = writer.submit(new Submission(mission, actor, request)).orThrow();
        Observation o = result.observation();
        return switch (result.outcome()) {
            // the view as the version row keeps it, not rendered again (that was 4 % of the service at saturation)
            case CREATED -> Response.created(URI.create(path(missionId, o.id))).entity(result.record())
                    .type(MediaType.APPLICATION_JSON_TYPE).tag(Etags.of(o.revision)).build();
            case CONFLICT -> idConflict(missionId, request.id(), uri);
            default -> Response.ok(ObservationView.of(o)).tag(Etags.of(o.revision)).build();
        };
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "List the mission's observations, newest first, in cursor pages (its delegates and admin; a listed partner "
            + "sees what it submitted). Filters: phase, district, stationId, teamId, flag, assessment, review "
            + "(VERIFIED, REJECTED, NEEDS_FOLLOW_UP, UNREVIEWED), status, from/to (arrival time); size 1..200; pass nextCursor as cursor.")
    public CursorPage<ObservationView> list(@PathParam("missionId") UUID missionId, @QueryParam("phase") String phase,
                                            @QueryParam("district") String district, @QueryParam("stationId") String stationId,
                                            @QueryParam("teamId") String teamId, @QueryParam("flag") String flag,
                                            @QueryParam("assessment") String assessment, @QueryParam("review") String review,
                                            @QueryParam("status") String status, @QueryParam("from") String from,
                                            @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                                            @QueryParam("size") Integer size) {
        Mission mission = access.mission(missionId);
        ReadScope scope = access.requireRead(mission);
        if (assessment != null && !Form.ASSESSMENT_SCALE.contains(assessment)) {
            throw ProblemException.invalid("assessment", "must be one of " + Form.ASSESSMENT_SCALE);
        }
        ObservationQuery.Filter filter = new ObservationQuery.Filter(Params.enumValue("phase", phase, Phase.class), district,
                Params.uuid("stationId", stationId), Params.uuid("teamId", teamId), Params.enumValue("flag", flag, FlagCode.class),
                assessment, Params.enumValue("review", review, ObservationQuery.ReviewState.class),
                Params.enumValue("status", status, ObservationStatus.class), Params.time("from", from), Params.time("to", to));
        return query.list(missionId, scope, filter, CursorPage.Position.decode(cursor), CursorPage.size(size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "Read an observation (the mission's delegates and admin; a partner what it submitted); ETag is its revision, "
            + "If-None-Match honoured")
    public Response get(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        Mission mission = access.mission(missionId);
        Observation o = find(mission, id, access.requireRead(mission));
        return Etags.read(ObservationView.of(o), o.revision, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.PARTNER})
    @Operation(summary = "Amend an observation: the whole observation again, with If-Match set to its current ETag; stores a new "
            + "version and keeps the old one (whoever submitted it, their team, admin). Unchanged content changes nothing.")
    public Response amend(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                          @Valid @NotNull ObservationRequest request) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireSubmit(mission);
        Observation o = find(mission, id, ReadScope.WHOLE_MISSION);
        access.requireAuthor(actor, o.submittedBy, o.delegateUsernames);
        Observation amended = service.amend(mission, o, actor, ifMatch, request).observation();
        return Response.ok(ObservationView.of(amended)).tag(Etags.of(amended.revision)).build();
    }

    @POST
    @Path("/{id}/withdrawal")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.PARTNER})
    @Operation(summary = "Withdraw an observation with a reason (same callers as amending). It is kept, marked WITHDRAWN, and no "
            + "longer counts; withdrawing again with the same reason is a replay.")
    public Response withdraw(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id, @Valid @NotNull Withdrawal withdrawal) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireSubmit(mission);
        Observation o = find(mission, id, ReadScope.WHOLE_MISSION);
        access.requireAuthor(actor, o.submittedBy, o.delegateUsernames);
        Observation withdrawn = service.withdraw(mission, o, actor, withdrawal.reason()).observation();
        return Response.ok(ObservationView.of(withdrawn)).tag(Etags.of(withdrawn.revision)).build();
    }

    @POST
    @Path("/{id}/reviews")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD})
    @Operation(summary = "Review an observation: VERIFIED, REJECTED or NEEDS_FOLLOW_UP with a comment (analysts, coordinators and "
            + "heads who are delegates of the mission, admin). Every review stays in the history.")
    public Response review(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id, @Valid @NotNull ReviewRequest review) {
        Mission mission = access.mission(missionId);
        Actor actor = access.requireReview(mission);
        Observation o = find(mission, id, ReadScope.WHOLE_MISSION);
        Observation reviewed = service.review(mission, o, actor, review.status(), review.comment());
        return Response.ok(ObservationView.of(reviewed)).tag(Etags.of(reviewed.revision)).build();
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "Every revision of an observation, oldest first: submission, amendments, withdrawal, reviews and flag "
            + "changes, each with who, when, through which channel, what changed and the whole record as it was (same readers as the observation)")
    public List<VersionView> versions(@PathParam("missionId") UUID missionId, @PathParam("id") UUID id) {
        Mission mission = access.mission(missionId);
        Observation o = find(mission, id, access.requireRead(mission));
        return ObservationVersion.<ObservationVersion>list("observationId = ?1 order by revision", o.id).stream()
                .map(VersionView::of).toList();
    }

    static String path(UUID missionId, UUID id) {
        return "/api/v1/missions/" + missionId + "/observations/" + id;
    }

    /** The 409 for an id that is taken by different content: it names the amend operation, also in a Link header. */
    static Problem idConflict(UUID missionId, UUID id) {
        return Problem.of(409, "id-conflict", "Conflict", "Observation " + id + " exists with different content. To change it, "
                + "amend it: PUT " + path(missionId, id) + " with If-Match set to its current ETag.", null);
    }

    private static Response idConflict(UUID missionId, UUID id, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.respond(idConflict(missionId, id), uri))
                .header("Link", "<" + path(missionId, id) + ">; rel=\"edit\"").build();
    }

    private static Observation find(Mission mission, UUID id, ReadScope scope) {
        Observation o = Observation.findById(id);
        if (o == null || !o.missionId.equals(mission.id)) {
            throw ProblemException.notFound("Observation", id);
        }
        if (!scope.allows(o.partnerClientId)) {
            throw ProblemException.forbidden("Partners read only the observations their client submitted");
        }
        return o;
    }
}
