package org.eom.observations.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.access.ReadScope;
import org.eom.observations.missions.Mission;
import org.eom.observations.observations.ObservationExport;
import org.eom.observations.observations.ObservationExport.Format;

import java.util.Locale;
import java.util.UUID;

@Path("/api/v1/missions/{missionId}/export")
@Tag(name = "Export")
public class ExportResource {

    @Inject
    MissionAccess access;

    @Inject
    ObservationExport export;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "Export all of a mission's observations (withdrawn ones too, with their status) as format=csv (default) "
            + "or json, one column per question, streamed. Same readers as the observation list: a partner gets what it submitted.")
    public Response export(@PathParam("missionId") UUID missionId, @QueryParam("format") String format) {
        Mission mission = access.mission(missionId);
        ReadScope scope = access.requireRead(mission);
        Format chosen = Params.enumValue("format", format == null ? "CSV" : format.toUpperCase(Locale.ROOT), Format.class);
        String file = "mission-" + missionId + "-observations." + chosen.name().toLowerCase(Locale.ROOT);
        return Response.ok(export.stream(missionId, scope, chosen), chosen.mediaType + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }
}
