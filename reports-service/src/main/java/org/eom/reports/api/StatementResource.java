package org.eom.reports.api;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Cursor;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;
import org.eom.reports.access.ReportAccess;
import org.eom.reports.api.StatementViews.CommentView;
import org.eom.reports.api.StatementViews.StatementSummary;
import org.eom.reports.api.StatementViews.StatementView;
import org.eom.reports.api.StatementViews.VersionSummary;
import org.eom.reports.api.StatementViews.VersionView;
import org.eom.reports.readmodel.Mission;
import org.eom.reports.statements.SentenceEvidence;
import org.eom.reports.statements.SentenceEvidence.EvidenceRef;
import org.eom.reports.statements.Statement;
import org.eom.reports.statements.StatementComment;
import org.eom.reports.statements.StatementStatus;
import org.eom.reports.statements.StatementVersion;
import org.eom.reports.statements.Statements;

import java.net.URI;
import java.util.UUID;

/** Statements of a mission: drafted from its data, edited and reviewed by its analysts, approved and published by its head. */
@Path("/api/v1")
@Tag(name = "Statements")
public class StatementResource {

    @Inject
    ReportAccess access;

    @Inject
    Statements statements;

    @Inject
    SentenceEvidence evidence;

    public record SectionEdit(@NotBlank String language, @NotNull @Size(max = 50000) String text) {
    }

    public record CommentRequest(@Size(max = 100) String sectionId, @NotBlank @Size(max = 10000) String text) {
    }

    public record Transition(@NotNull StatementStatus to) {
    }

    @POST
    @Path("/missions/{missionId}/statements")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Generate a new draft statement from the mission's current data (admin, or the mission's analysts and head)")
    public Response generate(@PathParam("missionId") UUID missionId) {
        Mission mission = access.requireEditor(missionId);
        Statement statement = statements.generate(mission, access.username());
        return Response.created(URI.create("/api/v1/statements/" + statement.id))
                .entity(StatementView.of(statement)).tag(Etags.of(statement.version)).build();
    }

    @GET
    @Path("/missions/{missionId}/statements")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "List the mission's statements, newest first (admin, or the mission's analysts and head); filter: status")
    public Page<StatementSummary> list(@PathParam("missionId") UUID missionId, @QueryParam("status") StatementStatus status,
                                       @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        access.requireEditor(missionId);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("missionId", missionId).eq("status", status);
        var found = Statement.<Statement>find(filter.query("createdAt desc, id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), StatementSummary::of);
    }

    @GET
    @Path("/statements/{id}")
    @Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_HTML, Renderings.PDF})
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Read a statement (admin, or the mission's analysts and head): JSON with its sentences, figures and evidence, "
            + "or rendered by Accept as text/markdown, text/html or application/pdf in the language of ?lang= or Accept-Language (en, ru)")
    public Response get(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
                        @HeaderParam("If-None-Match") String ifNoneMatch) {
        Statement statement = readable(id);
        return Renderings.respond(statement, headers, lang, () -> Etags.read(StatementView.of(statement), statement.version, ifNoneMatch));
    }

    @GET
    @Path("/statements/{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Every version of a statement: who changed what and when (admin, or the mission's analysts and head)")
    public Page<VersionSummary> versions(@PathParam("id") UUID id, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        readable(id);
        PageRequest request = PageRequest.of(page, size);
        var found = StatementVersion.<StatementVersion>find("statementId = ?1 order by version", id);
        return Page.of(found.page(request.panache()).list(), request, found.count(), VersionSummary::of);
    }

    @GET
    @Path("/statements/{id}/versions/{version}")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "A statement as it was at one version (admin, or the mission's analysts and head)")
    public VersionView version(@PathParam("id") UUID id, @PathParam("version") long version) {
        readable(id);
        StatementVersion found = StatementVersion.find("statementId = ?1 and version = ?2", id, version).firstResult();
        if (found == null) {
            throw ProblemException.notFound("Version", version);
        }
        return VersionView.of(found);
    }

    @PUT
    @Path("/statements/{id}/sections/{sectionId}")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Replace a section's text (Markdown) in one language (admin, or the mission's analysts and head); "
            + "needs If-Match; only drafts and statements in review can be edited")
    public Response editSection(@PathParam("id") UUID id, @PathParam("sectionId") String sectionId,
                                @HeaderParam("If-Match") String ifMatch, @Valid @NotNull SectionEdit edit) {
        Statement statement = Statements.lock(id);
        access.requireEditor(statement.missionId);
        Etags.requireMatch(ifMatch, statement.version);
        statements.editSection(statement, sectionId, edit.language(), edit.text(), access.username());
        return Response.ok(StatementView.of(statement)).tag(Etags.of(statement.version)).build();
    }

    @GET
    @Path("/statements/{id}/comments")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Reviewers' comments on a statement, oldest first (admin, or the mission's analysts and head); filter: sectionId")
    public Page<CommentView> comments(@PathParam("id") UUID id, @QueryParam("sectionId") String sectionId,
                                      @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        readable(id);
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("statementId", id).eq("sectionId", sectionId);
        var found = StatementComment.<StatementComment>find(filter.query("createdAt, id"), filter.parameters());
        return Page.of(found.page(request.panache()).list(), request, found.count(), CommentView::of);
    }

    @POST
    @Path("/statements/{id}/comments")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Comment on a statement or one of its sections (admin, or the mission's analysts and head)")
    public Response comment(@PathParam("id") UUID id, @Valid @NotNull CommentRequest request) {
        Statement statement = readable(id);
        StatementComment comment = statements.comment(statement, request.sectionId(), request.text(), access.username());
        return Response.created(URI.create("/api/v1/statements/" + id + "/comments/" + comment.id)).entity(CommentView.of(comment)).build();
    }

    @POST
    @Path("/statements/{id}/transitions")
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "Move a statement along its workflow; needs If-Match. DRAFT -> IN_REVIEW and back: analysts and head; "
            + "IN_REVIEW -> APPROVED, APPROVED -> PUBLISHED or back to DRAFT: the head of mission (or admin). Publishing emits "
            + "org.eom.reports.statement.published. From PUBLISHED, {to: DRAFT} leaves it unchanged and answers 201 with a new draft "
            + "that corrects it and supersedes it once published.")
    public Response transition(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, @Valid @NotNull Transition transition) {
        Statement statement = Statements.lock(id);
        access.requireEditor(statement.missionId);
        Etags.requireMatch(ifMatch, statement.version);
        Statements.requireTransition(statement, transition.to());
        if (needsApprover(statement.status, transition.to())) {
            access.requireApprover(statement.missionId);
        }
        Statement result = statements.transition(statement, transition.to(), access.username());
        if (result != statement) {
            return Response.created(URI.create("/api/v1/statements/" + result.id)).entity(StatementView.of(result))
                    .tag(Etags.of(result.version)).build();
        }
        return Response.ok(StatementView.of(result)).tag(Etags.of(result.version)).build();
    }

    @GET
    @Path("/statements/{id}/sentences/{sentenceId}/observations")
    @RolesAllowed({Roles.ADMIN, Roles.HEAD, Roles.ANALYST})
    @Operation(summary = "The observations a generated sentence rests on, as they were when it was generated (admin, or the mission's "
            + "analysts and head); matching=true lists those that match its finding. Each page's nextCursor, sent as cursor, gives the "
            + "following page; page goes at most 10,000 items deep")
    public Page<EvidenceRef> sentenceObservations(@PathParam("id") UUID id, @PathParam("sentenceId") String sentenceId,
                                                  @QueryParam("matching") Boolean matching,
                                                  @QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                                  @QueryParam(Cursor.PARAMETER) String cursor) {
        readable(id);
        return evidence.list(id, sentenceId, matching, PageRequest.of(page, size, cursor));
    }

    /** Approval, publication, and withdrawing an approval are the head of mission's. */
    private static boolean needsApprover(StatementStatus from, StatementStatus to) {
        return to == StatementStatus.APPROVED || to == StatementStatus.PUBLISHED || from == StatementStatus.APPROVED;
    }

    private Statement readable(UUID id) {
        Statement statement = Statement.findById(id);
        if (statement == null) {
            throw ProblemException.notFound("Statement", id);
        }
        access.requireEditor(statement.missionId);
        return statement;
    }
}
