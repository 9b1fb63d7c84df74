package org.eom.observations.observations;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eom.observations.access.Actor;
import org.eom.observations.domain.Change;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.ObservationVersion;
import org.eom.observations.domain.VersionKind;
import org.eom.observations.events.ObservationEvents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Every revision an observation reaches is kept and announced: one version row and one event each. */
@ApplicationScoped
public class ObservationHistory {

    @Inject
    ObservationEvents events;

    @Inject
    ObjectMapper mapper;

    /** Call once the observation's revision is final (after flush). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Observation o, VersionKind kind, Actor actor, List<Change> changes) {
        ObservationView view = ObservationView.of(o);
        ObservationVersion version = new ObservationVersion();
        version.observationId = o.id;
        version.revision = o.revision;
        version.version = o.version;
        version.kind = kind;
        version.changedBy = actor.name();
        version.channel = actor.channel();
        version.changedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        version.changes = changes;
        version.record = mapper.valueToTree(view);
        version.persist();
        events.observation(kind, view);
    }
}
