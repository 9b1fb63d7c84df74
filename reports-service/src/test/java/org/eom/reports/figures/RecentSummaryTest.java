package org.eom.reports.figures;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eom.reports.Api;
import org.eom.reports.ElectionDays;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How old a summary may be when it is answered (the tests' configuration computes every one afresh; these run their
 * own {@link SummaryQuery} with a production-like maximum age and stale limit).
 */
@QuarkusTest
class RecentSummaryTest {

    @Inject
    SummaryQuery configured;

    @Test
    void aSummaryPastItsMaximumAgeIsAnsweredAtOnceWhileAFreshOneIsComputedBehindIt() {
        ElectionDays.Astana day = ElectionDays.astana();
        UUID missionId = day.fixture().missionId;
        Api.awaitLoaded(missionId, 9, 1, 5);
        SummaryQuery summaries = summaryQuery(Duration.ZERO, Duration.ofHours(1));
        Summary first = recent(summaries, missionId);
        assertThat(first.total().observations()).isEqualTo(9);

        day.fixture().observe("VOTING", "40", "GOOD", Map.of("accessibility", "FULL"));
        Api.awaitRows("observation", missionId, 10);

        assertThat(recent(summaries, missionId)).as("the last summary, answered without waiting").isSameAs(first);
        Summary refreshed = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> recent(summaries, missionId), s -> s.total().observations() == 10);
        assertThat(refreshed.asOf()).isAfter(first.asOf());
    }

    @Test
    void aSummaryPastTheStaleLimitIsComputedWhileTheRequestWaits() {
        ElectionDays.Astana day = ElectionDays.astana();
        UUID missionId = day.fixture().missionId;
        Api.awaitLoaded(missionId, 9, 1, 5);
        SummaryQuery summaries = summaryQuery(Duration.ZERO, Duration.ZERO);
        Summary first = recent(summaries, missionId);

        day.fixture().observe("VOTING", "40", "GOOD", Map.of("accessibility", "FULL"));
        Api.awaitRows("observation", missionId, 10);

        Summary second = recent(summaries, missionId);
        assertThat(second.total().observations()).isEqualTo(10);
        assertThat(second.asOf()).isAfter(first.asOf());
    }

    @Test
    void theSummaryOfAMissionNotPolledWithinTheStaleLimitIsLetGo() throws InterruptedException {
        UUID quiet = ElectionDays.astana().fixture().missionId;
        UUID busy = ElectionDays.astana().fixture().missionId;
        Api.awaitLoaded(quiet, 9, 1, 5);
        Api.awaitLoaded(busy, 9, 1, 5);
        SummaryQuery summaries = summaryQuery(Duration.ZERO, Duration.ofSeconds(1));
        recent(summaries, quiet);
        assertThat(summaries.heldMissions()).containsExactly(quiet);

        Thread.sleep(1_200);
        recent(summaries, busy);
        assertThat(summaries.heldMissions()).as("a megabyte at a million observations, for a mission nobody polls").containsExactly(busy);
    }

    private SummaryQuery summaryQuery(Duration maxAge, Duration staleLimit) {
        return configured.withAges(maxAge, staleLimit);
    }

    private static Summary recent(SummaryQuery summaries, UUID missionId) {
        return QuarkusTransaction.requiringNew().call(() -> summaries.recent(missionId));
    }
}
