package org.eom.reports;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.NewMissionPlan;
import org.eom.deploy.infra.OneProcessPlan;
import org.eom.platform.http.Cursor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.reports.Api.ADMIN;
import static org.awaitility.Awaitility.await;
import static org.eom.reports.Api.awaitLoaded;
import static org.eom.reports.Api.awaitSummary;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class FiguresTest {

    @Test
    void countsPhasesStationsAnswersAndBothDenominatorsOfTheNegativeShare() {
        ElectionDays.Astana day = ElectionDays.astana();
        UUID missionId = day.fixture().missionId;
        JsonPath s = awaitLoaded(missionId, 9, 1, 5);

        assertThat(s.getLong("total.observations")).isEqualTo(9);
        assertThat(s.getLong("total.stations")).isEqualTo(8);
        assertThat(s.getList("phases.phase")).containsExactly("OPENING", "VOTING", "CLOSING_COUNTING");

        String voting = "phases.find { it.phase == 'VOTING' }";
        assertThat(s.getLong(voting + ".visits.observations")).isEqualTo(7);
        assertThat(s.getLong(voting + ".visits.stations")).as("No. 12 was visited twice").isEqualTo(6);
        assertThat(s.getLong(voting + ".assessment.answered.observations")).isEqualTo(6);
        assertThat(s.getLong(voting + ".assessment.answered.stations")).isEqualTo(5);
        assertThat(s.getLong(voting + ".assessment.negative.observations")).isEqualTo(2);
        assertThat(s.getLong(voting + ".assessment.negative.stations")).isEqualTo(2);
        assertThat(s.getDouble(voting + ".assessment.negativeShareOfObservations")).isEqualTo(0.3333);
        assertThat(s.getDouble(voting + ".assessment.negativeShareOfStations")).isEqualTo(0.4);
        assertThat(s.getLong(voting + ".assessment.notAnswered.observations")).isEqualTo(1);
        assertThat(s.getLong(voting + ".assessment.distribution.find { it.value == 'BAD' }.observations")).isEqualTo(2);
        assertThat(s.getLong(voting + ".assessment.distribution.find { it.value == 'VERY_BAD' }.observations")).isZero();

        String yesil = voting + ".districts.find { it.district == 'Yesil' }";
        assertThat(s.getLong(yesil + ".visits.observations")).isEqualTo(3);
        assertThat(s.getLong(yesil + ".visits.stations")).isEqualTo(2);
        assertThat(s.getDouble(yesil + ".assessment.negativeShareOfObservations")).isEqualTo(0.6667);
        assertThat(s.getDouble(yesil + ".assessment.negativeShareOfStations")).isEqualTo(1.0);
        assertThat(s.getDouble(voting + ".districts.find { it.district == 'Almaty' }.assessment.negativeShareOfStations")).isEqualTo(0.0);
        assertThat((Object) s.get(voting + ".districts.find { it.district == 'Nura' }.assessment.negativeShareOfStations"))
                .as("nothing answered, no share").isNull();

        String accessibility = voting + ".questions.find { it.questionId == 'accessibility' }";
        assertThat(s.getString(accessibility + ".topic")).isEqualTo("accessibility");
        assertThat(s.getString(accessibility + ".label.ru")).isEqualTo("Доступность");
        assertThat(s.getLong(accessibility + ".answered.observations")).isEqualTo(7);
        assertThat(s.getLong(accessibility + ".notAnswered.observations")).isZero();
        assertThat(s.getLong(accessibility + ".problems.observations")).isEqualTo(1);
        assertThat(s.getMap(accessibility + ".answers.collectEntries { [it.value, it.observations] }"))
                .isEqualTo(Map.of("FULL", 5, "PARTIAL", 1, "NONE", 1));
        String irregularities = voting + ".questions.find { it.questionId == 'irregularities' }";
        assertThat(s.getMap(irregularities + ".answers.collectEntries { [it.value, it.observations] }"))
                .as("a multiple choice counts every value chosen").isEqualTo(Map.of("none", 6, "ballot_stuffing", 1, "carousel", 1));
        String queue = voting + ".questions.find { it.questionId == 'voters_in_queue' }";
        assertThat(s.getLong(queue + ".answered.observations")).isEqualTo(7);
        assertThat(s.getList(queue + ".answers")).as("numbers are counted as answered, not by value").isEmpty();
        String openingTime = "phases.find { it.phase == 'OPENING' }.questions.find { it.questionId == 'opening_time' }";
        assertThat(s.getLong(openingTime + ".answered.observations")).isEqualTo(1);

        assertThat(s.getLong("phases.find { it.phase == 'CLOSING_COUNTING' }.visits.stations")).isEqualTo(1);
        assertThat(s.getLong("flags.find { it.code == 'CONFLICT' && it.questionId == null }.count.observations")).isEqualTo(1);
        assertThat(s.getLong("flags.find { it.code == 'CONFLICT' && it.questionId == 'accessibility' }.count.stations")).isEqualTo(1);
        assertThat(s.getLong("incidents.total")).isEqualTo(1);
        assertThat(s.getString("incidents.byCategoryAndSeverity[0].category")).isEqualTo("PROCEDURAL");

        String votingCoverage = "coverage.find { it.phase == 'VOTING' }";
        assertThat(s.getLong(votingCoverage + ".planned")).isEqualTo(3);
        assertThat(s.getLong(votingCoverage + ".reported")).isEqualTo(2);
        assertThat(s.getLong(votingCoverage + ".unreported")).isEqualTo(1);
        assertThat(s.getLong(votingCoverage + ".unplannedStations")).isEqualTo(4);
        given().auth().oauth2(ADMIN).get(s.getString(votingCoverage + ".unreportedHref"))
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items[0].stationNumber", equalTo("40"));
    }

    @Test
    void everyFigureOpensToTheObservationsBehindIt() {
        ElectionDays.Astana day = ElectionDays.astana();
        JsonPath s = awaitLoaded(day.fixture().missionId, 9, 1, 5);
        String voting = "phases.find { it.phase == 'VOTING' }";

        assertThat(ids(s.getString(voting + ".assessment.negative.href")))
                .containsExactlyInAnyOrder(day.voting12b().toString(), day.voting30().toString());
        assertThat(ids(s.getString(voting + ".assessment.notAnswered.href"))).containsExactly(day.voting31().toString());
        assertThat(ids(s.getString("flags.find { it.code == 'CONFLICT' && it.questionId == 'accessibility' }.count.href")))
                .containsExactly(day.voting12b().toString());
        assertThat(ids(s.getString(voting + ".questions.find { it.questionId == 'irregularities' }.problems.href")))
                .containsExactly(day.voting30().toString());
        assertThat(ids(s.getString("phases.find { it.phase == 'OPENING' }.visits.href"))).containsExactly(day.opening().toString());

        // every count of the summary (read from the counters) equals the length of its list (read from the observations)
        List<Map<String, Object>> counts = s.getList("phases.collect { p -> [p.visits, p.assessment.answered, p.assessment.negative, "
                + "p.assessment.notAnswered] + p.assessment.distribution + p.districts.collect { it.visits } "
                + "+ p.questions.collectMany { q -> [q.answered, q.notAnswered, q.problems] + q.answers } }.flatten()");
        // and every flag's, read from the flags' index when the flag is rarer than the walk of its phase would be (V13)
        List<Map<String, Object>> flagCounts = s.getList("flags.count");
        assertThat(flagCounts).isNotEmpty();
        counts.addAll(flagCounts);
        assertThat(counts).hasSizeGreaterThan(50);
        for (Map<String, Object> count : counts) {
            given().auth().oauth2(ADMIN).queryParam("size", 200).get((String) count.get("href"))
                    .then().statusCode(200).body("totalItems", equalTo(count.get("observations")))
                    .body("items.size()", equalTo(count.get("observations")));
        }
        given().auth().oauth2(ADMIN).get(s.getString("incidents.href")).then().statusCode(200).body("totalItems", equalTo(1));
        given().auth().oauth2(ADMIN).queryParam("topic", "accessibility").queryParam("problem", "true")
                .get("/api/v1/missions/{m}/summary/observations", day.fixture().missionId)
                .then().statusCode(200).body("items.id", equalTo(List.of(day.voting12b().toString())));
        given().auth().oauth2(ADMIN).queryParam("assessment", "TERRIBLE")
                .get("/api/v1/missions/{m}/summary/observations", day.fixture().missionId)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("assessment"));
    }

    @Test
    void aListIsTheSameWhicheverWayItIsRead() {
        ElectionDays.Astana day = ElectionDays.astana();
        JsonPath s = awaitLoaded(day.fixture().missionId, 9, 1, 5);

        // The most common answer of the voting phase. A page of 200 starts from the answer's rows; pages of one read
        // the phase in station order, at least the first (ADR 0018). Both give the same observations in the same order.
        List<Map<String, Object>> answers = s.getList("phases.find { it.phase == 'VOTING' }.questions.collectMany { it.answers }");
        Map<String, Object> common = answers.stream().max(Comparator.comparing(a -> (Integer) a.get("observations"))).orElseThrow();
        int total = (Integer) common.get("observations");
        assertThat(total).isGreaterThanOrEqualTo(3);
        List<String> atOnce = ids((String) common.get("href"));
        List<String> oneByOne = new ArrayList<>();
        for (int page = 0; page < total; page++) {
            oneByOne.addAll(given().auth().oauth2(ADMIN).queryParam("size", 1).queryParam("page", page).get((String) common.get("href"))
                    .then().statusCode(200).body("totalItems", equalTo(total)).extract().jsonPath().getList("items.id", String.class));
        }
        assertThat(oneByOne).hasSize(total).isEqualTo(atOnce);
        given().auth().oauth2(ADMIN).queryParam("size", 1).queryParam("page", total).get((String) common.get("href"))
                .then().statusCode(200).body("totalItems", equalTo(total)).body("items", hasSize(0));

        // Combinations no single counter holds are counted from the observations, and agree with the counters.
        String question = s.getString("phases.find { it.phase == 'VOTING' }.questions[0].questionId");
        long answeredInDistricts = 0;
        for (String district : s.getList("phases.find { it.phase == 'VOTING' }.districts.district", String.class)) {
            List<String> inDistrict = given().auth().oauth2(ADMIN).queryParam("size", 200).queryParam("phase", "VOTING")
                    .queryParam("questionId", question).queryParam("answered", "true").queryParam("district", district)
                    .get("/api/v1/missions/{m}/summary/observations", day.fixture().missionId)
                    .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
            answeredInDistricts += inDistrict.size();
        }
        assertThat(answeredInDistricts).isEqualTo(s.getLong("phases.find { it.phase == 'VOTING' }.questions[0].answered.observations"));
        // ALL names the counters of every phase together; no observation has it as its phase
        given().auth().oauth2(ADMIN).queryParam("phase", "ALL").get("/api/v1/missions/{m}/summary/observations", day.fixture().missionId)
                .then().statusCode(200).body("totalItems", equalTo(0)).body("items", hasSize(0));
        given().auth().oauth2(ADMIN).queryParam("phase", "VOTING").queryParam("assessment", "NEGATIVE").queryParam("questionId", question)
                .get("/api/v1/missions/{m}/summary/observations", day.fixture().missionId)
                .then().statusCode(200).body("totalItems", equalTo(2)).body("items.size()", equalTo(2));
    }

    /** ADR 0032: pages read on from each page's nextCursor are the list read at once, whichever index the filter walks. */
    @Test
    void aListReadOnByCursorsIsTheListReadAtOnce() {
        ElectionDays.Astana day = ElectionDays.astana();
        JsonPath s = awaitLoaded(day.fixture().missionId, 9, 1, 5);
        String href = "/api/v1/missions/" + day.fixture().missionId + "/summary/observations";
        List<Map<String, Object>> answers = s.getList("phases.find { it.phase == 'VOTING' }.questions.collectMany { it.answers }");
        Map<String, Object> common = answers.stream().max(Comparator.comparing(a -> (Integer) a.get("observations"))).orElseThrow();
        String district = s.getString("phases.find { it.phase == 'VOTING' }.districts.max { it.visits.observations }.district");
        List<Map<String, String>> filters = List.of(
                Map.of(), // every phase: the cursor compares phase, number and id
                Map.of("phase", "VOTING"), // one phase: number and id
                Map.of("district", district), // the district's index, every phase
                Map.of("phase", "VOTING", "district", district),
                Map.of("assessment", "NEGATIVE"));
        for (Map<String, String> filter : filters) {
            List<String> atOnce = given().auth().oauth2(ADMIN).queryParams(filter).queryParam("size", 200).get(href)
                    .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
            assertThat(atOnce).as("%s", filter).isNotEmpty();
            for (int size : List.of(1, 2)) {
                assertThat(Api.readOnByCursor(href, filter, size, "items.id")).as("%s in pages of %d", filter, size).isEqualTo(atOnce);
            }
        }
        // the answer's own index (V9): its rows materialized first, then the cursor's
        List<String> answer = ids((String) common.get("href"));
        assertThat(Api.readOnByCursor((String) common.get("href"), Map.of(), 1, "items.id")).isEqualTo(answer).hasSizeGreaterThanOrEqualTo(3);

        String next = given().auth().oauth2(ADMIN).queryParam("size", 1).get(href).then().statusCode(200)
                .body("page", equalTo(0)).extract().jsonPath().getString("nextCursor");
        given().auth().oauth2(ADMIN).queryParam("cursor", next).queryParam("size", 1).get(href)
                .then().statusCode(200).body("page", equalTo(1)).body("totalItems", equalTo(9));
        given().auth().oauth2(ADMIN).queryParam("cursor", next).queryParam("page", 1).get(href)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("page"));
        // an offset walks every row before its page: deeper than 10,000 the list answers which way to read on
        given().auth().oauth2(ADMIN).queryParam("page", 50).queryParam("size", 200).get(href).then().statusCode(200);
        given().auth().oauth2(ADMIN).queryParam("page", 51).queryParam("size", 200).get(href)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("page"))
                .body("errors[0].reason", containsString("cursor"));
        // not a cursor; not base64 JSON; a cursor of a list with another key (a sentence's evidence); an id that is none
        for (String wrong : List.of("yesterday", "W10", new Cursor(1, List.of(UUID.randomUUID().toString())).text(),
                new Cursor(1, List.of("VOTING", "12", "not-an-id")).text())) {
            given().auth().oauth2(ADMIN).queryParam("cursor", wrong).get(href)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        }
    }

    @Test
    void duplicatesAndReplaysChangeNothing() {
        ElectionDays.Astana day = ElectionDays.astana();
        MissionFixture f = day.fixture();
        JsonPath before = awaitLoaded(f.missionId, 9, 1, 5);

        // every record again (same event ids), twice; then an old snapshot under a new event id
        for (int i = 0; i < 2; i++) {
            f.feed.sent().forEach(f.feed::send);
        }
        Map<String, Object> stale = f.snapshot(day.voting30());
        f.amend(day.voting30(), "GOOD", Map.of());
        f.feed.send(EventFeed.OBSERVATIONS, f.missionId, "org.eom.observations.observation.submitted", stale);
        JsonPath after = awaitSummary(f.missionId, s -> s.getLong("phases.find { it.phase == 'VOTING' }.assessment.negative.observations") == 1);
        // a marker sent last on the same key: once it is counted, everything sent before it has been applied
        f.incident("PROCEDURAL", "LOW", "15");
        after = awaitSummary(f.missionId, s -> s.getLong("incidents.total") == 2);

        assertThat(after.getLong("total.observations")).isEqualTo(before.getLong("total.observations"));
        assertThat(after.getLong("total.stations")).isEqualTo(before.getLong("total.stations"));
        assertThat(after.getList("phases.visits")).isEqualTo(before.getList("phases.visits"));
        assertThat(after.getList("phases.questions")).isEqualTo(before.getList("phases.questions"));
        assertThat(after.getList("flags")).isEqualTo(before.getList("flags"));
        assertThat(after.getLong("phases.find { it.phase == 'VOTING' }.assessment.negative.observations"))
                .as("the amendment counts, the older snapshot sent after it does not").isEqualTo(1);
    }

    @Test
    void amendedWithdrawnAndRejectedObservationsMoveTheFigures() {
        ElectionDays.Astana day = ElectionDays.astana();
        MissionFixture f = day.fixture();
        awaitLoaded(f.missionId, 9, 1, 5);
        String voting = "phases.find { it.phase == 'VOTING' }";

        f.amend(day.voting30(), "VERY_GOOD", Map.of("campaign_material", "YES"));
        JsonPath amended = awaitSummary(f.missionId, s -> s.getLong(voting + ".assessment.negative.observations") == 1);
        assertThat(amended.getLong(voting + ".assessment.negative.stations")).isEqualTo(1);
        assertThat(amended.getLong(voting + ".questions.find { it.questionId == 'campaign_material' }.problems.observations")).isEqualTo(1);
        assertThat(amended.getLong(voting + ".questions.find { it.questionId == 'campaign_material' }"
                + ".answers.find { it.value == 'NO' }.observations")).isEqualTo(6);

        // the second visit to No. 12 is withdrawn: one observation less, but No. 12 still counts as a station
        f.withdraw(day.voting12b());
        JsonPath withdrawn = awaitSummary(f.missionId, s -> s.getLong(voting + ".visits.observations") == 6);
        assertThat(withdrawn.getLong(voting + ".visits.stations")).isEqualTo(6);
        assertThat(withdrawn.getLong(voting + ".assessment.negative.observations")).isZero();
        assertThat(withdrawn.getDouble(voting + ".assessment.negativeShareOfStations")).isEqualTo(0.0);
        assertThat(withdrawn.getList("flags")).as("its conflict flag went with it").isEmpty();
        assertThat(withdrawn.getLong("total.observations")).isEqualTo(8);

        // the only visit to No. 31 is rejected by an analyst: the station leaves the figures
        f.review(day.voting31(), "REJECTED");
        JsonPath rejected = awaitSummary(f.missionId, s -> s.getLong(voting + ".visits.observations") == 5);
        assertThat(rejected.getLong(voting + ".visits.stations")).isEqualTo(5);
        assertThat(rejected.getLong("total.stations")).isEqualTo(7);
        assertThat(rejected.getList(voting + ".districts.district")).doesNotContain("Nura");
        assertThat(ids(rejected.getString(voting + ".visits.href"))).doesNotContain(day.voting12b().toString(), day.voting31().toString());
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        MissionFixture f = new MissionFixture();
        String garbage = "not an event " + f.tag;
        f.feed.send(new EventFeed.Sent(EventFeed.OBSERVATIONS, f.missionId.toString(), garbage));
        String typeless = "{\"id\": \"" + UUID.randomUUID() + "\", \"data\": {}}";
        f.feed.send(new EventFeed.Sent(EventFeed.MISSIONS, f.missionId.toString(), typeless));
        InfraTestResource.awaitRecords("eom.observations.v1.dlq", r -> r.value().equals(garbage), 1);
        InfraTestResource.awaitRecords("eom.missions.v1.dlq", r -> r.value().equals(typeless), 1);

        f.election("KZ", "Local elections", "2023-03-19").mission("OTS", "After the garbage", List.of("Astana"))
                .stations("Yesil", "1").templates();
        f.observe("VOTING", "1", "GOOD", Map.of("secrecy", "YES"));
        awaitSummary(f.missionId, s -> s.getLong("total.observations") == 1);
    }

    @Test
    void theReadModelRebuildsFromTheEventsToTheSameFigures() throws Exception {
        ElectionDays.Astana day = ElectionDays.astana();
        MissionFixture f = day.fixture();
        f.amend(day.voting30(), "GOOD", Map.of());
        f.withdraw(day.voting12b());
        JsonPath before = awaitSummary(f.missionId, s -> s.getLong("total.observations") == 8 && s.getLong("incidents.total") == 1
                && s.getLong("phases.find { it.phase == 'VOTING' }.assessment.negative.observations") == 0);

        // the documented procedure (docs/reports-read-model.md): empty the read model, then consume everything again
        try (Connection connection = Arc.container().select(AgroalDataSource.class).get().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(resource("db/rebuild-read-model.sql"));
        }
        // the procedure stops the service first; left running, it knows the mission from its directory until that expires
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/summary", f.missionId).statusCode() == 404);
        f.feed.sent().forEach(f.feed::send);

        JsonPath after = awaitSummary(f.missionId, s -> s.getLong("total.observations") == 8 && s.getLong("incidents.total") == 1
                && s.getList("coverage").size() == 3);
        assertThat(OffsetDateTime.parse(after.getString("asOf"))).isAfter(OffsetDateTime.parse(before.getString("asOf")));
        assertThat(Api.figures(after)).isEqualTo(Api.figures(before));
    }

    /** ADR 0025: a mission newer than the table's statistics gets its drill-down pages walked in order, not sorted. */
    @Test
    void aNewMissionIsPlannedAsAnyMissionIs() throws Exception {
        NewMissionPlan.assertPlannedLikeAnyOther(Arc.container().select(AgroalDataSource.class).get());
    }

    @Test
    void aStatementRunsInOneProcess() throws Exception {
        OneProcessPlan.assertNoParallelWorkers(Arc.container().select(AgroalDataSource.class).get());
    }

    private static List<String> ids(String href) {
        return given().auth().oauth2(ADMIN).queryParam("size", 200).get(href)
                .then().statusCode(200).extract().jsonPath().getList("items.id", String.class);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FiguresTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
