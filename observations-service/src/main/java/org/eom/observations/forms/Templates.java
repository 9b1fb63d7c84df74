package org.eom.observations.forms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.FormTemplate;
import org.eom.observations.domain.Localized;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.Question;
import org.eom.observations.events.ObservationEvents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checklist templates. A published version never changes, so versions are cached once read.
 * Every version of one template shares its id: the shipped templates have fixed ids, a mission's own
 * template for a phase gets an id with its first version.
 */
@ApplicationScoped
public class Templates {

    public record Published(Form form, boolean created) {
    }

    private final Map<FormTemplate.Key, Form> cache = new ConcurrentHashMap<>();

    @Inject
    EntityManager em;

    @Inject
    ObservationEvents events;

    public Optional<Form> find(UUID id, int version) {
        FormTemplate.Key key = new FormTemplate.Key(id, version);
        Form cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return FormTemplate.<FormTemplate>findByIdOptional(key).map(t -> {
            Form form = t.form();
            cache.put(key, form);
            return form;
        });
    }

    /** The newest version of a template. */
    public Optional<Form> latest(UUID id) {
        return FormTemplate.<FormTemplate>find("id = ?1 order by version desc", id).firstResultOptional().map(FormTemplate::form);
    }

    /** The form a mission uses for a phase: its own newest version, else the newest shipped one. */
    public Optional<Form> current(UUID missionId, Phase phase) {
        return FormTemplate.<FormTemplate>find("(missionId = ?1 or missionId is null) and phase = ?2 "
                        + "order by case when missionId is null then 1 else 0 end, version desc", missionId, phase)
                .firstResultOptional().map(FormTemplate::form);
    }

    /** Validates, stores and announces one version. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Form form, String createdBy) {
        TemplateValidator.validate(form);
        FormTemplate.of(form, createdBy, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)).persist();
        events.templatePublished(form);
    }

    /**
     * The next version of a mission's own template for a phase. The same title and questions as its
     * newest version is a replay of that version, not a new one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Published publishForMission(UUID missionId, Phase phase, Localized title, List<Question> questions, String createdBy) {
        // One writer per mission and phase, so that two first versions cannot get two different ids.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "form:" + missionId + ":" + phase).getSingleResult();
        Optional<FormTemplate> newest = FormTemplate.<FormTemplate>find("missionId = ?1 and phase = ?2 order by version desc",
                missionId, phase).firstResultOptional();
        if (newest.isPresent() && newest.get().title.equals(title) && newest.get().questions.equals(questions)) {
            return new Published(newest.get().form(), false);
        }
        Form form = new Form(newest.map(t -> t.id).orElseGet(UUID::randomUUID), newest.map(t -> t.version + 1).orElse(1),
                missionId, phase, title, questions);
        publish(form, createdBy);
        return new Published(form, true);
    }
}
