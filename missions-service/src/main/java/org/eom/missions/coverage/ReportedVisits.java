package org.eom.missions.coverage;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eom.missions.domain.Phase;
import org.eom.missions.domain.ReportedVisit;
import org.eom.platform.events.CloudEvent;
import org.eom.platform.events.EventConsumer;
import org.eom.platform.events.MalformedEventException;
import org.eom.platform.events.ProcessedEvents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /** The part of the full observation (docs/events.md) that coverage needs. */
    record Observation(UUID id, Long revision, UUID missionId, UUID stationId, Phase phase, UUID teamId,
                       String status, OffsetDateTime receivedAt) {
    }

    @Incoming("observations-in")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consumer.consume(records, events -> events.forEach(this::apply));
    }

    void apply(CloudEvent event) {
        if (!event.type().startsWith(OBSERVATION_EVENTS)) {
            return; // templates and incidents are not visits
        }
        Observation o = processed.data(event, Observation.class);
        if (o.id() == null || o.revision() == null || o.missionId() == null || o.stationId() == null || o.phase() == null) {
            throw new MalformedEventException(event.type() + " " + event.id() + " lacks id, revision, missionId, stationId or phase", null);
        }
        ReportedVisit visit = ReportedVisit.findById(o.id());
        if (visit == null) {
            visit = new ReportedVisit();
            visit.observationId = o.id();
        } else if (visit.revision >= o.revision()) {
            return;
        }
        visit.missionId = o.missionId();
        visit.stationId = o.stationId();
        visit.phase = o.phase();
        visit.teamId = o.teamId();
        visit.withdrawn = "WITHDRAWN".equals(o.status());
        visit.reportedAt = o.receivedAt() != null ? o.receivedAt()
                : event.time() != null ? event.time() : OffsetDateTime.now(ZoneOffset.UTC);
        visit.revision = o.revision();
        visit.persist();
    }
}
