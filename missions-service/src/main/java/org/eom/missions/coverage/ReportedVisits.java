package org.eom.missions.coverage;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eom.missions.domain.Phase;
import org.eom.platform.events.CloudEvent;
import org.eom.platform.events.EventConsumer;
import org.eom.platform.events.MalformedEventException;
import org.eom.platform.events.ProcessedEvents;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Learns the visits observations-service reports from its topic (eom.observations.v1), so
 * coverage works without calling it. Every observation event carries the full current
 * observation; the snapshot with the highest revision wins, so redelivered or reordered events
 * never roll a visit back. A record that is not a usable event goes to the dead-letter topic.
 */
@ApplicationScoped
public class ReportedVisits {

    private static final String OBSERVATION_EVENTS = "org.eom.observations.observation.";

    @Inject
    EventConsumer consumer;

    @Inject
    ProcessedEvents processed;

    @Inject
    EntityManager em;

    /** The part of the full observation (docs/events.md) that coverage needs. */
    record Observation(UUID id, Long revision, UUID missionId, UUID stationId, Phase phase, UUID teamId,
                       String status, OffsetDateTime receivedAt) {
    }

    /** An observation's snapshot, and when it was reported. */
    private record Visit(Observation observation, OffsetDateTime reportedAt) {
    }

    @Incoming("observations-in")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consumer.consume(records, this::apply);
    }

    /**
     * The batch's visits in one statement. Per observation only the highest revision of the batch can win (the
     * first of equal ones, as when applied one by one); the upsert leaves a stored visit of a revision as high
     * alone, so it needs no read of the stored revisions before it. A malformed event fails the whole batch,
     * which {@link EventConsumer} then applies event by event: only that one is dead-lettered.
     */
    void apply(List<CloudEvent> events) {
        // sorted by id, so that every transaction locks the rows in the same order
        Map<UUID, Visit> latest = new TreeMap<>();
        for (CloudEvent event : events) {
            if (!event.type().startsWith(OBSERVATION_EVENTS)) {
                continue; // templates and incidents are not visits
            }
            Observation o = processed.data(event, Observation.class);
            if (o.id() == null || o.revision() == null || o.missionId() == null || o.stationId() == null || o.phase() == null) {
                throw new MalformedEventException(event.type() + " " + event.id() + " lacks id, revision, missionId, stationId or phase", null);
            }
            OffsetDateTime reportedAt = o.receivedAt() != null ? o.receivedAt()
                    : event.time() != null ? event.time() : OffsetDateTime.now(ZoneOffset.UTC);
            latest.merge(o.id(), new Visit(o, reportedAt),
                    (held, other) -> other.observation().revision() > held.observation().revision() ? other : held);
        }
        if (latest.isEmpty()) {
            return;
        }
        List<Visit> visits = List.copyOf(latest.values());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into reported_visit as v (observation_id, mission_id, station_id, phase, team_id, withdrawn, reported_at, revision)
                    select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::bool[], ?::timestamptz[], ?::int8[])
                    on conflict (observation_id) do update set mission_id = excluded.mission_id, station_id = excluded.station_id,
                        phase = excluded.phase, team_id = excluded.team_id, withdrawn = excluded.withdrawn,
                        reported_at = excluded.reported_at, revision = excluded.revision
                    where v.revision < excluded.revision""")) {
                statement.setArray(1, connection.createArrayOf("uuid", visits.stream().map(v -> v.observation().id()).toArray()));
                statement.setArray(2, connection.createArrayOf("uuid", visits.stream().map(v -> v.observation().missionId()).toArray()));
                statement.setArray(3, connection.createArrayOf("uuid", visits.stream().map(v -> v.observation().stationId()).toArray()));
                statement.setArray(4, connection.createArrayOf("text", visits.stream().map(v -> v.observation().phase().name()).toArray()));
                statement.setArray(5, connection.createArrayOf("uuid", visits.stream().map(v -> v.observation().teamId()).toArray()));
                statement.setArray(6, connection.createArrayOf("bool",
                        visits.stream().map(v -> "WITHDRAWN".equals(v.observation().status())).toArray()));
                // as ISO-8601 text, which PostgreSQL reads as timestamptz
                statement.setArray(7, connection.createArrayOf("timestamptz", visits.stream().map(v -> v.reportedAt().toString()).toArray()));
                statement.setArray(8, connection.createArrayOf("int8", visits.stream().map(v -> v.observation().revision()).toArray()));
                statement.executeUpdate();
            }
        });
    }
}
