package org.eom.observations.observations;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eom.observations.Checklists;
import org.eom.observations.MissionFeed;
import org.eom.observations.TestMission;
import org.eom.observations.observations.ObservationService.Submitted;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two groups that store visits of the same station and phase at once, as two instances of the service would (within one
 * instance a station always goes to the same writer): the second must wait for the first's commit (the visit lock,
 * ADR 0014), or neither sees the other and a disagreement between the teams is never flagged.
 */
@QuarkusTest
class VisitLockTest {

    @Inject
    MissionFeed feed;

    @Inject
    ObservationService service;

    @Test
    void aGroupWaitsForAnUncommittedGroupOfTheSameVisitAndFlagsTheirDisagreement() throws Exception {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Map<String, Object> teamA = Checklists.voting(first, m.station(1));
        teamA.put("teamId", m.teamA().toString());
        Map<String, Object> teamB = Checklists.voting(second, m.station(1), Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES"));
        teamB.put("teamId", m.teamB().toString());

        // one thread each: the common pool may have a single thread on a small machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<List<Submitted>> firstGroup = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
            List<Submitted> stored = service.submitAll(List.of(Submissions.of(m, m.observerA1(), teamA)));
            firstWritten.countDown();
            assertThat(commitFirst.await(60, TimeUnit.SECONDS)).isTrue();
            return stored;
        }), threads);
        assertThat(firstWritten.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<List<Submitted>> secondGroup = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(
                () -> service.submitAll(List.of(Submissions.of(m, m.observerB1(), teamB)))), threads);
        // the second waits on the visit lock (or, without it, is done already)
        await().atMost(30, TimeUnit.SECONDS).until(() -> secondGroup.isDone() || feed.count(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'") >= 1);
        assertThat(secondGroup).as("stored before the first group's commit").isNotDone();
        commitFirst.countDown();
        assertThat(firstGroup.get(30, TimeUnit.SECONDS)).singleElement().satisfies(s -> assertThat(s.orThrow()).isNotNull());
        assertThat(secondGroup.get(30, TimeUnit.SECONDS)).singleElement().satisfies(s -> assertThat(s.orThrow()).isNotNull());
        threads.shutdown();

        String base = m.observations() + "/";
        given().auth().oauth2(m.analystToken()).get(base + second).then().statusCode(200)
                .body("flags.code", equalTo(List.of("CONFLICT"))).body("flags[0].otherObservationId", equalTo(first.toString()));
        given().auth().oauth2(m.analystToken()).get(base + first).then().statusCode(200)
                .body("flags.code", equalTo(List.of("CONFLICT"))).body("flags[0].otherObservationId", equalTo(second.toString()))
                .body("revision", equalTo(2));
    }
}
