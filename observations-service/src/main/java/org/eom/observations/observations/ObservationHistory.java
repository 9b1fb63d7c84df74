package org.eom.observations.observations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eom.observations.access.Actor;
import org.eom.observations.domain.Change;
import org.eom.observations.domain.InsertIfAbsent;
import org.eom.observations.domain.Observation;
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

    @Inject
    EntityManager em;

    /** Call once the observation's revision is final (after flush). The record is turned into JSON once, for both. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Observation o, VersionKind kind, Actor actor, List<Change> changes) {
        JsonNode record = mapper.valueToTree(ObservationView.of(o));
        boolean stored = InsertIfAbsent.into("observation_version")
                .set("observation_id", o.id).set("revision", o.revision).set("version", o.version).set("kind", kind)
                .set("changed_by", actor.name()).set("channel", actor.channel())
                .set("changed_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS))
                .json("changes", json(changes)).json("record", json(record))
                .execute(em);
        if (!stored) {
            // the observation row is locked by this transaction, so another writer of this revision is a bug
            throw new IllegalStateException("revision " + o.revision + " of observation " + o.id + " was already recorded");
        }
        events.observation(kind, o.missionId, o.id, record);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write observation history JSON", e);
        }
    }
}
