package org.eom.observations.observations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
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
import java.util.ArrayList;
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

    /** One revision to keep: the observation as it is now (its revision final), what made it and what changed. */
    public record Revision(Observation observation, VersionKind kind, Actor actor, List<Change> changes) {
    }

    /** Call once the observation's revision is final (after flush). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Observation o, VersionKind kind, Actor actor, List<Change> changes) {
        recordAll(List.of(new Revision(o, kind, actor, changes)));
    }

    /**
     * All in one round trip; each record is written as JSON text once, for its version row and, as it is, for its event
     * (the writer threads spent a fifth of their time building and writing it three times). Returns those texts, in the
     * order of the revisions.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> recordAll(List<Revision> revisions) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<String> records = new ArrayList<>(revisions.size());
        List<InsertIfAbsent> rows = new ArrayList<>(revisions.size());
        for (Revision r : revisions) {
            Observation o = r.observation();
            String record = json(ObservationView.of(o));
            records.add(record);
            rows.add(InsertIfAbsent.into("observation_version")
                    .set("observation_id", o.id).set("revision", o.revision).set("version", o.version).set("kind", r.kind())
                    .set("changed_by", r.actor().name()).set("channel", r.actor().channel()).set("changed_at", now)
                    .json("changes", json(r.changes())).json("record", record));
        }
        boolean[] stored = InsertIfAbsent.executeAll(em, rows);
        for (int i = 0; i < revisions.size(); i++) {
            Observation o = revisions.get(i).observation();
            if (!stored[i]) {
                // the observation row is locked by this transaction, so another writer of this revision is a bug
                throw new IllegalStateException("revision " + o.revision + " of observation " + o.id + " was already recorded");
            }
            events.observation(revisions.get(i).kind(), o.missionId, o.id,
                    mapper.getNodeFactory().rawValueNode(new RawValue(records.get(i))));
        }
        return records;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write observation history JSON", e);
        }
    }
}
