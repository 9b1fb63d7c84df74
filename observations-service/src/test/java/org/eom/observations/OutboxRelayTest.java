package org.eom.observations;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.platform.events.EventOutbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

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

    @Inject
    EventOutbox outbox;

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

    /**
     * The relay's producer compresses (ADR 0031): the topic's log grows by a fraction of the events' bytes, where
     * uncompressed records would add more than their bytes (each record has its own framing).
     */
    @Test
    void eventsAreStoredCompressed() throws Exception {
        UUID mission = UUID.randomUUID();
        Random random = new Random(6);
        long before = topicLogBytes();

        // one transaction, so that the relay sends them together, as it does a burst of submissions
        QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, 200).forEach(i -> {
            Map<String, Object> submission = submission(random, mission);
            outbox.publish("org.eom.observations.observation.submitted", mission,
                    "missions/" + mission + "/observations/" + submission.get("id"), submission);
        }));
        long eventBytes = InfraTestResource.awaitRecords(TOPIC, r -> mission.toString().equals(r.key()), 200).stream()
                .mapToLong(r -> r.value().getBytes(StandardCharsets.UTF_8).length).sum();

        assertThat(topicLogBytes() - before).as("bytes the topic's log grew by, for %d bytes of events", eventBytes)
                .isPositive().isLessThan(eventBytes / 3);
    }

    /** A submission's data as the service publishes it (docs/events.md): the same fields, other ids and answers. */
    private static Map<String, Object> submission(Random random, UUID mission) {
        List<Map<String, Object>> answers = IntStream.range(0, 24).mapToObj(q -> Map.<String, Object>of(
                "questionId", "question_" + q,
                "value", q % 4 == 0 ? random.nextInt(3000) : random.nextBoolean() ? "YES" : "NO",
                "problem", random.nextInt(20) == 0)).toList();
        return Map.ofEntries(Map.entry("id", UUID.randomUUID()), Map.entry("version", 1), Map.entry("revision", 1),
                Map.entry("missionId", mission), Map.entry("stationId", UUID.randomUUID()),
                Map.entry("stationNumber", Integer.toString(random.nextInt(300_000))),
                Map.entry("district", "District " + random.nextInt(20)), Map.entry("phase", "VOTING"),
                Map.entry("submittedBy", "observer-" + random.nextInt(1000)), Map.entry("source", "WEB"),
                Map.entry("status", "ACTIVE"), Map.entry("answers", answers), Map.entry("flags", List.of()));
    }

    /** The size of the topic's partitions on the broker's disk. */
    private static long topicLogBytes() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, InfraTestResource.kafkaBootstrapServers()))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            return admin.describeLogDirs(brokers).allDescriptions().get().values().stream()
                    .flatMap(dirs -> dirs.values().stream())
                    .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                    .filter(replica -> replica.getKey().topic().equals(TOPIC))
                    .mapToLong(replica -> replica.getValue().size())
                    .sum();
        }
    }

    /** Commits an outbox entry with this id; returns the marker its payload carries. */
    private String insert(long id) {
        String marker = "outbox-relay-test-" + UUID.randomUUID();
        feed.execute("insert into outbox_event (id, partition_key, type, payload, created_at) values (?, 'test', 'test', ?, now())",
                id, "{\"type\":\"" + marker + "\"}");
        return marker;
    }
}
