package org.eom.reports.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.platform.http.Cursor;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.reports.access.ReportAccess;
import org.eom.reports.figures.DrillDown;
import org.eom.reports.figures.DrillDown.DeploymentRef;
import org.eom.reports.figures.DrillDown.IncidentRef;
import org.eom.reports.figures.DrillDown.ObservationFilter;
import org.eom.reports.figures.DrillDown.ObservationRef;
import org.eom.reports.figures.Summary;
import org.eom.reports.figures.SummaryQuery;

import java.util.UUID;

/** A mission's figures, and the records behind each of them. */
@Path("/api/v1/missions/{missionId}/summary")
@Tag(name = "Figures")
@RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST, Roles.COORDINATOR, Roles.OBSERVER})
public class SummaryResource {

    @Inject
    ReportAccess access;

    @Inject
    SummaryQuery summaries;

    @Inject
    DrillDown drillDown;

    @GET
    @Operation(summary = "The mission's figures (admin, or its heads, analysts, coordinators and observers): per phase observations "
            + "and distinct stations, answers per question, overall assessment and the share assessed negatively per phase and district "
            + "over both observations and stations, flags, incidents and coverage. Every count links to its drill-down. asOf: when the "
            + "counters were read, at most half a second ago (eom.reports.summary-max-age), or up to 5 s while a fresh summary is "
            + "computed (eom.reports.summary-stale-limit, ADR 0015).")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The figures", content = @Content(schema = @Schema(implementation = Summary.class)))
    public byte[] summary(@PathParam("missionId") UUID missionId) {
        access.requireFigures(missionId);
        return summaries.recentJson(missionId); // written once per computation, not once per poll
    }

    @GET
    @Path("/observations")
    @Operation(summary = "The counted observations behind a figure (same roles as the summary). Filters: phase, district, stationId, "
            + "questionId or topic with answer / answered / problem=true, assessment (VERY_GOOD, GOOD, BAD, VERY_BAD, NEGATIVE, ANSWERED, NONE), "
            + "flag with flagQuestionId. In station order; each page's nextCursor, sent as cursor, gives the following page as "
            + "quickly as the first, however deep (page reads every row before it, and goes at most 10,000 items deep)")
    public Page<ObservationRef> observations(@PathParam("missionId") UUID missionId, @QueryParam("phase") String phase,
                                             @QueryParam("district") String district, @QueryParam("stationId") UUID stationId,
                                             @QueryParam("questionId") String questionId, @QueryParam("topic") String topic,
                                             @QueryParam("answer") String answer, @QueryParam("answered") Boolean answered,
                                             @QueryParam("problem") Boolean problem, @QueryParam("assessment") String assessment,
                                             @QueryParam("flag") String flag, @QueryParam("flagQuestionId") String flagQuestionId,
                                             @QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                             @QueryParam(Cursor.PARAMETER) String cursor) {
        access.requireFigures(missionId);
        return drillDown.observations(missionId, new ObservationFilter(phase, district, stationId, questionId, topic, answer, answered,
                problem, assessment, flag, flagQuestionId), PageRequest.of(page, size, cursor));
    }

    @GET
    @Path("/incidents")
    @Operation(summary = "The incidents behind an incident figure (same roles as the summary); filters: category, severity")
    public Page<IncidentRef> incidents(@PathParam("missionId") UUID missionId, @QueryParam("category") String category,
                                       @QueryParam("severity") String severity,
                                       @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireFigures(missionId);
        return drillDown.incidents(missionId, category, severity, PageRequest.of(page, size));
    }

    @GET
    @Path("/coverage/unreported")
    @Operation(summary = "Planned visits (deployments) with no counted observation of their station and phase yet "
            + "(same roles as the summary); filter: phase")
    public Page<DeploymentRef> unreported(@PathParam("missionId") UUID missionId, @QueryParam("phase") String phase,
                                          @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireFigures(missionId);
        return drillDown.unreportedDeployments(missionId, phase, PageRequest.of(page, size));
    }
}
