package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.eom.deploy.infra.Infrastructure;
import org.eom.deploy.infra.PostgresServer;
import org.eom.deploy.infra.Topics;
import org.eom.deploy.local.Service;
import org.eom.deploy.local.ServiceProcess;
import org.eom.deploy.local.Stack;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults under load: while observers submit checklists continuously through the real stack, the Kafka broker is killed
 * and restarted, each service is killed with SIGKILL and restarted, observations-service crashes and the stack starts it
 * again by itself (as the run command does), PostgreSQL is restarted, and a malformed record is put on each topic.
 * Afterwards every observation that got a 2xx is stored exactly once (observations-service export), counted exactly
 * once (reports-service figures and their drill-down) and known once to missions-service's coverage; no outbox entry
 * is left; the malformed records are in the dead-letter topics and the consumers went on past them.
 * <p>
 * It prints what it submitted, accepted, refused and counted, and what clients saw during each fault (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Resolver.class)
class FaultsIT {

    private static final int STATIONS = 200;
    private static final List<String> OBSERVERS = List.of("observer1", "observer2", "observer3");
    /** Accredited after the malformed record on eom.missions.v1: the consumers must get past it to learn of them. */
    private static final String LATE_OBSERVER = "observer4";
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    /** After the load: time for the relays to empty the outboxes and the consumers to catch up. */
    private static final Duration GRACE = Duration.ofSeconds(180);
    private static final Duration KAFKA_DOWN = Duration.ofSeconds(15);
    private static final Duration BETWEEN_FAULTS = Duration.ofSeconds(5);
    /**
     * Which services consume each topic (docs/events.md): a malformed record goes to the topic's dead-letter topic once
     * per consuming service. Nothing in the platform consumes eom.reports.v1 (it is for CEC integrations).
     */
    private static final Map<String, List<Service>> CONSUMERS = Map.of(
            Topics.MISSIONS, List.of(Service.OBSERVATIONS, Service.REPORTS),
            Topics.OBSERVATIONS, List.of(Service.MISSIONS, Service.REPORTS),
            Topics.REPORTS, List.of());

    private E2eStack e2e;
    private Stack stack;
    private Api api;

    private final UUID electionId = UUID.randomUUID();
    private final UUID missionId = UUID.randomUUID();
    private final List<UUID> stations = new ArrayList<>();
    private JsonNode votingForm;

    /** What each fault did to the clients and how long the platform took to recover. */
    private record FaultRun(String fault, Duration outage, String clientsSaw, String caughtUp) {

        @Override
        public String toString() {
            return fault + ": out for " + seconds(outage) + "; clients: " + clientsSaw + "; figures caught up " + caughtUp
                    + " after it was back";
        }
    }

    private final List<FaultRun> faults = new ArrayList<>();

    @BeforeAll
    void createMissionOnTheStack(E2eStack e2e) {
        this.e2e = e2e;
        stack = e2e.stack;
        api = e2e.api;
        createMission();
    }

    /** The secretariat sets up an election with its stations and a mission with three accredited observers. */
    private void createMission() {
        String admin = admin();
        api.post(e2e.missions + "/elections").token(admin).json(Json.object().put("id", electionId.toString()).put("country", "KZ")
                .put("name", "Faults under load election").put("type", "parliamentary").put("electionDay", "2023-03-19")).expect(201);
        StringBuilder csv = new StringBuilder("number,name,district\n");
        for (int i = 1; i <= STATIONS; i++) {
            csv.append(String.format(Locale.ROOT, "%03d,Polling station No. %d,District %02d%n", i, i, 1 + i % 10));
        }
        JsonNode imported = api.post(e2e.missions + "/elections/" + electionId + "/polling-stations/import").token(admin)
                .body("text/csv", csv.toString()).expect(200).json();
        if (imported.path("created").asInt() != STATIONS) {
            throw new IllegalStateException("The station import created " + imported);
        }
        api.post(e2e.missions + "/missions").token(admin).json(Json.object().put("id", missionId.toString())
                .put("electionId", electionId.toString()).put("organisation", "OTS").put("name", "Faults under load mission")
                .put("observationStart", "2023-03-19T00:00:00Z").put("observationEnd", "2023-03-20T00:00:00Z")).expect(201);
        OBSERVERS.forEach(this::accredit);

        await("observations-service to learn the mission, its observers and " + STATIONS + " stations").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (String observer : OBSERVERS) {
                        if (!knowsMission(observer)) {
                            return false;
                        }
                    }
                    return stationsKnown() == STATIONS;
                });
        JsonNode forms = api.get(e2e.observations + "/forms?phase=VOTING").token(admin).expect(200).json();
        for (JsonNode form : forms.path("items")) {
            if (form.path("missionId").isNull() && (votingForm == null || form.path("version").asInt() > votingForm.path("version").asInt())) {
                votingForm = form;
            }
        }
        await("reports-service to know the mission").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(summaryUrl()).token(user(OBSERVERS.getFirst())).send().status() == 200);
    }

    private void accredit(String username) {
        api.post(e2e.missions + "/missions/" + missionId + "/delegates").token(admin()).json(Json.object()
                .put("id", UUID.randomUUID().toString()).put("fullName", "Observer " + username).put("memberState", "TR")
                .put("affiliation", "OTHER").put("missionRole", "OBSERVER").put("accreditationStatus", "ACCREDITED")
                .put("username", username)).expect(201);
    }

    /** Whether observations-service shows the observer the mission in their offline sync (it knows them as its delegate). */
    private boolean knowsMission(String username) {
        Api.Response sync = api.get(e2e.observations + "/sync?limit=1").token(user(username)).send();
        return sync.status() == 200 && sync.json().path("missions").findValuesAsText("id").contains(missionId.toString());
    }

    /** The election's stations in observations-service's copy, read through a delegate's sync. */
    private int stationsKnown() {
        stations.clear();
        String cursor = null;
        boolean more = true;
        while (more) {
            String from = cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            JsonNode page = api.get(e2e.observations + "/sync?limit=1000" + from).token(user(OBSERVERS.getFirst())).expect(200).json();
            for (JsonNode station : page.path("stations")) {
                if (station.path("electionId").asText().equals(electionId.toString())) {
                    stations.add(UUID.fromString(station.path("id").asText()));
                }
            }
            cursor = page.path("cursor").asText(null);
            more = page.path("hasMore").asBoolean();
        }
        return stations.size();
    }

    @Test
    void everyAcceptedObservationIsStoredAndCountedExactlyOnceWhateverBreaks() throws InterruptedException {
        LoadDriver load = new LoadDriver(api, e2e.tokens, e2e.observations + "/missions/" + missionId + "/observations", votingForm, stations);
        Instant loadStart = Instant.now();
        // About ten submissions a second on an idle 2-core machine: what reports-service's consumer keeps up with there
        // while the services share the cores with PostgreSQL, Kafka and Keycloak, so that a lag is a fault's doing.
        OBSERVERS.forEach(load::add);
        pause(Duration.ofSeconds(10));

        Infrastructure infra = stack.infrastructure();
        // With the outboxes a service does its work while Kafka is down, so it must stay ready: an orchestrator takes an
        // unready instance out of service, and the phones would find none while the broker is away.
        Map<Service, Integer> readinessWithoutKafka = new LinkedHashMap<>();
        fault(load, "Kafka broker killed (SIGKILL), down " + KAFKA_DOWN.toSeconds() + " s, restarted", () -> {
            infra.kafka().kill();
            pause(KAFKA_DOWN);
            for (Service service : Service.values()) {
                readinessWithoutKafka.put(service, api.get(stack.url(service) + "/q/health/ready").send().status());
            }
            infra.kafka().restart();
        });
        for (Service service : Service.values()) {
            fault(load, service.module() + " killed (SIGKILL) and restarted", () -> {
                stack.kill(service);
                stack.restart(service);
            });
        }
        // As the run command does: a service that exits on its own (a crash, or its JVM ending on an OutOfMemoryError)
        // is started again by the stack, with nobody calling restart.
        List<String> supervision = new CopyOnWriteArrayList<>();
        stack.restartServicesThatExit(line -> {
            supervision.add(line);
            System.out.println("[faults] " + line);
        });
        fault(load, "observations-service crashed (SIGKILL from outside the stack), started again by the stack", () -> {
            ServiceProcess crashed = stack.service(Service.OBSERVATIONS);
            ProcessHandle.of(crashed.pid()).orElseThrow().destroyForcibly();
            // not listening until it is started again: ignore the refused connections until then
            await("the stack to start observations-service again").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> stack.service(Service.OBSERVATIONS).pid() != crashed.pid()
                            && api.get(stack.url(Service.OBSERVATIONS) + "/q/health/ready").send().status() == 200);
        });
        assertThat(supervision).as("what the stack said about the crash")
                .anyMatch(line -> line.startsWith("observations-service exited with code 137; starting it again"))
                .anyMatch(line -> line.startsWith("observations-service ready again in"));
        fault(load, "PostgreSQL restarted (fast shutdown)", () -> infra.postgres().restart());

        // Malformed records, keyed by the mission so that they sit in the partition of its later events.
        Instant malformedAt = Instant.now();
        Map<String, String> markers = new LinkedHashMap<>();
        for (String topic : List.of(Topics.MISSIONS, Topics.OBSERVATIONS, Topics.REPORTS)) {
            String marker = "faults-suite-malformed-" + UUID.randomUUID();
            markers.put(topic, marker);
            RawRecords.produce(infra.kafka().bootstrapServers(), topic, missionId.toString(), "{\"not\": \"a CloudEvent\", \"marker\": \"" + marker + "\"");
        }
        // The consumers of eom.missions.v1 must get past the malformed record to learn of the new observer.
        accredit(LATE_OBSERVER);
        Instant lateStart = Instant.now();
        await("observations-service to learn of " + LATE_OBSERVER + " past the malformed record").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(500)).until(() -> knowsMission(LATE_OBSERVER));
        await("reports-service to learn of " + LATE_OBSERVER + " past the malformed record").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(500)).until(() -> api.get(summaryUrl()).token(user(LATE_OBSERVER)).send().status() == 200);
        Duration lateObserverKnownAfter = Duration.between(lateStart, Instant.now());
        load.add(LATE_OBSERVER);
        pause(Duration.ofSeconds(10));

        load.stop();
        Instant loadEnd = Instant.now();
        Set<UUID> accepted = load.accepted();
        Set<UUID> afterMalformed = load.acceptedFirstSentAfter(malformedAt);

        Instant graceStart = Instant.now();
        awaitQuietly(GRACE, () -> countedTotal() == accepted.size() && pendingOutbox().values().stream().allMatch(n -> n == 0));
        Duration grace = Duration.between(graceStart, Instant.now());

        List<UUID> stored = exportedIds();
        List<UUID> counted = countedIds();
        long countedTotal = countedTotal();
        List<UUID> coverage = coverageIds();
        Map<String, Long> outbox = pendingOutbox();
        Map<String, List<ConsumerRecord<String, String>>> deadLetters = new LinkedHashMap<>();
        for (String topic : markers.keySet()) {
            deadLetters.put(topic, RawRecords.readAll(infra.kafka().bootstrapServers(), topic + ".dlq"));
        }

        report(load, loadStart, loadEnd, accepted, stored, counted, countedTotal, coverage, outbox, grace, lateObserverKnownAfter,
                afterMalformed, deadLetters, markers);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(readinessWithoutKafka.values()).as("readiness while Kafka was down: " + readinessWithoutKafka)
                .hasSize(Service.values().length).containsOnly(200);
        softly.assertThat(load.refused()).as("valid observations refused with a 4xx").isEmpty();
        softly.assertThat(load.unanswered()).as("observations never answered").isEmpty();
        softly.assertThat(accepted).as("some observations accepted").hasSizeGreaterThan(100);
        softly.assertThat(duplicates(stored)).as("stored more than once (observations-service export)").isEmpty();
        softly.assertThat(difference(accepted, stored)).as("accepted but not stored").isEmpty();
        softly.assertThat(difference(stored, accepted)).as("stored but never accepted").isEmpty();
        softly.assertThat(countedTotal).as("reports-service summary total").isEqualTo(accepted.size());
        softly.assertThat(duplicates(counted)).as("counted more than once (reports-service drill-down)").isEmpty();
        softly.assertThat(difference(accepted, counted)).as("accepted but not counted").isEmpty();
        softly.assertThat(difference(counted, accepted)).as("counted but never accepted").isEmpty();
        softly.assertThat(duplicates(coverage)).as("reported visits known twice to missions-service").isEmpty();
        softly.assertThat(difference(accepted, coverage)).as("accepted but unknown to missions-service's coverage").isEmpty();
        softly.assertThat(difference(coverage, accepted)).as("known to missions-service's coverage but never accepted").isEmpty();
        softly.assertThat(afterMalformed).as("observations accepted after the malformed records").isNotEmpty();
        softly.assertThat(outbox.values()).as("outbox entries left after " + seconds(grace) + ": " + outbox).allMatch(n -> n == 0);
        markers.forEach((topic, marker) -> softly.assertThat(deadLetters.get(topic).stream().filter(r -> r.value().contains(marker)).count())
                .as("the malformed record on " + topic + " in " + topic + ".dlq, once per consuming service " + CONSUMERS.get(topic))
                .isEqualTo(CONSUMERS.get(topic).size()));
        deadLetters.forEach((topic, records) -> softly.assertThat(records.stream()
                        .filter(r -> !r.value().contains(markers.get(topic))).map(FaultsIT::describe).toList())
                .as("dead letters on " + topic + ".dlq besides the malformed record: events the consumers gave up on").isEmpty());
        softly.assertAll();
    }

    /** Runs the fault, waits until the service or server is back, and measures until the figures have caught up. */
    private void fault(LoadDriver load, String name, Runnable fault) {
        System.out.println("[faults] " + name + " …");
        Instant start = Instant.now();
        fault.run();
        Instant back = Instant.now();
        int acceptedByNow = load.acceptedCount();
        Instant caughtUp = awaitQuietly(EVENTUALLY, () -> countedTotal() >= acceptedByNow);
        // The retries of the fault's last failed attempts are answered within the pause.
        pause(BETWEEN_FAULTS);
        FaultRun run = new FaultRun(name, Duration.between(start, back), load.seenBetween(start, Instant.now()),
                caughtUp == null ? "not within " + seconds(EVENTUALLY) : seconds(Duration.between(back, caughtUp)));
        faults.add(run);
        System.out.println("[faults] " + run);
    }

    /** Polls until the condition holds; the instant it did, or null after the timeout (the final checks then say what is missing). */
    private static Instant awaitQuietly(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return Instant.now();
                }
            } catch (RuntimeException e) {
                // A service still recovering: ask again.
            }
            pause(Duration.ofMillis(500));
        }
        return null;
    }

    private long countedTotal() {
        return api.get(summaryUrl()).token(admin()).expect(200).json().path("total").path("observations").asLong();
    }

    /** Every observation id in observations-service's export of the mission, duplicates kept. */
    private List<UUID> exportedIds() {
        JsonNode rows = api.get(e2e.observations + "/missions/" + missionId + "/export?format=json").token(admin()).expect(200).json();
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(UUID.fromString(row.path("id").asText())));
        return ids;
    }

    /**
     * Every observation id behind reports-service's figures (the summary's drill-down), duplicates kept: read on from
     * each page's nextCursor, as a client copying the list would (ADR 0032).
     */
    private List<UUID> countedIds() {
        List<UUID> ids = new ArrayList<>();
        String next = "";
        while (next != null) {
            JsonNode body = api.get(summaryUrl() + "/observations?size=200" + (next.isEmpty() ? "" : "&cursor=" + next))
                    .token(admin()).expect(200).json();
            body.path("items").forEach(item -> ids.add(UUID.fromString(item.path("id").asText())));
            next = body.hasNonNull("nextCursor") ? body.path("nextCursor").asText() : null;
        }
        return ids;
    }

    /** Every reported visit missions-service learnt from eom.observations.v1 (no visit is planned, so all are unplanned). */
    private List<UUID> coverageIds() {
        return pagedIds(e2e.missions + "/missions/" + missionId + "/coverage/unplanned", "observationId");
    }

    private List<UUID> pagedIds(String url, String field) {
        List<UUID> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = api.get(url + "?size=200&page=" + page).token(admin()).expect(200).json();
            body.path("items").forEach(item -> ids.add(UUID.fromString(item.path(field).asText())));
            if (page + 1 >= body.path("totalPages").asInt()) {
                return ids;
            }
        }
    }

    /** Rows in each service's outbox_event table. */
    private Map<String, Long> pendingOutbox() {
        PostgresServer postgres = stack.infrastructure().postgres();
        Map<String, Long> pending = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(service.database()), postgres.username(),
                    postgres.password()); Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("select count(*) from outbox_event")) {
                count.next();
                pending.put(service.database(), count.getLong(1));
            } catch (SQLException e) {
                throw new IllegalStateException("Could not count the outbox of " + service.database(), e);
            }
        }
        return pending;
    }

    private void report(LoadDriver load, Instant loadStart, Instant loadEnd, Set<UUID> accepted, List<UUID> stored, List<UUID> counted,
                        long countedTotal, List<UUID> coverage, Map<String, Long> outbox, Duration grace, Duration lateObserverKnownAfter,
                        Set<UUID> afterMalformed, Map<String, List<ConsumerRecord<String, String>>> deadLetters, Map<String, String> markers) {
        Duration loadTime = Duration.between(loadStart, loadEnd);
        System.out.println("[faults] ==== Faults under load ====");
        System.out.printf(Locale.ROOT, "[faults] load: %s, %d attempts (%.1f/s)%n", seconds(loadTime), load.attempts().size(),
                load.attempts().size() / Math.max(1.0, loadTime.toMillis() / 1000.0));
        System.out.printf(Locale.ROOT, "[faults] submitted %d, accepted %d (%d of them after a failed attempt), refused %d, unanswered %d%n",
                load.submitted().size(), accepted.size(), load.acceptedAfterRetry(), load.refused().size(), load.unanswered().size());
        System.out.printf(Locale.ROOT, "[faults] stored %d (%d distinct), counted %d (drill-down %d, %d distinct), known to missions-service %d (%d distinct)%n",
                stored.size(), new HashSet<>(stored).size(), countedTotal, counted.size(), new HashSet<>(counted).size(), coverage.size(),
                new HashSet<>(coverage).size());
        System.out.println("[faults] accepted but not counted: " + difference(accepted, counted).size()
                + ", accepted after the malformed records: " + afterMalformed.size()
                + " (" + difference(afterMalformed, counted).size() + " of them not counted)");
        System.out.println("[faults] outbox after a grace period of " + seconds(grace) + ": " + outbox);
        System.out.println("[faults] " + LATE_OBSERVER + " (accredited after the malformed record) known to both consumers after "
                + seconds(lateObserverKnownAfter));
        faults.forEach(f -> System.out.println("[faults] " + f));
        deadLetters.forEach((topic, records) -> {
            long malformed = records.stream().filter(r -> r.value().contains(markers.get(topic))).count();
            System.out.println("[faults] " + topic + ".dlq: " + records.size() + " records, " + malformed + " of them the malformed one");
            records.stream().filter(r -> !r.value().contains(markers.get(topic)))
                    .forEach(r -> System.out.println("[faults]   " + describe(r)));
        });
    }

    /** A dead letter as evidence: the event (type, id, the observation or subject) and why it was given up on. */
    private static String describe(ConsumerRecord<String, String> record) {
        String what;
        try {
            JsonNode event = Json.parse(record.value());
            what = event.path("type").asText() + " " + event.path("id").asText() + " (" + event.path("subject").asText()
                    + (event.path("data").has("revision") ? ", revision " + event.path("data").path("revision").asText() : "") + ")";
        } catch (RuntimeException notJson) {
            what = Json.write(record.value().length() > 120 ? record.value().substring(0, 120) + "…" : record.value());
        }
        return what + ": " + RawRecords.header(record, "dead-letter-reason");
    }

    private static <T> Set<T> difference(Set<T> a, List<T> b) {
        Set<T> rest = new HashSet<>(a);
        b.forEach(rest::remove);
        return rest;
    }

    private static <T> Set<T> difference(List<T> a, Set<T> b) {
        Set<T> rest = new HashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static <T> Set<T> duplicates(List<T> items) {
        return items.stream().collect(Collectors.groupingBy(Function.identity(), HashMap::new, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private String summaryUrl() {
        return e2e.reports + "/missions/" + missionId + "/summary";
    }

    private String admin() {
        return user("secretariat");
    }

    private String user(String username) {
        return e2e.user(username);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
