package org.eom.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eom.reports.Api.awaitSummary;
import static org.eom.reports.Api.count;
import static org.eom.reports.MissionFixture.map;

/**
 * How events are consumed (ADR 0008), against the real database and broker: a database failure is
 * waited out and the event applied once; a bad record in a batch costs only itself; a batch
 * delivered again changes nothing.
 */
@QuarkusTest
class EventConsumptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventTheDatabaseCannotTakeForAWhileIsRetriedAndCountedOnceNotDeadLettered() throws Exception {
        MissionFixture f = mission();
        f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        awaitSummary(f.missionId, s -> s.getLong("total.observations") == 1);

        UUID late;
        try (Connection blocker = database()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table observation in access exclusive mode");
            }
            late = f.observe("VOTING", "2", "BAD", Map.of("secrecy", "NO"));
            // the consumer waits on the lock; its connection is killed, as when PostgreSQL restarts...
            int first = awaitBlockedConsumer(blocker, -1);
            terminate(blocker, first);
            // ... and it comes back on a new connection, in a new transaction, and waits again
            awaitBlockedConsumer(blocker, first);
            blocker.rollback();
        }

        JsonPath s = awaitSummary(f.missionId, summary -> summary.getLong("total.observations") == 2);
        assertThat(s.getLong("total.stations")).isEqualTo(2);
        assertThat(count("select count(*) from observation where id = ?", late)).isEqualTo(1);
        assertThat(InfraTestResource.records(Topics.OBSERVATIONS_DLQ)).noneMatch(r -> r.value().contains(late.toString()));
    }

    @Test
    void aRecordThatCanNeverBeAppliedIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() throws Exception {
        MissionFixture f = mission();
        UUID broken = UUID.randomUUID();
        List<UUID> good = new ArrayList<>();
        try (Connection blocker = database()) {
            // held back so that the records arrive together and are polled as one batch
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table observation in access exclusive mode");
            }
            good.add(f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES")));
            good.add(f.observe("VOTING", "2", "BAD", Map.of("secrecy", "NO")));
            // a CloudEvent whose data does not bind: found only when the handler reads it, inside the batch
            f.feed.send(EventFeed.OBSERVATIONS, f.missionId, "org.eom.observations.observation.submitted",
                    map("id", broken, "revision", "not a number", "missionId", f.missionId));
            good.add(f.observe("VOTING", "3", "GOOD", Map.of("secrecy", "YES")));
            good.add(f.observe("OPENING", "1", "GOOD", Map.of()));
            awaitBlockedConsumer(blocker, -1);
            blocker.rollback();
        }

        JsonPath s = awaitSummary(f.missionId, summary -> summary.getLong("total.observations") == 4);
        assertThat(s.getLong("total.stations")).isEqualTo(3);
        List<ConsumerRecord<String, String>> dead = InfraTestResource.awaitRecords(Topics.OBSERVATIONS_DLQ,
                r -> r.value().contains(broken.toString()), 1);
        assertThat(header(dead.getFirst(), "dead-letter-reason")).contains("ObservationData");
        assertThat(header(dead.getFirst(), "dead-letter-topic")).isEqualTo(EventFeed.OBSERVATIONS);
        assertThat(InfraTestResource.records(Topics.OBSERVATIONS_DLQ))
                .noneMatch(r -> good.stream().anyMatch(id -> r.value().contains(id.toString())))
                .filteredOn(r -> r.value().contains(broken.toString())).hasSize(1);
    }

    @Test
    void aBatchDeliveredAgainChangesNothing() throws Exception {
        MissionFixture f = mission();
        UUID amended = f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        f.observe("VOTING", "2", "BAD", Map.of("secrecy", "NO"));
        f.amend(amended, "BAD", Map.of("secrecy", "NO"));
        f.incident("INTIMIDATION", "HIGH", "3");
        JsonPath before = awaitSummary(f.missionId, s -> s.getLong("total.observations") == 2 && s.getLong("incidents.total") == 1
                && s.getLong("phases.find { it.phase == 'VOTING' }.assessment.negative.observations") == 2);

        List<EventFeed.Sent> again = f.feed.sent().stream().filter(r -> r.topic().equals(EventFeed.OBSERVATIONS)).toList();
        EventFeed.Sent marker;
        try (Connection blocker = database()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("lock table processed_event in access exclusive mode");
            }
            again.forEach(f.feed::send);
            // a type no one reads, on the mission's key: once it is processed, so is everything before it
            marker = f.feed.send(EventFeed.OBSERVATIONS, f.missionId, "org.eom.observations.test.marker", map("at", "end"));
            awaitBlockedConsumer(blocker, -1);
            blocker.rollback();
        }
        UUID markerId = UUID.fromString(JSON.readTree(marker.value()).get("id").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from processed_event where event_id = ?", markerId) == 1);

        JsonPath after = awaitSummary(f.missionId, s -> true);
        assertThat(Api.figures(after)).isEqualTo(Api.figures(before));
        assertThat(count("select count(*) from observation where mission_id = ? and revision = 1", f.missionId)).isEqualTo(1);
        assertThat(count("select count(*) from observation where mission_id = ? and revision = 2", f.missionId)).isEqualTo(1);
    }

    private static MissionFixture mission() {
        MissionFixture f = new MissionFixture();
        f.election("KZ", "Local elections", "2023-03-19").mission("OTS", "Consumption " + f.tag, List.of("Astana"))
                .stations("Yesil", "1", "2", "3").templates();
        return f;
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(InfraTestResource.jdbcUrl(), "postgres", "postgres");
    }

    /** Waits until a backend other than {@code not} waits for a lock (the consumer, held by the test's lock); returns its pid. */
    private static int awaitBlockedConsumer(Connection admin, int not) {
        AtomicInteger pid = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (PreparedStatement statement = admin.prepareStatement("""
                    select pid from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid() and pid <> ?""")) {
                statement.setInt(1, not);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        pid.set(rs.getInt(1));
                        return true;
                    }
                    return false;
                }
            }
        });
        return pid.get();
    }

    private static void terminate(Connection admin, int pid) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement("select pg_terminate_backend(?)")) {
            statement.setInt(1, pid);
            statement.executeQuery().close();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
