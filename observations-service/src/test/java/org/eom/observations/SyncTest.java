package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class SyncTest {

    @Inject
    MissionFeed feed;

    @Test
    void returnsWhatChangedForTheDelegateFromTheCursorOn() {
        TestMission m = feed.mission(3);
        TestMission other = feed.mission(2);
        String phone = TestMission.mobileToken(m.observerA2(), "observer");
        UUID mine = UUID.randomUUID();
        UUID teamMates = UUID.randomUUID();
        UUID otherTeams = UUID.randomUUID();
        submit(m, TestMission.mobileToken(m.observerA2(), "observer"), Checklists.voting(mine, m.station(1)));
        submit(m, m.observerA1Token(), Checklists.voting(teamMates, m.station(2)));
        submit(m, m.observerB1Token(), Checklists.voting(otherTeams, m.station(3)));
        submit(other, other.observerA1Token(), Checklists.voting(UUID.randomUUID(), other.station(1)));

        // first sync: everything the phone needs, in pages (rows of transactions still running come later)
        List<JsonPath> pages = await().atMost(Duration.ofSeconds(10))
                .until(() -> fullSync(phone), all -> collect(all, "observations.id").size() == 2);
        String cursor = pages.get(pages.size() - 1).getString("cursor");
        List<String> observations = collect(pages, "observations.id");
        List<String> stations = collect(pages, "stations.id");
        List<String> templates = collect(pages, "templates.id");
        assertThat(observations).containsExactlyInAnyOrder(mine.toString(), teamMates.toString());
        assertThat(stations).containsExactlyInAnyOrderElementsOf(m.stations().stream().map(UUID::toString).toList());
        assertThat(templates).contains(Checklists.OPENING, Checklists.VOTING, Checklists.CLOSING_COUNTING, Checklists.TABULATION,
                Checklists.INCIDENT);
        Map<String, Object> stationOne = pages.stream().flatMap(page -> page.<Map<String, Object>>getList("stations").stream())
                .filter(station -> station.get("id").equals(m.station(1).toString())).findFirst().orElseThrow();
        assertThat(stationOne).containsEntry("electionId", m.electionId().toString()).containsEntry("number", "1")
                .containsEntry("name", "School No. 1").containsEntry("district", "Almaty").containsEntry("address", null)
                .containsEntry("accessibility", List.of("ramp"));
        assertThat(((Number) stationOne.get("latitude")).doubleValue()).isCloseTo(51.1, within(1e-4));
        assertThat(((Number) stationOne.get("longitude")).doubleValue()).isCloseTo(71.4, within(1e-4));
        assertThat(pages.get(0).getString("missions[0].id")).isEqualTo(m.missionId().toString());
        assertThat(pages.get(0).getString("missions[0].teamId")).isEqualTo(m.teamA().toString());

        // nothing changed: nothing comes
        JsonPath quiet = sync(phone, cursor, 500);
        assertThat(quiet.getList("observations")).isEmpty();
        assertThat(quiet.getList("stations")).isEmpty();
        assertThat(quiet.getList("templates")).isEmpty();

        // a review of the team mate's observation and a renamed station come with the next sync, once
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("status", "VERIFIED"))
                .post("/api/v1/missions/{m}/observations/{id}/reviews", m.missionId(), teamMates).then().statusCode(200);
        feed.apply("polling-stations.upserted", m.electionId(), Map.of("electionId", m.electionId().toString(), "stations",
                List.of(Map.of("id", m.station(2).toString(), "number", "2", "name", "Lyceum No. 2", "district", "Yesil"))));
        String from = cursor;
        JsonPath changed = await().atMost(Duration.ofSeconds(10)).until(() -> sync(phone, from, 500),
                page -> !page.getList("observations").isEmpty() && !page.getList("stations").isEmpty());
        assertThat(changed.getList("observations.id")).containsExactly(teamMates.toString());
        assertThat(changed.getString("observations[0].review.status")).isEqualTo("VERIFIED");
        assertThat(changed.getList("stations.name")).containsExactly("Lyceum No. 2");
        assertThat(changed.getList("stations.accessibility")).containsExactly(List.of());
        assertThat(sync(phone, changed.getString("cursor"), 500).getList("observations")).isEmpty();

        given().auth().oauth2(phone).get("/api/v1/sync?cursor=garbage").then().statusCode(400);
        given().auth().oauth2(m.partnerToken()).get("/api/v1/sync").then().statusCode(403);
    }

    @Test
    void rowsOnBothSidesOfTransactionIdsWithMoreDigitsAllCome() {
        TestMission m = feed.mission(3);
        // the next rows get a transaction id with one digit more than those of the mission's stations (999 -> 1000):
        // the database then sorted the column as if it were text, and a cursor past 1000 had skipped 999 for ever
        long before = feed.count("select cast(cast(pg_current_xact_id() as text) as bigint)");
        long target = (long) Math.pow(10, String.valueOf(before).length());
        feed.execute("do $$ begin for i in 1.." + (target - before) + " loop perform pg_current_xact_id(); commit; end loop; end $$");
        UUID later = UUID.randomUUID();
        feed.apply("polling-stations.upserted", m.electionId(), Map.of("electionId", m.electionId().toString(), "stations",
                List.of(Map.of("id", later.toString(), "number", "99", "name", "School No. 99", "district", "Yesil"))));

        String phone = TestMission.mobileToken(m.observerA2(), "observer");
        List<String> stations = await().atMost(Duration.ofSeconds(10))
                .until(() -> collect(fullSync(phone), "stations.id"), all -> all.contains(later.toString()));
        List<String> expected = new ArrayList<>(m.stations().stream().map(UUID::toString).toList());
        expected.add(later.toString());
        assertThat(stations).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void stationsOfSeveralElectionsComeOnceEachInPagesAcrossThem() {
        TestMission first = feed.mission(3);
        TestMission second = feed.mission(4);
        // the analyst of the first mission is a delegate of the second too: two elections in one sync
        feed.apply("delegate.upserted", second.missionId(),
                MissionFeed.delegateData(UUID.randomUUID(), second, first.analyst(), "ANALYST", "ACCREDITED", 1));
        // stations written in turns, so that the elections' rows interleave in the cursor's order
        List<String> expected = new ArrayList<>();
        expected.addAll(first.stations().stream().map(UUID::toString).toList());
        expected.addAll(second.stations().stream().map(UUID::toString).toList());
        for (TestMission m : List.of(first, second, first, second)) {
            UUID added = UUID.randomUUID();
            expected.add(added.toString());
            feed.apply("polling-stations.upserted", m.electionId(), Map.of("electionId", m.electionId().toString(), "stations",
                    List.of(Map.of("id", added.toString(), "number", "9" + expected.size(), "name", "Added", "district", "Yesil"))));
        }

        String token = TestMission.mobileToken(first.analyst(), "analyst");
        List<String> stations = await().atMost(Duration.ofSeconds(10))
                .until(() -> collect(fullSync(token), "stations.id"), all -> all.size() >= expected.size());
        assertThat(stations).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Pages from the start until the server has nothing more. */
    private static List<JsonPath> fullSync(String token) {
        List<JsonPath> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = sync(token, cursor, 2);
            pages.add(page);
            cursor = page.getString("cursor");
        } while (pages.get(pages.size() - 1).getBoolean("hasMore"));
        assertThat(pages.size()).isGreaterThan(1);
        return pages;
    }

    private static void submit(TestMission m, String token, Map<String, Object> body) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
    }

    private static JsonPath sync(String token, String cursor, int limit) {
        var request = given().auth().oauth2(token).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/sync").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> collect(List<JsonPath> pages, String path) {
        List<String> all = new ArrayList<>();
        pages.forEach(page -> all.addAll(page.getList(path)));
        return all;
    }
}
