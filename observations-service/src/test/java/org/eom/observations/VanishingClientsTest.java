package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phones lose the network in the middle of an upload. A thousand clients that send a whole submission and
 * hang up before the answer, and a thousand that hang up halfway through the body, must leave no connection
 * or transaction open, every observation stored once or not at all, and the service answering as before.
 */
@QuarkusTest
class VanishingClientsTest {

    static final int CLIENTS = 1000;
    static final int CONCURRENCY = 25;
    /** Spread over stations as on election day: submissions to one station and phase wait for each other (the visit lock). */
    static final int STATIONS = 50;

    @Inject
    MissionFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private TestMission mission;
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void clientsThatHangUpLeaveNothingOpenAndNothingTwice() throws Exception {
        TestMission m = feed.mission(STATIONS);
        mission = m;
        String path = m.observations();
        String token = m.observerA1Token();
        List<UUID> whole = ids();
        List<UUID> half = ids();

        // the outbox relay's leader keeps one connection for its advisory lock: that is the baseline
        long baseline = settled(() -> dataSource.getMetrics().activeCount());
        long servedBefore = served();
        long started = System.nanoTime();
        int sentWhole = hangUpAfter(path, token, whole, false);
        int sentHalf = hangUpAfter(path, token, half, true);
        long sentMillis = (System.nanoTime() - started) / 1_000_000;

        // the server goes on with the whole requests after the clients are gone: wait until it is done and idle
        // done when the service has finished at least the whole requests by its own count and the count stands still
        // (a body that never arrived whole may never reach the endpoint, so it need not be counted)
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        long last = -1;
        for (long now = served() - servedBefore; (now < CLIENTS || now != last) && System.nanoTime() < deadline; now = served() - servedBefore) {
            last = now;
            Thread.sleep(2000);
        }
        long quietMillis = (System.nanoTime() - started) / 1_000_000 - sentMillis;
        long storedWhole = stored(whole);
        long storedHalf = stored(half);
        long idleInTransaction = settled(() -> count("select count(*) from pg_stat_activity where datname = current_database() "
                + "and state like 'idle in transaction%' and pid <> pg_backend_pid()"));
        long active = settled(() -> dataSource.getMetrics().activeCount());
        String sessions = sessions();
        long openSessions = count("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");

        // what the vanished clients were answered, as the service counted it
        given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count") && line.contains("/observations\""))
                .forEach(line -> System.out.println("vanishing clients: " + line));

        // the next requests are answered normally, and a phone that retries its lost uploads gets each stored once
        long retryStarted = System.nanoTime();
        UUID next = UUID.randomUUID();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(next, m.station(2)))
                .post(path).then().statusCode(201);
        List<Integer> retried = retry(path, token, whole);
        long retryMillis = (System.nanoTime() - retryStarted) / 1_000_000;

        System.out.printf("vanishing clients: %d whole and %d half requests sent in %d ms (%d at a time); server idle %d ms later; "
                        + "stored %d of the whole and %d of the half; afterwards %d active pool connections (%d before), %d sessions idle in transaction, "
                        + "%d database sessions; retrying the %d whole ones (10 at a time) took %d ms: %d replays (200), %d created (201), %d retries after 503%n",
                sentWhole, sentHalf, sentMillis, CONCURRENCY, quietMillis, storedWhole, storedHalf, active, baseline, idleInTransaction,
                openSessions, CLIENTS, retryMillis, retried.stream().filter(s -> s == 200).count(), retried.stream().filter(s -> s == 201).count(), busy.get());

        assertThat(sentWhole).isEqualTo(CLIENTS);
        assertThat(sentHalf).isEqualTo(CLIENTS);
        assertThat(storedHalf).as("a body that never arrived whole is never stored").isZero();
        assertThat(active).as("pool connections still active; database sessions: " + sessions).isLessThanOrEqualTo(baseline);
        assertThat(idleInTransaction).as("sessions idle in transaction: " + sessions).isZero();
        // a whole body that arrived is stored though its client hung up (read before the request reaches a worker,
        // BodiesReadAhead), so a retry may find every one stored: replays only
        assertThat(retried).isSubsetOf(200, 201);
        assertThat(retried.stream().filter(s -> s == 200).count()).as("replays of stored uploads").isEqualTo(storedWhole);
        assertThat(stored(whole)).isEqualTo(CLIENTS);
        // one submission each; visits of one team to one station may add FLAGGED versions (repeated visit), which is right
        assertThat(count("select count(*) from observation_version where kind = 'SUBMITTED' and observation_id = any(?)",
                (Object) whole.toArray(new UUID[0]))).as("one submission each: nothing stored twice").isEqualTo(CLIENTS);
        assertThat(count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(CLIENTS + 1);
    }

    private UUID stationOf(UUID id) {
        return mission.station(1 + Math.floorMod(id.hashCode(), STATIONS));
    }

    private static List<UUID> ids() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    private long stored(List<UUID> ids) throws SQLException {
        return count("select count(*) from observation where id = any(?)", (Object) ids.toArray(new UUID[0]));
    }

    /** The fewest seen over three seconds: the outbox relay holds a connection and a transaction for moments. */
    private static long settled(java.util.concurrent.Callable<Long> probe) throws Exception {
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            fewest = Math.min(fewest, probe.call());
            Thread.sleep(250);
        }
        return fewest;
    }

    /** Requests to the submission endpoint the service has finished, whatever their outcome (Micrometer's count). */
    private static long served() {
        return ServiceMetrics.sum("http_server_requests_seconds_count", "uri=\"/api/v1/missions/{missionId}/observations\"");
    }

    /** The service's database sessions: state, since when, and the last statement. */
    private String sessions() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(InfraTestResource.jdbcUrl(), user, password);
             PreparedStatement s = c.prepareStatement("select state, xact_start, left(query, 120) from pg_stat_activity "
                     + "where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.append("\n  ").append(rs.getString(1)).append(" since ").append(rs.getString(2)).append(": ").append(rs.getString(3));
            }
        }
        return out.toString();
    }

    /** Counts on a connection of its own: the service's pool is what is being watched, and may be busy. */
    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(InfraTestResource.jdbcUrl(), user, password);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sends each submission on its own socket and closes it without reading: after the whole body, or after half of it. */
    private int hangUpAfter(String path, String token, List<UUID> ids, boolean halfway) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Boolean>> sent = new ArrayList<>();
            for (UUID id : ids) {
                sent.add(pool.submit(() -> {
                    byte[] body = BadInputTest.json(Checklists.voting(id, stationOf(id))).getBytes(StandardCharsets.UTF_8);
                    String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + RestAssured.port + "\r\n"
                            + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n";
                    try (Socket socket = new Socket("localhost", RestAssured.port)) {
                        OutputStream out = socket.getOutputStream();
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.write(body, 0, halfway ? body.length / 2 : body.length);
                        out.flush();
                    }
                    return true;
                }));
            }
            int count = 0;
            for (Future<Boolean> f : sent) {
                count += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return count;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Integer> retry(String path, String token, List<UUID> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (UUID id : ids) {
                answers.add(pool.submit(() -> {
                    // as a phone does: a 503 (pool exhausted on this busy machine) is retried after its Retry-After
                    for (int attempt = 1; ; attempt++) {
                        int status = given().auth().oauth2(token).contentType(ContentType.JSON)
                                .body(Checklists.voting(id, stationOf(id))).post(path).statusCode();
                        if (status != 503 || attempt == 20) {
                            return status;
                        }
                        busy.incrementAndGet();
                        Thread.sleep(1000);
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(300, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

}
