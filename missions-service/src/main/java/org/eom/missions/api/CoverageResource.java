package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.MissionAccess;
import org.eom.missions.api.DeploymentResource.DeploymentView;
import org.eom.missions.coverage.Coverage;
import org.eom.missions.domain.Deployment;
import org.eom.missions.domain.Phase;
import org.eom.missions.domain.PollingStation;
import org.eom.missions.domain.ReportedVisit;
import org.eom.missions.domain.Team;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Election-day coverage: which planned visits have a report yet, per team and district. */
@Path("/api/v1/missions/{missionId}/coverage")
@Tag(name = "Coverage")
public class CoverageResource {

    @Inject
    MissionAccess access;

    @Inject
    Coverage coverage;

    /** A reported visit that is in no plan; station and team are null when this service does not know them. */
    public record UnplannedVisit(UUID observationId, UUID stationId, String stationNumber, String stationName, String district,
                                 Phase phase, UUID teamId, String teamName, OffsetDateTime reportedAt) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST})
    @Operation(summary = "Planned visits against reported ones, in total, per team and per district (admin, or the mission's "
            + "head/coordinators/analysts). A planned visit is reported when an active observation exists for its station and "
            + "phase, filed by its team or by no team (a partner). Optional filter: phase")
    @APIResponse(responseCode = "200", description = "The counts as of now")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Coverage.Summary summary(@PathParam("missionId") UUID missionId, @QueryParam("phase") Phase phase) {
        requireWholePlan(missionId);
        return coverage.summary(missionId, phase);
    }

    @GET
    @Path("/missing")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST})
    @Operation(summary = "Planned visits with no report yet, earliest first, so a coordinator sees which stations are not "
            + "covered (admin, or the mission's head/coordinators/analysts). Filters: teamId, phase, district, plannedBefore "
            + "(planned to end before this instant, e.g. now for overdue visits)")
    @APIResponse(responseCode = "200", description = "One page of planned visits without a report")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<DeploymentView> missing(@PathParam("missionId") UUID missionId, @QueryParam("teamId") UUID teamId,
                                        @QueryParam("phase") Phase phase, @QueryParam("district") String district,
                                        @QueryParam("plannedBefore") OffsetDateTime plannedBefore,
                                        @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        requireWholePlan(missionId);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("d.missionId", missionId).eq("d.teamId", teamId).eq("d.phase", phase);
        if (district != null) {
            filter.where("d.stationId in (select s.id from PollingStation s where s.district = :%s)", district);
        }
        if (plannedBefore != null) {
            filter.where("d.plannedEnd < :%s", plannedBefore);
        }
        var found = Deployment.<Deployment>find("from Deployment d where not " + Coverage.DEPLOYMENT_REPORTED + " and "
                + filter.query("d.plannedStart, d.id"), filter.parameters());
        List<Deployment> deployments = found.page(request.panache()).list();
        return Page.of(deployments, request, found.count(), DeploymentResource.viewer(deployments));
    }

    @GET
    @Path("/unplanned")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.ANALYST})
    @Operation(summary = "Reported visits that match no planned visit, in the order they were reported (admin, or the "
            + "mission's head/coordinators/analysts). Filters: teamId, phase")
    @APIResponse(responseCode = "200", description = "One page of unplanned visits")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<UnplannedVisit> unplanned(@PathParam("missionId") UUID missionId, @QueryParam("teamId") UUID teamId,
                                          @QueryParam("phase") Phase phase, @QueryParam("page") Integer page,
                                          @QueryParam("size") Integer size) {
        requireWholePlan(missionId);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("v.missionId", missionId).eq("v.withdrawn", false).eq("v.teamId", teamId).eq("v.phase", phase);
        var found = ReportedVisit.<ReportedVisit>find("from ReportedVisit v where not " + Coverage.VISIT_PLANNED + " and "
                + filter.query("v.reportedAt, v.observationId"), filter.parameters());
        List<ReportedVisit> visits = found.page(request.panache()).list();
        Set<UUID> stationIds = visits.stream().map(v -> v.stationId).collect(Collectors.toSet());
        Set<UUID> teamIds = visits.stream().map(v -> v.teamId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<UUID, PollingStation> stations = stationIds.isEmpty() ? Map.of()
                : PollingStation.<PollingStation>list("id in ?1", stationIds).stream().collect(Collectors.toMap(s -> s.id, s -> s));
        Map<UUID, Team> teams = teamIds.isEmpty() ? Map.of()
                : Team.<Team>list("id in ?1", teamIds).stream().collect(Collectors.toMap(t -> t.id, t -> t));
        return Page.of(visits, request, found.count(), v -> {
            PollingStation s = stations.get(v.stationId);
            Team t = v.teamId == null ? null : teams.get(v.teamId);
            return new UnplannedVisit(v.observationId, v.stationId, s == null ? null : s.number, s == null ? null : s.name,
                    s == null ? null : s.district, v.phase, v.teamId, t == null ? null : t.name, v.reportedAt);
        });
    }

    /** Coverage shows the whole plan, which a mission's observers do not see. */
    private void requireWholePlan(UUID missionId) {
        if (!access.requireReadPlan(missionId).wholePlan()) {
            throw ProblemException.forbidden("Coverage is for the mission's managers and analysts");
        }
    }
}
