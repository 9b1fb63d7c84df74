package org.eom.observations.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eom.observations.Checklists;
import org.eom.observations.MissionFeed;
import org.eom.observations.TestMission;
import org.eom.observations.observations.ObservationService.Outcome;
import org.eom.observations.observations.ObservationService.Submission;
import org.eom.observations.observations.ObservationService.Submitted;
import org.eom.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service stopping while submissions wait for their group (ADR 0014): what was queued is stored and answered, what
 * arrives later is answered 503 at once, and no request is left waiting. Each test runs its own writer, held up by a
 * lock on the observation table, so that submissions are certainly queued when it stops.
 */
@QuarkusTest
class WriterShutdownTest {

    @Inject
    MissionFeed feed;

    @Inject
    ObservationService service;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void whatIsQueuedWhenTheServiceStopsIsStoredAndWhatComesLaterIsRefused() throws Exception {
        TestMission m = feed.mission(2);
        SubmissionWriter writer = writer(Duration.ofSeconds(30));
        Submission late = submission(m);

        CompletableFuture<List<Submitted>> first;
        CompletableFuture<List<Submitted>> queued;
        Thread stopper;
        Submitted lateAnswer;
        try (Connection holder = holdObservationInserts()) {
            first = queue(writer, List.of(submission(m)));
            awaitWriterBlockedOnTheLock();
            queued = queue(writer, List.of(submission(m), submission(m), submission(m)));

            stopper = Thread.ofPlatform().start(() -> writer.stop(null));
            await().atMost(10, TimeUnit.SECONDS).until(() -> writer.stopping);
            lateAnswer = writer.submit(late);
            holder.commit();
        }
        stopper.join(Duration.ofSeconds(30));

        assertThat(stopper.isAlive()).as("stop waits for the writers, not longer").isFalse();
        assertThat(first.get(30, TimeUnit.SECONDS)).singleElement().satisfies(WriterShutdownTest::assertCreated);
        assertThat(queued.get(30, TimeUnit.SECONDS)).hasSize(3).allSatisfy(WriterShutdownTest::assertCreated);
        assertStopping(lateAnswer);
        assertThat(stored(m)).isEqualTo(4);
        assertThat(feed.count("select count(*) from observation where id = ?", late.request().id())).isZero();
    }

    @Test
    void whatTheDatabaseHoldsPastTheStopTimeoutIsAnswered503AndNothingOfItIsStored() throws Exception {
        TestMission m = feed.mission(2);
        SubmissionWriter writer = writer(Duration.ofSeconds(1));

        CompletableFuture<List<Submitted>> first;
        CompletableFuture<List<Submitted>> queued;
        try (Connection holder = holdObservationInserts()) {
            first = queue(writer, List.of(submission(m)));
            awaitWriterBlockedOnTheLock();
            queued = queue(writer, List.of(submission(m), submission(m)));

            writer.stop(null); // returns after the timeout while the first group is still held
            assertThat(queued.get(10, TimeUnit.SECONDS)).hasSize(2).allSatisfy(WriterShutdownTest::assertStopping);
            holder.commit();
        }

        // the group being written when time ran out is still answered, with what became of it
        assertThat(first.get(30, TimeUnit.SECONDS)).singleElement().satisfies(WriterShutdownTest::assertCreated);
        assertThat(stored(m)).isEqualTo(1);
    }

    /** Sends the submissions from a thread of their own; returns once they are queued (the thread waits for their group). */
    private static CompletableFuture<List<Submitted>> queue(SubmissionWriter writer, List<Submission> submissions) {
        CompletableFuture<List<Submitted>> answers = new CompletableFuture<>();
        Thread sender = Thread.ofPlatform().start(() -> answers.complete(writer.submitAll(submissions)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> sender.getState() == Thread.State.WAITING);
        return answers;
    }

    private SubmissionWriter writer(Duration stopTimeout) {
        SubmissionWriter writer = new SubmissionWriter();
        writer.service = service;
        writer.writers = 2;
        writer.maxGroup = 100;
        writer.maxWaiting = 5000;
        writer.maxWaitingSize = new MemorySize(BigInteger.valueOf(96L << 20));
        writer.stopTimeout = stopTimeout;
        writer.start(null);
        return writer;
    }

    /** Every submission to station No. 1, so all go to one writer, one after another. */
    private static Submission submission(TestMission m) {
        return Submissions.of(m, m.observerA1(), Checklists.voting(UUID.randomUUID(), m.station(1)));
    }

    /** A transaction that keeps every writer's insert waiting until it ends. */
    private Connection holdObservationInserts() throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table observation in exclusive mode");
        }
        return connection;
    }

    private void awaitWriterBlockedOnTheLock() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> feed.count(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'relation'") >= 1);
    }

    private long stored(TestMission m) {
        return feed.count("select count(*) from observation where mission_id = ?", m.missionId());
    }

    private static void assertCreated(Submitted answer) {
        assertThat(answer.orThrow().outcome()).isEqualTo(Outcome.CREATED);
    }

    private static void assertStopping(Submitted answer) {
        assertThat(answer.result()).isNull();
        assertThat(answer.failed()).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.problem().type()).endsWith("stopping");
        });
    }
}
