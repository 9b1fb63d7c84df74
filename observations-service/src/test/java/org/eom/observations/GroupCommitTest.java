package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Several submissions stored in one transaction (ADR 0014): a batch's items, or single submissions that arrived
 * together. Each must end as if they had been stored one after another.
 */
@QuarkusTest
class GroupCommitTest {

    private static final Map<String, Object> DISAGREEING = Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES");

    @Inject
    MissionFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "eom.observations.group-commit.writers")
    int writers;

    @ConfigProperty(name = "eom.observations.group-commit.max-waiting")
    int maxWaiting;

    @ConfigProperty(name = "eom.observations.group-commit.max-waiting-size")
    MemorySize maxWaitingSize;

    /** Runs every upload at once, one thread each; their results in the order given. */
    private static <T> List<T> inParallel(List<Callable<T>> uploads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(uploads.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(uploads)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Map<String, Object> byTeam(Map<String, Object> observation, UUID team) {
        observation.put("teamId", team.toString());
        return observation;
    }

    @Test
    void aGroupsStationsAreReadTogetherEachFromItsMissionsElection() {
        TestMission m = feed.mission(2);
        TestMission other = feed.mission(2);
        List<Object> items = List.of(
                Checklists.voting(UUID.randomUUID(), m.station(1)),
                Checklists.voting(UUID.randomUUID(), other.station(1)), // a station, but of another election
                Checklists.voting(UUID.randomUUID(), m.station(2)));

        m.postBatch(m.observerA1Token(), items).then().statusCode(200)
                .body("results.outcome", equalTo(List.of("CREATED", "INVALID", "CREATED")))
                .body("results[1].errors[0].field", equalTo("stationId"));
        // read for the first mission's group, the station was not kept as that election's; in its own it is found
        given().auth().oauth2(other.observerA1Token()).contentType(ContentType.JSON)
                .body(Checklists.voting(UUID.randomUUID(), other.station(1)))
                .post(other.observations()).then().statusCode(201).body("stationNumber", equalTo("1"));
    }

    @Test
    void oneGroupSeesItsOwnEarlierSubmissionsAndRefusesOnlyTheBadOne() {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Map<String, Object> firstVisit = byTeam(Checklists.voting(first, m.station(1)), m.teamA());
        List<Object> items = List.of(
                firstVisit,
                byTeam(Checklists.voting(second, m.station(1), DISAGREEING), m.teamB()),
                Checklists.voting(UUID.randomUUID(), UUID.randomUUID()), // unknown station
                firstVisit, // the same submission again
                byTeam(Checklists.voting(first, m.station(1), DISAGREEING), m.teamA())); // the same id with other content

        m.postBatch(m.observerA1Token(), items).then().statusCode(200)
                .body("results.outcome", equalTo(List.of("CREATED", "CREATED", "INVALID", "REPLAY", "CONFLICT")))
                .body("results[2].errors[0].field", equalTo("stationId"));

        // created by the same commit, the first visit carries the conflict from the start: no FLAGGED revision
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first).then().statusCode(200)
                .body("revision", equalTo(1)).body("flags.code", equalTo(List.of("CONFLICT")))
                .body("flags[0].otherObservationId", equalTo(second.toString()));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first + "/versions").then().statusCode(200)
                .body("kind", equalTo(List.of("SUBMITTED"))).body("[0].record.flags[0].code", equalTo("CONFLICT"));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + second).then().statusCode(200)
                .body("flags.code", equalTo(List.of("CONFLICT"))).body("flags[0].otherObservationId", equalTo(first.toString()));
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(2);
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.value().contains("observation.submitted")
                && r.value().contains("\"id\":\"" + first + "\"") && r.value().contains("CONFLICT"), 1);
    }

    @Test
    void aStoredVisitGetsOneFlaggedRevisionPerGroupThatChangesIt() {
        TestMission m = feed.mission(2);
        UUID stored = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(stored, m.station(1)))
                .post(m.observations()).then().statusCode(201).body("flags", equalTo(List.of()));

        List<Object> items = List.of(
                byTeam(Checklists.voting(UUID.randomUUID(), m.station(1), DISAGREEING), m.teamB()),
                byTeam(Checklists.voting(UUID.randomUUID(), m.station(1), DISAGREEING), m.teamB()));
        m.postBatch(m.observerB1Token(), items).then().statusCode(200).body("outcomes.CREATED", equalTo(2));

        JsonPath versions = given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + stored + "/versions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(versions.getList("kind")).containsExactly("SUBMITTED", "FLAGGED");
        assertThat(versions.getList("revision", Integer.class)).containsExactly(1, 2);
        // one conflict on the question, pointing at the earlier of the two disagreeing visits
        assertThat(versions.getList("[1].record.flags.code")).containsExactly("CONFLICT");
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + stored).then().body("revision", equalTo(2));
    }

    /** A group's visits to one station are flagged together: each question's conflict points at the visit that disagreed on it. */
    @Test
    void eachPairOfAGroupsVisitsIsComparedOnItsOwnAnswers() {
        TestMission m = feed.mission(2);
        UUID stored = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(stored, m.station(1)))
                .post(m.observations()).then().statusCode(201);

        // three visitors at one station: team A stored, then team B and the secretariat (no team) in one group
        UUID teamB = UUID.randomUUID();
        UUID secretariat = UUID.randomUUID();
        List<Object> items = List.of(
                byTeam(Checklists.voting(teamB, m.station(1), DISAGREEING), m.teamB()),
                Checklists.voting(secretariat, m.station(1), Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "NO")));
        m.postBatch(TestTokens.user("secretariat", "admin"), items).then().statusCode(200).body("outcomes.CREATED", equalTo(2));

        JsonPath flags = given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + stored)
                .then().statusCode(200).extract().jsonPath();
        assertThat(flags.getList("flags.questionId")).containsExactlyInAnyOrder("campaign_material", "secrecy");
        assertThat(flags.getString("flags.find { it.questionId == 'campaign_material' }.otherObservationId")).isEqualTo(teamB.toString());
        assertThat(flags.getString("flags.find { it.questionId == 'secrecy' }.otherObservationId")).isEqualTo(secretariat.toString());
    }

    @Test
    void parallelSingleSubmissionsToOneVisitAllSeeEachOther() throws Exception {
        TestMission m = feed.mission(2);
        int perTeam = 15;
        List<Callable<Integer>> uploads = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        IntStream.range(0, 2 * perTeam).forEach(i -> {
            UUID id = UUID.randomUUID();
            ids.add(id);
            boolean teamA = i % 2 == 0;
            Map<String, Object> body = Checklists.voting(id, m.station(1), teamA ? Checklists.cleanVotingAnswers() : DISAGREEING);
            String token = teamA ? m.observerA1Token() : m.observerB1Token();
            uploads.add(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(m.observations()).statusCode());
        });
        assertThat(inParallel(uploads)).hasSize(2 * perTeam).containsOnly(201);

        // every visit disagrees with the other team's earliest visit: one stored without seeing it points elsewhere or nowhere
        List<JsonPath> visits = ids.stream().map(id -> given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + id)
                .then().statusCode(200).extract().jsonPath()).toList();
        Map<String, String> earliestOfTeam = visits.stream().sorted(Comparator
                        .comparing((JsonPath v) -> OffsetDateTime.parse(v.getString("arrivedAt")))
                        .thenComparing(v -> OffsetDateTime.parse(v.getString("receivedAt")))
                        .thenComparing(v -> UUID.fromString(v.getString("id"))))
                .collect(Collectors.toMap(v -> v.getString("teamId"), v -> v.getString("id"), (earlier, later) -> earlier));
        int repeated = 0;
        for (JsonPath observation : visits) {
            String id = observation.getString("id");
            String otherTeam = earliestOfTeam.keySet().stream().filter(team -> !team.equals(observation.getString("teamId"))).findFirst().orElseThrow();
            assertThat(observation.getList("flags.findAll { it.code == 'CONFLICT' }.otherObservationId")).as("conflicts of %s", id)
                    .containsExactly(earliestOfTeam.get(otherTeam));
            repeated += observation.getList("flags.findAll { it.code == 'REPEATED_VISIT' }").size();
            List<Integer> revisions = given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + id + "/versions")
                    .then().statusCode(200).extract().jsonPath().getList("revision", Integer.class);
            assertThat(revisions).as("one version per revision of %s", id)
                    .isEqualTo(IntStream.rangeClosed(1, observation.getInt("revision")).boxed().toList());
        }
        assertThat(repeated).as("every visit of a team but its first is a repeated visit").isEqualTo(2 * (perTeam - 1));
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(2L * perTeam);
    }

    @Test
    void theSameObservationSentAtOnceAsSinglesAndInBatchesIsStoredOnce() throws Exception {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Checklists.voting(id, m.station(1));
        List<Callable<String>> uploads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            uploads.add(() -> String.valueOf(given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body)
                    .post(m.observations()).statusCode()));
            uploads.add(() -> m.postBatch(m.observerA1Token(), List.of(body)).then().statusCode(200).extract().path("results[0].outcome"));
        }
        List<String> answers = inParallel(uploads);
        // one station, so one writer: whichever group holds the first stores it, every other finds it stored
        assertThat(answers.stream().filter(a -> a.equals("201") || a.equals("CREATED")).count()).as(answers.toString()).isEqualTo(1);
        assertThat(answers.stream().filter(a -> a.equals("200") || a.equals("REPLAY")).count()).as(answers.toString()).isEqualTo(19);
        assertThat(feed.count("select count(*) from observation_version where observation_id = ?", id)).isEqualTo(1);
    }

    @Test
    void oneIdSentForTwoStationsOfDifferentWritersAtOnceIsCreatedOnceAndRefusedOnce() throws Exception {
        TestMission m = feed.mission(8);
        // two stations that the writers' routing (the station id's hash) gives to different writers, so that their
        // groups race for the same id: the loser is rolled back, stored again alone, and finds the winner
        UUID first = m.stations().get(0);
        UUID other = m.stations().stream().filter(s -> Math.floorMod(s.hashCode(), writers) != Math.floorMod(first.hashCode(), writers))
                .findFirst().orElseThrow();
        List<UUID> ids = IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID()).toList();
        List<Callable<Integer>> uploads = new ArrayList<>();
        for (UUID id : ids) {
            for (UUID station : List.of(first, other)) {
                Map<String, Object> body = Checklists.voting(id, station);
                uploads.add(() -> given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body).post(m.observations()).statusCode());
            }
        }
        List<Integer> statuses = inParallel(uploads);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(List.of(statuses.get(2 * i), statuses.get(2 * i + 1))).as("answers for %s", ids.get(i)).containsExactlyInAnyOrder(201, 409);
            assertThat(feed.count("select count(*) from observation_version where observation_id = ?", ids.get(i))).isEqualTo(1);
        }
    }

    /**
     * A region's phones back at once: more uploads wait for their group than the service has worker threads (200 by
     * default), single ones and batches each more than that, and a read is still answered meanwhile, because the
     * uploads wait on virtual threads (ADR 0033). A lock on the observation table holds the writers, so every upload
     * certainly waits; all are then stored once.
     */
    @Test
    void aReadIsAnsweredWhileMoreUploadsThanWorkerThreadsWaitForTheirGroup() throws Exception {
        TestMission m = feed.mission(2);
        int phones = 500;
        List<Future<Boolean>> uploads = new ArrayList<>();
        try (ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor(); Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table observation in exclusive mode");
            }
            for (int i = 0; i < phones; i++) {
                Map<String, Object> form = Checklists.voting(UUID.randomUUID(), m.station(1 + i % 2));
                boolean single = i % 2 == 0;
                uploads.add(devices.submit(() -> single
                        ? given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(form).post(m.observations())
                                .statusCode() == 201
                        : m.postBatch(m.observerA1Token(), List.of(form)).then().statusCode(200).extract().path("results[0].outcome").equals("CREATED")));
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting") == phones);

            Future<Integer> read = devices.submit(() -> given().auth().oauth2(m.analystToken()).get(m.observations()).statusCode());
            try {
                assertThat(read.get(30, TimeUnit.SECONDS)).as("the mission's list while %d uploads wait", phones).isEqualTo(200);
            } finally {
                holder.commit();
            }
            for (Future<Boolean> upload : uploads) {
                assertThat(upload.get(60, TimeUnit.SECONDS)).as("stored").isTrue();
            }
        }
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(phones);
        assertThat(ServiceMetrics.gauge("eom_submissions_waiting")).isZero();
    }

    /**
     * A region's phones come back together, each its own observer, so each upload's access check reads that
     * observer's membership from the database before the upload waits for its group (ADR 0033). More of them than
     * the connection pool holds (30) wait at once, and none may keep a connection while it waits: the writers and
     * every read would then wait for connections that nobody uses (docs/performance.md item 60).
     */
    @Test
    void uploadsOfMoreObserversThanConnectionsWaitForTheirGroupWithoutHoldingOne() throws Exception {
        TestMission m = feed.mission(2);
        int phones = 100;
        List<String> observers = IntStream.range(0, phones).mapToObj(i -> "phone" + i + "-" + m.suffix()).toList();
        feed.awaitApplied(observers.stream().map(observer -> feed.send("delegate.upserted", m.missionId(),
                MissionFeed.delegateData(UUID.randomUUID(), m, observer, "OBSERVER", "ACCREDITED", 1))).toList());
        List<Future<Integer>> uploads = new ArrayList<>();
        try (ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor(); Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table observation in exclusive mode");
            }
            for (String observer : observers) {
                Map<String, Object> form = Checklists.voting(UUID.randomUUID(), m.station(1));
                uploads.add(devices.submit(() -> given().auth().oauth2(TestMission.mobileToken(observer, "observer"))
                        .contentType(ContentType.JSON).body(form).post(m.observations()).statusCode()));
            }
            try {
                await().atMost(30, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting") == phones);
                Future<Integer> read = devices.submit(() -> given().auth().oauth2(m.analystToken()).get(m.observations()).statusCode());
                assertThat(read.get(30, TimeUnit.SECONDS)).as("the mission's list while %d observers' uploads wait", phones)
                        .isEqualTo(200);
            } finally {
                holder.commit();
            }
            for (Future<Integer> upload : uploads) {
                assertThat(upload.get(60, TimeUnit.SECONDS)).as("stored").isEqualTo(201);
            }
        }
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(phones);
    }

    /**
     * The writers hold at most {@code max-waiting} submissions (ADR 0033): each holds its parsed forms until it is
     * answered, and a flood of them filled the heap. With the writers held by the lock and five full batches waiting,
     * one more upload is answered 503 with Retry-After and nothing of it is stored; the five batches are all stored.
     */
    @Test
    void anUploadPastTheWritersBacklogIsAnswered503AndNothingOfItIsStored() throws Exception {
        TestMission m = feed.mission(500); // a few visits a station: their comparisons stay cheap
        int batches = maxWaiting / 1000;
        List<Future<Integer>> uploads = new ArrayList<>();
        UUID refused = UUID.randomUUID();
        try (ExecutorService partners = Executors.newVirtualThreadPerTaskExecutor(); Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table observation in exclusive mode");
            }
            for (int b = 0; b < batches; b++) {
                List<Object> items = IntStream.range(0, 1000)
                        .<Object>mapToObj(i -> Checklists.voting(UUID.randomUUID(), m.stations().get(i % 500))).toList();
                uploads.add(partners.submit(() -> m.postBatch(items).then().statusCode(200).extract().<Integer>path("outcomes.CREATED")));
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting") == maxWaiting);
            Future<Response> oneMore = partners.submit(() -> given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON)
                    .body(Checklists.voting(refused, m.station(1))).post(m.observations()));
            try {
                oneMore.get(30, TimeUnit.SECONDS).then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", "5").body("type", equalTo("https://eom.example/problems/overloaded"));
            } finally {
                holder.commit();
            }
            for (Future<Integer> upload : uploads) {
                assertThat(upload.get(60, TimeUnit.SECONDS)).isEqualTo(1000);
            }
        }
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(maxWaiting);
        assertThat(feed.count("select count(*) from observation where id = ?", refused)).isZero();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(refused, m.station(1)))
                .post(m.observations()).then().statusCode(201);
    }

    /**
     * The writers hold at most {@code max-waiting-size} of the heap by their estimate (ADR 0033 amended), however few
     * the forms: one with long texts holds many times what a usual one does. With the writers held, batches of 1,000
     * forms with 4,000 characters of notes are taken while the room they take fits; the next is answered 503 although
     * fewer than {@code max-waiting} submissions wait, nothing of it is stored, and every batch taken is.
     */
    @Test
    void formsWithLongTextsAreTurnedAwayWhenTheirSizeNotTheirNumberPassesTheWritersRoom() throws Exception {
        TestMission m = feed.mission(500);
        String notes = "Наблюдатели отметили ".repeat(200).substring(0, 4000);
        List<List<Object>> batches = new ArrayList<>();
        for (int b = 0; b < maxWaiting / 1000; b++) {
            batches.add(IntStream.range(0, 1000).<Object>mapToObj(i -> {
                Map<String, Object> form = Checklists.voting(UUID.randomUUID(), m.stations().get(i % 500));
                form.put("notes", notes);
                return form;
            }).toList());
        }
        List<Future<Response>> taken = new ArrayList<>();
        int fit;
        try (ExecutorService partners = Executors.newVirtualThreadPerTaskExecutor(); Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table observation in exclusive mode");
            }
            taken.add(partners.submit(() -> m.postBatch(batches.get(0))));
            await().atMost(60, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting") == 1000);
            // the room one batch takes says how many fit: fewer than max-waiting's count of them
            fit = (int) (maxWaitingSize.asLongValue() / ServiceMetrics.gauge("eom_submissions_waiting_bytes"));
            assertThat(fit).as("batches of long forms that fit").isBetween(1, maxWaiting / 1000 - 1);
            for (int b = 1; b < fit; b++) {
                List<Object> items = batches.get(b);
                taken.add(partners.submit(() -> m.postBatch(items)));
                int queued = (b + 1) * 1000;
                await().atMost(60, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting") == queued);
            }
            Future<Response> oneMore = partners.submit(() -> m.postBatch(batches.get(fit)));
            try {
                oneMore.get(30, TimeUnit.SECONDS).then().statusCode(503).contentType("application/problem+json")
                        .header("Retry-After", "5").body("type", equalTo("https://eom.example/problems/overloaded"));
                assertThat(ServiceMetrics.gauge("eom_submissions_waiting")).isEqualTo(fit * 1000L).isLessThan(maxWaiting);
            } finally {
                holder.commit();
            }
            for (Future<Response> batch : taken) {
                batch.get(60, TimeUnit.SECONDS).then().statusCode(200).body("outcomes.CREATED", equalTo(1000));
            }
        }
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(fit * 1000L);
        await().atMost(10, TimeUnit.SECONDS).until(() -> ServiceMetrics.gauge("eom_submissions_waiting_bytes") == 0);
    }
}
