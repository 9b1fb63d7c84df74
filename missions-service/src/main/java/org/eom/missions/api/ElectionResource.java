package org.eom.missions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eom.missions.domain.Election;
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
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/elections")
@Tag(name = "Elections")
public class ElectionResource {

    private static final Map<String, String> SORTS = Map.of("electionDay", "electionDay", "-electionDay", "electionDay desc",
            "name", "name", "-name", "name desc", "updatedAt", "updatedAt", "-updatedAt", "updatedAt desc");

    @Inject
    MissionEvents events;

    public record ElectionRequest(
            UUID id,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as KZ") String country,
            @NotBlank @Size(max = 300) String name,
            @NotBlank @Size(max = 100) String type,
            @NotNull LocalDate electionDay,
            @Min(1) @Max(5) Integer rounds) {

        int roundsOrDefault() {
            return rounds == null ? 1 : rounds;
        }

        boolean sameAs(Election e) {
            return country.equals(e.country) && name.equals(e.name) && type.equals(e.type)
                    && electionDay.equals(e.electionDay) && roundsOrDefault() == e.rounds;
        }
    }

    public record ElectionView(UUID id, String country, String name, String type, LocalDate electionDay, int rounds,
                               long version, OffsetDateTime updatedAt) {
        static ElectionView of(Election e) {
            return new ElectionView(e.id, e.country, e.name, e.type, e.electionDay, e.rounds, e.version, e.updatedAt);
        }
    }

    @POST
    @Transactional
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an election (admin). A client-chosen id makes retries safe: same id and content is a replay (200), different content a 409.")
    @APIResponse(responseCode = "201", description = "The election was created",
            content = @Content(schema = @Schema(implementation = ElectionView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier create with the same id and content",
            content = @Content(schema = @Schema(implementation = ElectionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response create(@Valid @NotNull ElectionRequest request) {
        if (request.id() != null) {
            Election existing = Election.findById(request.id());
            if (existing != null) {
                return Etags.replayOrConflict("Election", request.id(), request.sameAs(existing),
                        () -> ElectionView.of(existing), existing.version);
            }
        }
        Election e = new Election();
        e.id = request.id() != null ? request.id() : UUID.randomUUID();
        e.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        apply(request, e);
        e.persist();
        events.election(e);
        return Response.created(URI.create("/api/v1/elections/" + e.id)).entity(ElectionView.of(e)).tag(Etags.of(e.version)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST, Roles.PARTNER})
    @Operation(summary = "List elections (admin, head-of-mission, coordinator, observer, analyst, partner), newest election day first; filters: country, type; "
            + "sort: electionDay, name, updatedAt (prefix - for descending)")
    @APIResponse(responseCode = "200", description = "One page of elections")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Page<ElectionView> list(@QueryParam("country") String country, @QueryParam("type") String type,
                                   @QueryParam("sort") String sort, @QueryParam("page") Integer page,
                                   @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        String order = Filter.order(sort, "-electionDay", SORTS);
        Filter filter = new Filter().eq("country", country).eq("type", type);
        var found = Election.<Election>find(filter.query(order + ", id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), ElectionView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.COORDINATOR, Roles.OBSERVER, Roles.ANALYST, Roles.PARTNER})
    @Operation(summary = "Read an election (admin, head-of-mission, coordinator, observer, analyst, partner); honours If-None-Match")
    @APIResponse(responseCode = "200", description = "The election, with its ETag",
            content = @Content(schema = @Schema(implementation = ElectionView.class)))
    @APIResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") UUID id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Election e = find(id);
        return Etags.read(ElectionView.of(e), e.version, ifNoneMatch);
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Update an election (admin); needs If-Match")
    @APIResponse(responseCode = "200", description = "The updated election, with its new ETag",
            content = @Content(schema = @Schema(implementation = ElectionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response update(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull ElectionRequest request) {
        Election e = find(id);
        Etags.requireMatch(ifMatch, e.version);
        apply(request, e);
        Election.flush();
        events.election(e);
        return Response.ok(ElectionView.of(e)).tag(Etags.of(e.version)).build();
    }

    static Election find(UUID id) {
        Election e = Election.findById(id);
        if (e == null) {
            throw ProblemException.notFound("Election", id);
        }
        return e;
    }

    private static void apply(ElectionRequest request, Election e) {
        e.country = request.country();
        e.name = request.name();
        e.type = request.type();
        e.electionDay = request.electionDay();
        e.rounds = request.roundsOrDefault();
        e.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
