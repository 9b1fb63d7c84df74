package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the export of a mission with N observations takes (default 1,000,000, {@code -Deom.measure.rows}) and
 * whether the heap stays flat meanwhile: a few observations stored through the API, cloned in SQL to N rows, then
 * exported as CSV and as JSON over HTTP into a sink that only counts. The heap is sampled every 100 ms in this JVM,
 * which runs the service. Checks only that every row arrives, no timing. Runs only when asked:
 * {@code ./mvnw -o -q verify -pl observations-service -am -Dtest=ExportMeasurement -Deom.measure=true
 * -Deom.measure.rows=1000000 -Deom.measure.formats=csv,json -Dsurefire.failIfNoSpecifiedTests=false -DargLine="..."},
 * with the run command's JVM options in {@code argLine} ({@code EOM_SERVICE_JAVA_OPTS} in deploy/README.md) so that
 * the heap is the one a service has.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "eom.measure", matches = "true")
class ExportMeasurement {

    private static final int ROWS = Integer.getInteger("eom.measure.rows", 1_000_000);
    private static final List<String> FORMATS = List.of(System.getProperty("eom.measure.formats", "csv,json").split(","));
    private static final long MB = 1024 * 1024;

    @Inject
    MissionFeed feed;

    @Test
    void exportOfAMissionWithManyObservations() throws Exception {
        TestMission m = feed.mission(2);
        int stored = storeThroughTheApi(m);
        long start = System.nanoTime();
        int cloned = feed.execute("insert into observation (id, mission_id, election_id, station_id, station_number, district, phase, "
                + "template_id, template_version, team_id, delegate_usernames, submitted_by, source, partner_client_id, arrived_at, "
                + "departed_at, received_at, status, withdrawal_reason, overall_assessment, answers, flags, review_status, notes, "
                + "created_hash, content_hash, version, revision) "
                + "select gen_random_uuid(), mission_id, election_id, station_id, station_number, district, phase, template_id, "
                + "template_version, team_id, delegate_usernames, submitted_by, source, partner_client_id, arrived_at, departed_at, "
                // one every 10 ms after the originals: a million arrive within three hours of election day
                + "received_at + n * interval '10 milliseconds', status, withdrawal_reason, overall_assessment, answers, flags, "
                + "review_status, notes, created_hash, content_hash, version, revision "
                + "from generate_series(1, ?) n join (select *, row_number() over (order by received_at, id) - 1 as seed "
                + "from observation where mission_id = ?) original on original.seed = n % ?", ROWS - stored, m.missionId(), stored);
        assertThat(cloned).isEqualTo(ROWS - stored);
        feed.execute("analyze observation");
        System.out.printf("MEASUREMENT %,d observations cloned from %d in %.1f s%n", cloned, stored, seconds(start));

        if (FORMATS.contains("csv")) {
            measure(m, "csv", "\r\n");
        }
        if (FORMATS.contains("json")) {
            // each object of the array begins with its id
            measure(m, "json", "{\"id\":");
        }
    }

    /** Observations with what makes cells differ: problems, flags, lists, a partner, quotes, commas and Cyrillic. */
    private static int storeThroughTheApi(TestMission m) {
        String observerA2Token = TestTokens.user(m.observerA2(), "observer");
        Map<String, Object> problems = Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "NO", "group_voting", "YES",
                "overall_assessment", "BAD", "technologies", List.of("VIDEO_SURVEILLANCE", "BALLOT_SCANNER"));
        List<Map<String, Object>> bodies = List.of(
                Checklists.voting(UUID.randomUUID(), m.station(1)),
                notes(Checklists.voting(UUID.randomUUID(), m.station(2), problems), "queue of \"about 40\", no ramp"),
                notes(Checklists.voting(UUID.randomUUID(), m.station(1),
                        Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES")), "=posters at the door"),
                notes(Checklists.voting(UUID.randomUUID(), m.station(2)), "Всё спокойно, очередь небольшая"));
        List<String> tokens = List.of(m.observerA1Token(), m.observerA1Token(), observerA2Token, m.partnerToken());
        for (int i = 0; i < bodies.size(); i++) {
            given().auth().oauth2(tokens.get(i)).contentType(ContentType.JSON).body(bodies.get(i))
                    .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        }
        return bodies.size();
    }

    private static Map<String, Object> notes(Map<String, Object> body, String notes) {
        body.put("notes", notes);
        return body;
    }

    private void measure(TestMission m, String format, String eachRow) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = heapUsed(memory);
        AtomicLong min = new AtomicLong(Long.MAX_VALUE);
        AtomicLong max = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long used = heapUsed(memory);
            min.accumulateAndGet(used, Math::min);
            max.accumulateAndGet(used, Math::max);
        }, 0, 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        double answered;
        CountingSink sink;
        // Quarkus has REST Assured log a request and its response if validation fails, so it would keep the whole body
        try (InputStream body = given().config(RestAssured.config().logConfig(LogConfig.logConfig())).auth().oauth2(m.analystToken())
                .get("/api/v1/missions/{m}/export?format={f}", m.missionId(), format)
                .then().statusCode(200).extract().asInputStream()) {
            answered = seconds(start); // the service answers once it knows the columns
            sink = CountingSink.drain(body, eachRow.getBytes(StandardCharsets.UTF_8));
        } finally {
            sampler.shutdown();
        }
        double seconds = seconds(start);
        System.gc();
        System.out.printf("MEASUREMENT export %s: %,d rows, %,d bytes in %.1f s (answered after %.2f s), %,.0f rows/s; heap used MB: "
                        + "before %d, during min %d max %d, after %d%n", format, ROWS, sink.bytes, seconds, answered, ROWS / seconds, before / MB,
                min.get() / MB, max.get() / MB, heapUsed(memory) / MB);
        long header = format.equals("csv") ? 1 : 0;
        assertThat(sink.matches).as("rows of the " + format + " export").isEqualTo(ROWS + header);
    }

    private static long heapUsed(MemoryMXBean memory) {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Seconds since {@code startNanos} of {@link System#nanoTime()}: the clock of every measurement here. */
    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Reads a stream to its end, keeping nothing: counts its bytes and the occurrences of a byte pattern. */
    private static final class CountingSink {
        long bytes;
        long matches;

        static CountingSink drain(InputStream in, byte[] pattern) throws IOException {
            CountingSink sink = new CountingSink();
            byte[] buffer = new byte[1 << 16];
            int matched = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sink.bytes += n;
                for (int i = 0; i < n; i++) {
                    // restarting at 0 on a mismatch is enough: neither pattern's first byte recurs inside it
                    matched = buffer[i] == pattern[matched] ? matched + 1 : buffer[i] == pattern[0] ? 1 : 0;
                    if (matched == pattern.length) {
                        sink.matches++;
                        matched = 0;
                    }
                }
            }
            return sink;
        }
    }
}
