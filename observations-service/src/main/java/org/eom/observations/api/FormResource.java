package org.eom.observations.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eom.observations.access.Actor;
import org.eom.observations.access.MissionAccess;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.FormTemplate;
import org.eom.observations.domain.Localized;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.Question;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Mission;
import org.eom.platform.audit.ReadAudit;
import org.eom.platform.http.Etags;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Checklist templates: the shipped ones (no mission) and the versions missions made of their own. */
@Path("/api/v1/forms")
@Tag(name = "Forms")
public class FormResource {

    @Inject
    MissionAccess access;

    @Inject
    Templates templates;

    @Inject
    ReadAudit readAudit;

    public record FormRequest(@NotNull UUID missionId, @NotNull Phase phase, @NotNull Localized title,
                              @NotNull @Size(min = 1, max = 200) List<Question> questions) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "List template versions: the shipped ones and those of the missions the caller belongs to or is listed by "
            + "(admin: all), by phase, mission (shipped first), id and version. Filters: missionId (that mission's and the shipped "
            + "ones), phase.")
    public Page<Form> list(@QueryParam("missionId") String missionId, @QueryParam("phase") String phase,
                           @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        Filter filter = new Filter().eq("phase", Params.enumValue("phase", phase, Phase.class));
        UUID mission = Params.uuid("missionId", missionId);
        if (mission != null) {
            access.requireRead(access.mission(mission));
            filter.where("(missionId is null or missionId = :%s)", mission);
        } else if (!access.isAdmin()) {
            List<UUID> readable = access.readableMissionIds();
            filter.where("(missionId is null or missionId in :%s)", readable.isEmpty() ? List.of(new UUID(0, 0)) : readable);
        }
        var found = FormTemplate.<FormTemplate>find(filter.query("phase, missionId nulls first, id, version"), filter.parameters());
        List<FormTemplate> forms = found.page(request.panache()).list();
        readAudit.concerns(mission != null ? List.of(mission) : forms.stream().map(f -> f.missionId).toList());
        return Page.of(forms, request, found.count(), FormTemplate::form);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "The newest version of a template (shipped: any caller here; a mission's: its delegates, listed partners, admin)")
    public Response latest(@PathParam("id") UUID id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Form form = readable(templates.latest(id).orElseThrow(() -> ProblemException.notFound("Template", id)));
        return Etags.read(form, form.version(), ifNoneMatch);
    }

    @GET
    @Path("/{id}/versions/{version}")
    @RolesAllowed({Roles.ADMIN, Roles.OBSERVER, Roles.ANALYST, Roles.COORDINATOR, Roles.HEAD, Roles.PARTNER})
    @Operation(summary = "One version of a template, as observations name it (same readers as the newest version)")
    public Response version(@PathParam("id") UUID id, @PathParam("version") int version, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Form form = readable(templates.find(id, version).orElseThrow(() -> ProblemException.notFound("Template version", id + "/" + version)));
        return Etags.read(form, form.version(), ifNoneMatch);
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @Operation(summary = "Publish the next version of a mission's own template for a phase (admin, or analysts who are delegates of "
            + "the mission). Validated: unique question ids, labels in English and Russian, valid choices, problem answers among "
            + "the possible answers, checklists ending with the four-point overall assessment. The same content as the newest "
            + "version is a replay (200). Existing observations keep the version they answered.")
    public Response publish(@Valid @NotNull FormRequest request) {
        Mission mission = access.mission(request.missionId());
        Actor actor = access.requireManageForms(mission);
        Templates.Published published = templates.publishForMission(mission.id, request.phase(), request.title(),
                request.questions(), actor.name());
        Form form = published.form();
        Response.ResponseBuilder response = published.created()
                ? Response.created(URI.create("/api/v1/forms/" + form.id() + "/versions/" + form.version()))
                : Response.ok();
        return response.entity(form).tag(Etags.of(form.version())).build();
    }

    private Form readable(Form form) {
        if (form.missionId() != null) {
            access.requireRead(access.mission(form.missionId()));
            readAudit.concerns(List.of(form.missionId()));
        }
        return form;
    }
}
