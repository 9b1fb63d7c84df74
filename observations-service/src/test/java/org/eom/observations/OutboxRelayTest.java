package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbox ids are drawn before their transaction commits, so an event can commit long after events with higher ids
 * were sent; it must still reach Kafka (ADR 0002, amended). This holds any change to how the relay polls to that.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final String TOPIC = "eom.observations.v1";

    @Inject
    MissionFeed feed;

    @Test
    void anEventCommittedAfterLaterOnesWereSentIsStillSent() {
        // ids of the outbox's sequence that no one else will draw (the service's own ids come from it too)
        long straggler = feed.count("select nextval('outbox_event_seq')");
        // far behind: a relay that polled on from the last id it sent, as one tried (ADR 0002), would not see it
        feed.count("select setval('outbox_event_seq', ?)", straggler + 5_000);
        long later = feed.count("select nextval('outbox_event_seq')");
        String laterMarker = insert(later);
        InfraTestResource.awaitRecords(TOPIC, r -> r.value().contains(laterMarker), 1);

        String stragglerMarker = insert(straggler);
        assertThat(InfraTestResource.awaitRecords(TOPIC, r -> r.value().contains(stragglerMarker), 1)).hasSize(1);
        assertThat(feed.count("select count(*) from outbox_event where id in (?, ?)", straggler, later))
                .as("sent entries are deleted").isZero();
    }

    /** Commits an outbox entry with this id; returns the marker its payload carries. */
    private String insert(long id) {
        String marker = "outbox-relay-test-" + UUID.randomUUID();
        feed.execute("insert into outbox_event (id, partition_key, type, payload, created_at) values (?, 'test', 'test', ?, now())",
                id, "{\"type\":\"" + marker + "\"}");
        return marker;
    }
}
