package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eom.reports.events.ObservationsConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long the consumer takes to apply one full poll (500 events) of new observations, and one of their
 * amendments: a quick check to compare two versions of the code on the same machine, not a benchmark, and no
 * assertion. Runs only when asked:
 * {@code ./mvnw -o -q verify -pl reports-service -am -Dtest=ObservationPollMeasurement -Deom.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "eom.measure", matches = "true")
class ObservationPollMeasurement {

    private static final int POLL = 500;
    private static final int WARM_UP = 3;
    private static final int ROUNDS = 8;

    @Inject
    ObservationsConsumer consumer;

    @Test
    void pollsOfSubmissionsAndOfAmendments() {
        MissionFixture f = new MissionFixture();
        String[] stations = new String[50];
        for (int i = 0; i < stations.length; i++) {
            stations[i] = Integer.toString(i + 1);
        }
        f.election("KZ", "Local elections", "2023-03-19").mission("OTS", "Measurement " + f.tag, List.of("Astana"))
                .stations("Yesil", stations).templates();
        List<Long> submissions = new ArrayList<>();
        List<Long> amendments = new ArrayList<>();
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            f.feed.holdBack();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < POLL; i++) {
                ids.add(f.observe("VOTING", stations[i % stations.length], "GOOD", Map.of("secrecy", "YES", "campaign_material", "NO",
                        "accessibility", "FULL", "irregularities", List.of("none"), "voters_in_queue", 12)));
            }
            long submitted = millis(EventFeed.poll(f.feed.release()));
            f.feed.holdBack();
            ids.forEach(id -> f.amend(id, "BAD", Map.of("secrecy", "NO", "irregularities", List.of("carousel"))));
            long amended = millis(EventFeed.poll(f.feed.release()));
            if (round >= WARM_UP) {
                submissions.add(submitted);
                amendments.add(amended);
            }
        }
        System.out.printf("MEASUREMENT poll of %d events, ms over %d rounds after %d to warm up: submissions %s (median %d), "
                        + "amendments %s (median %d)%n", POLL, ROUNDS, WARM_UP, submissions, median(submissions), amendments,
                median(amendments));
    }

    private long millis(ConsumerRecords<String, String> poll) {
        long start = System.nanoTime();
        consumer.on(poll);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
