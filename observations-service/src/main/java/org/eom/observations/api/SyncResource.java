package org.eom.observations.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.sync.SyncService;
import org.eom.observations.sync.SyncService.SyncResponse;
import org.eom.platform.problem.ProblemException;

@Path("/api/v1/sync")
@Tag(name = "Sync")
public class SyncResource {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;

    @Inject
    SyncService sync;

    @Inject
    MissionAccess access;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD})
    @Operation(summary = "Offline sync for a delegate's app (see docs/sync-protocol.md): from an opaque cursor (none the first time), "
            + "the caller's missions, and the templates, polling stations and own/team observations that changed, at most "
            + "limit (1..1000, default 500) of each; call again with the returned cursor while hasMore is true.")
    public SyncResponse sync(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return sync.sync(access.actor().name(), cursor, l);
    }
}
