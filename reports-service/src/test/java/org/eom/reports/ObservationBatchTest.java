package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eom.reports.events.ObservationsConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eom.reports.Api.awaitSummary;
import static org.eom.reports.Api.count;
import static org.eom.reports.EventFeed.OBSERVATIONS;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The observation events of one poll are applied together: whatever their order and number per
 * observation, the highest revision is stored and the counters move once, from the stored snapshot
 * to it. Each poll is handed to the consumer as the broker delivers one, because the broker cannot be
 * made to put given records in the same poll; what comes before it goes through the topic.
 */
@QuarkusTest
class ObservationBatchTest {

    @Inject
    ObservationsConsumer consumer;

    @Test
    void twoRevisionsOfAnObservationInOnePollInEitherOrderStoreTheHigherOneCountedOnce() {
        MissionFixture f = mission();
        f.feed.holdBack();
        UUID inOrder = f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        f.amend(inOrder, "BAD", Map.of("secrecy", "NO"));
        UUID reversed = f.observe("VOTING", "2", "GOOD", Map.of("secrecy", "YES"));
        f.amend(reversed, "BAD", Map.of("secrecy", "NO"));
        UUID twice = f.observe("VOTING", "3", "GOOD", Map.of("secrecy", "YES"));
        // the same snapshot again under a new event id, as a producer's retry after a lost acknowledgement
        f.feed.send(OBSERVATIONS, f.missionId, "org.eom.observations.observation.submitted", f.snapshot(twice));
        List<EventFeed.Sent> poll = new ArrayList<>(f.feed.release());
        Collections.swap(poll, 2, 3);

        consumer.on(EventFeed.poll(poll));

        assertThat(stored(inOrder, "revision = 2 and counted and overall_assessment = 'BAD'")).isTrue();
        assertThat(stored(reversed, "revision = 2 and counted and overall_assessment = 'BAD'")).isTrue();
        assertThat(stored(twice, "revision = 1 and counted")).isTrue();
        Map<String, Object> latest = f.snapshot(inOrder);
        assertThat(count("""
                select count(*) from observation where id = ? and arrived_at = cast(? as timestamptz)
                and received_at = cast(? as timestamptz) and station_number = '1' and district = 'Yesil' and revision = 2""",
                inOrder, latest.get("arrivedAt"), latest.get("receivedAt"))).as("the row is the whole higher revision").isEqualTo(1);
        assertThat(answers(inOrder)).isEqualTo(1);
        assertThat(answer(inOrder, "secrecy", "NO") + answer(reversed, "secrecy", "NO") + answer(twice, "secrecy", "YES")).isEqualTo(3);
        assertThat(tally(f, "ALL", "VISITS", "", "")).isEqualTo(3);
        assertThat(tally(f, "VOTING", "ASSESSED", "", "NEGATIVE")).isEqualTo(2);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "NO")).isEqualTo(2);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "YES")).isEqualTo(1);
        assertThat(awaitSummary(f.missionId, s -> true).getLong("total.stations")).isEqualTo(3);
    }

    @Test
    void anOlderRevisionAfterTheStoredOneAndTheStoredOneAgainChangeNothing() {
        MissionFixture f = mission();
        UUID id = f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        Map<String, Object> first = f.snapshot(id);
        f.amend(id, "BAD", Map.of("secrecy", "NO"));
        awaitSummary(f.missionId, s -> s.getLong("phases.find { it.phase == 'VOTING' }.assessment.negative.observations") == 1);

        f.feed.holdBack();
        f.feed.send(OBSERVATIONS, f.missionId, "org.eom.observations.observation.amended", f.snapshot(id));
        f.feed.send(OBSERVATIONS, f.missionId, "org.eom.observations.observation.submitted", first);
        consumer.on(EventFeed.poll(f.feed.release()));

        assertThat(stored(id, "revision = 2 and counted and overall_assessment = 'BAD'")).isTrue();
        assertThat(answers(id)).isEqualTo(1);
        assertThat(answer(id, "secrecy", "NO")).isEqualTo(1);
        assertThat(tally(f, "ALL", "VISITS", "", "")).isEqualTo(1);
        assertThat(tally(f, "VOTING", "ASSESSED", "", "NEGATIVE")).isEqualTo(1);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "NO")).isEqualTo(1);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "YES")).isZero();
    }

    @Test
    void newObservationsAndTheirAmendmentsInOnePollMoveTheCountersOnceFromWhatIsStored() {
        MissionFixture f = mission();
        UUID withdrawn = f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        awaitSummary(f.missionId, s -> s.getLong("total.observations") == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from polling_station where id = ?", f.station("4")) == 1);

        f.feed.holdBack();
        f.withdraw(withdrawn);
        UUID moved = f.observe("VOTING", "2", "GOOD", Map.of("secrecy", "YES", "campaign_material", "NO"));
        f.amend(moved, "BAD", Map.of("secrecy", "NO"));
        // then filed for a station of another district
        Map<String, Object> elsewhere = f.snapshot(moved);
        elsewhere.putAll(MissionFixture.map("revision", 3, "stationId", f.station("4"), "stationNumber", "4", "district", "Almaty"));
        f.feed.send(OBSERVATIONS, f.missionId, "org.eom.observations.observation.amended", elsewhere);
        UUID gone = f.observe("VOTING", "3", "GOOD", Map.of("secrecy", "YES"));
        f.withdraw(gone);
        // from an older producer, without the station's number and district: the registry's are counted
        UUID bare = f.observe("OPENING", "4", "GOOD", Map.of("opened_on_time", "YES"));
        Map<String, Object> unnamed = f.snapshot(bare);
        unnamed.putAll(MissionFixture.map("revision", 2, "stationNumber", null, "district", null));
        f.feed.send(OBSERVATIONS, f.missionId, "org.eom.observations.observation.amended", unnamed);
        consumer.on(EventFeed.poll(f.feed.release()));

        assertThat(stored(withdrawn, "revision = 2 and not counted and status = 'WITHDRAWN'")).isTrue();
        assertThat(stored(gone, "revision = 2 and not counted")).isTrue();
        assertThat(answers(withdrawn) + answers(gone)).isZero();
        assertThat(stored(moved, "revision = 3 and counted and district = 'Almaty' and station_number = '4'")).isTrue();
        assertThat(answers(moved)).isEqualTo(2);
        assertThat(answer(moved, "secrecy", "NO") + answer(moved, "campaign_material", "NO")).isEqualTo(2);
        assertThat(stored(bare, "revision = 2 and district = 'Almaty' and station_number = '4'")).isTrue();

        assertThat(tally(f, "ALL", "VISITS", "", "")).isEqualTo(2);
        assertThat(count("select count(*) from tally where mission_id = ? and district = 'Yesil' and observations <> 0", f.missionId))
                .as("nothing counted in the district the observations left").isZero();
        assertThat(count("""
                select coalesce(sum(observations), 0) from tally where mission_id = ? and phase = 'VOTING' and district = 'Almaty'
                and metric = 'VISITS'""", f.missionId)).isEqualTo(1);
        assertThat(count("select coalesce(sum(stations), 0) from tally where mission_id = ? and phase = 'ALL' and metric = 'VISITS'",
                f.missionId)).isEqualTo(1);
        assertThat(count("select count(*) from station_tally where mission_id = ? and observations <> 0 and station_id <> ?",
                f.missionId, f.station("4"))).isZero();
        assertThat(tally(f, "VOTING", "ASSESSED", "", "NEGATIVE")).isEqualTo(1);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "NO")).isEqualTo(1);
        assertThat(tally(f, "VOTING", "ANSWER", "secrecy", "YES")).isZero();
        assertThat(tally(f, "VOTING", "ANSWER", "campaign_material", "NO")).isEqualTo(1);
        assertThat(tally(f, "OPENING", "ANSWER", "opened_on_time", "YES")).isEqualTo(1);
    }

    @Test
    void anObservationIsCountedByTheQuestionTypesOfATemplatePublishedBeforeItInTheSamePoll() {
        MissionFixture f = mission();
        f.feed.holdBack();
        UUID template = f.ownTemplate("CLOSING_COUNTING", Map.of("remarks", "TEXT", "protocol_posted", "YES_NO"));
        UUID id = f.observe("CLOSING_COUNTING", "1", "GOOD", Map.of("remarks", "calm", "protocol_posted", "NO"));
        consumer.on(EventFeed.poll(f.feed.release()));

        // "calm" would be taken for a choice value without the template (a short string): a TEXT answer is answered only
        assertThat(answer(id, "remarks", "")).isEqualTo(1);
        assertThat(tally(f, "CLOSING_COUNTING", "ANSWERED", "remarks", "")).isEqualTo(1);
        assertThat(tally(f, "CLOSING_COUNTING", "ANSWER", "remarks", "calm")).isZero();
        assertThat(tally(f, "CLOSING_COUNTING", "ANSWER", "protocol_posted", "NO")).isEqualTo(1);
        assertThat(tally(f, "CLOSING_COUNTING", "TEMPLATE", "", template + ":1")).isEqualTo(1);
    }

    @Test
    void anObservationCountedBeforeItsTemplateArrivedIsListedAmongThoseThatLeftAQuestionUnanswered() {
        MissionFixture f = mission();
        f.feed.holdBack();
        f.ownTemplate("CLOSING_COUNTING", Map.of("remarks", "TEXT", "protocol_posted", "YES_NO"));
        List<EventFeed.Sent> template = f.feed.release();
        f.feed.holdBack();
        UUID both = f.observe("CLOSING_COUNTING", "1", "GOOD", Map.of("remarks", "calm", "protocol_posted", "YES"));
        UUID posted = f.observe("CLOSING_COUNTING", "2", "GOOD", Map.of("protocol_posted", "NO"));
        consumer.on(EventFeed.poll(f.feed.release()));
        assertThat(leftUnanswered(posted, "remarks")).as("its template's questions are not known yet").isFalse();

        // the shipped templates come under no mission's key, so on another partition than the observations that use them
        consumer.on(EventFeed.poll(template));

        assertThat(leftUnanswered(posted, "remarks")).isTrue();
        assertThat(leftUnanswered(both, "remarks") || leftUnanswered(both, "protocol_posted")
                || leftUnanswered(posted, "protocol_posted")).isFalse();
        given().auth().oauth2(Api.ADMIN).queryParam("phase", "CLOSING_COUNTING").queryParam("questionId", "remarks")
                .queryParam("answered", "false").get("/api/v1/missions/{m}/summary/observations", f.missionId)
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items.id", equalTo(List.of(posted.toString())));
    }

    @Test
    void anObservationOfATemplateThatDoesNotAskAQuestionIsListedAmongThoseThatLeftItUnanswered() {
        MissionFixture f = mission();
        UUID shipped = f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        UUID answered = f.observe("VOTING", "2", "GOOD", Map.of("secrecy", "YES", "accessibility", "FULL"));
        f.ownTemplate("VOTING", Map.of("secrecy", "YES_NO"));
        UUID own = f.observe("VOTING", "3", "GOOD", Map.of("secrecy", "NO"));
        String accessibility = "phases.find { it.phase == 'VOTING' }.questions.find { it.questionId == 'accessibility' }";
        JsonPath summary = awaitSummary(f.missionId, s -> s.getLong("total.observations") == 3);

        assertThat(summary.getLong(accessibility + ".notAnswered.observations")).isEqualTo(2);
        // only the shipped template's observation holds the key that says so: the other is found by walking the phase
        given().auth().oauth2(Api.ADMIN).get(summary.getString(accessibility + ".notAnswered.href"))
                .then().statusCode(200).body("totalItems", equalTo(2))
                .body("items.id", containsInAnyOrder(shipped.toString(), own.toString()))
                .body("items.id", not(hasItem(answered.toString())));
    }

    private static MissionFixture mission() {
        MissionFixture f = new MissionFixture();
        f.election("KZ", "Local elections", "2023-03-19").mission("OTS", "Batches " + f.tag, List.of("Astana"))
                .stations("Yesil", "1", "2", "3").stations("Almaty", "4").templates();
        return f;
    }

    private static boolean stored(UUID id, String condition) {
        return count("select count(*) from observation where id = ? and " + condition, id) == 1;
    }

    /** The answer values stored for the observation (its answer keys with a value, AnswerKeys). */
    private static long answers(UUID id) {
        return count("select count(*) from observation o, unnest(o.answer_keys) as k where o.id = ? and strpos(k, '=') > 0", id);
    }

    /** Whether the observation's row holds the key of a question its template asks and it left unanswered (AnswerKeys). */
    private static boolean leftUnanswered(UUID id, String questionId) {
        return count("select count(*) from observation where id = ? and answer_keys @> array[cast(? as text) || '?']", id, questionId) == 1;
    }

    private static long answer(UUID id, String questionId, String answer) {
        return count("select count(*) from observation where id = ? and answer_keys @> array[cast(? as text) || '=' || cast(? as text)]",
                id, questionId, answer);
    }

    /** A counter of the mission, over all districts (0 when it has no row). */
    private static long tally(MissionFixture f, String phase, String metric, String questionId, String answer) {
        return count("""
                select coalesce(sum(observations), 0) from tally
                where mission_id = ? and phase = ? and metric = ? and question_id = ? and answer = ?""",
                f.missionId, phase, metric, questionId, answer);
    }
}
