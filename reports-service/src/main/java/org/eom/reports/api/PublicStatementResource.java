package org.eom.reports.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.platform.audit.ReadAudit;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;
import org.eom.reports.api.StatementViews.PublicStatementSummary;
import org.eom.reports.api.StatementViews.PublicStatementView;
import org.eom.reports.statements.Statement;
import org.eom.reports.statements.StatementStatus;

import java.util.List;
import java.util.UUID;

/** Published statements, for CECs and anyone signed in: only what a mission has made public. */
@Path("/api/v1/public/statements")
@Tag(name = "Published statements")
@RolesAllowed({Roles.CEC, Roles.PARTNER, Roles.ADMIN, Roles.HEAD, Roles.ANALYST, Roles.COORDINATOR, Roles.OBSERVER})
public class PublicStatementResource {

    @Inject
    ReadAudit readAudit;

    @GET
    @Operation(summary = "List published statements, newest first (every role, including cec); filter: missionId. "
            + "A corrected statement names the one that supersedes it.")
    public Page<PublicStatementSummary> list(@QueryParam("missionId") UUID missionId,
                                             @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("status", StatementStatus.PUBLISHED).eq("missionId", missionId);
        var found = Statement.<Statement>find(filter.query("publishedAt desc, id"), filter.parameters());
        List<Statement> statements = found.page(request.panache()).list();
        readAudit.concerns(missionId != null ? List.of(missionId) : statements.stream().map(s -> s.missionId).toList());
        return Page.of(statements, request, found.count(), PublicStatementSummary::of);
    }

    @GET
    @Path("/{id}")
    @Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_HTML, Renderings.PDF})
    @Operation(summary = "Read a published statement (every role, including cec) as JSON, or by Accept as text/markdown, text/html "
            + "or application/pdf in the language of ?lang= or Accept-Language (en, ru). Unpublished statements do not exist here.")
    public Response get(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        Statement statement = Statement.findById(id);
        if (statement == null || statement.status != StatementStatus.PUBLISHED) {
            throw ProblemException.notFound("Published statement", id);
        }
        readAudit.concerns(List.of(statement.missionId));
        return Renderings.respond(statement, headers, lang,
                () -> Etags.read(PublicStatementView.of(statement), statement.version, ifNoneMatch));
    }
}
