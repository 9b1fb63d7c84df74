package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.missions.access.StationAccess;
import org.eom.missions.domain.PollingStation;
import org.eom.missions.stations.StationImport;
import org.eom.missions.stations.StationImport.ImportResult;
import org.eom.missions.stations.StationRow;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The polling-station registry of an election. */
@Path("/api/v1/elections/{electionId}/polling-stations")
@Tag(name = "Polling stations")
public class PollingStationResource {

    private static final Map<String, String> SORTS = Map.of("number", "number", "-number", "number desc",
            "district", "district, number", "name", "name", "updatedAt", "updatedAt");

    @Inject
    StationAccess access;

    @Inject
    StationImport stationImport;

    public record StationView(UUID id, UUID electionId, String number, String name, String district, String address,
                              Double latitude, Double longitude, List<String> accessibility, long version,
                              OffsetDateTime updatedAt) {
        static StationView of(PollingStation s) {
            return new StationView(s.id, s.electionId, s.number, s.name, s.district, s.address, s.latitude,
                    s.longitude, s.accessibility, s.version, s.updatedAt);
        }
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Register or update one station, keyed by its number (admin, or head/coordinator of a mission to this election). "
            + "201 when new, 200 when it existed (unchanged content changes nothing).")
    @APIResponse(responseCode = "201", description = "The station was registered",
            content = @Content(schema = @Schema(implementation = StationView.class)))
    @APIResponse(responseCode = "200", description = "The station existed; changed fields were updated",
            content = @Content(schema = @Schema(implementation = StationView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response upsert(@PathParam("electionId") UUID electionId, @Valid @NotNull StationRow row) {
        access.requireManage(electionId);
        ImportResult result = stationImport.upsert(electionId, List.of(row));
        PollingStation station = PollingStation.find("electionId = ?1 and number = ?2", electionId, row.number()).firstResult();
        Response.ResponseBuilder response = result.created() == 1
                ? Response.created(URI.create("/api/v1/elections/" + electionId + "/polling-stations/" + station.id))
                : Response.ok();
        return response.entity(StationView.of(station)).tag(Etags.of(station.version)).build();
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", "text/plain"})
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR})
    @Operation(summary = "Bulk import from CSV (UTF-8, header: number,name,district,address,latitude,longitude,accessibility; "
            + "accessibility is a ;-separated list). Rows are upserted by number; bad rows are reported one by one and the good "
            + "ones still imported; re-importing the same file changes nothing, so a list over the 20 MB body limit is imported in parts "
            + "(admin, or head/coordinator of a mission to this election).")
    @APIResponse(responseCode = "200", description = "What was created, updated, unchanged and rejected (row, field, reason)")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public ImportResult importCsv(@PathParam("electionId") UUID electionId, byte[] csv) {
        access.requireManage(electionId);
        return stationImport.importCsv(electionId, csv);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST, Roles.PARTNER})
    @Operation(summary = "List stations (admin; delegates of a mission to this election; partners listed by such a mission). "
            + "Filters: district, number, q (name contains); sort: number, district, name, updatedAt")
    @APIResponse(responseCode = "200", description = "One page of stations")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Page<StationView> list(@PathParam("electionId") UUID electionId, @QueryParam("district") String district,
                                  @QueryParam("number") String number, @QueryParam("q") String text,
                                  @QueryParam("sort") String sort, @QueryParam("page") Integer page,
                                  @QueryParam("size") Integer size) {
        access.requireRead(electionId);
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "number", SORTS);
        Filter filter = new Filter().eq("electionId", electionId).eq("district", district).eq("number", number);
        if (text != null) {
            filter.where("lower(name) like :%s", "%" + text.toLowerCase() + "%");
        }
        var found = PollingStation.<PollingStation>find(filter.query(order + ", id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), StationView::of);
    }

    @GET
    @Path("/{stationId}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST, Roles.PARTNER})
    @Operation(summary = "Read a station (admin; delegates of a mission to this election; partners listed by such a mission); "
            + "honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The station, with its ETag",
            content = @Content(schema = @Schema(implementation = StationView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("electionId") UUID electionId, @PathParam("stationId") UUID stationId,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        access.requireRead(electionId);
        PollingStation s = PollingStation.find("electionId = ?1 and id = ?2", electionId, stationId).firstResult();
        if (s == null) {
            throw ProblemException.notFound("Polling station", stationId);
        }
        return Etags.read(StationView.of(s), s.version, ifNoneMatch);
    }
}
