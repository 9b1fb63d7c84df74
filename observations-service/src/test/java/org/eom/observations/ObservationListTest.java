package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eom.deploy.infra.NewMissionPlan;
import org.eom.deploy.infra.OneProcessPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ObservationListTest {

    @Inject
    MissionFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void filtersAndCursorPagesNewestFirst() {
        TestMission m = feed.mission(4);
        String base = m.observations();
        List<UUID> ids = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            Map<String, Object> answers = Checklists.with(Checklists.cleanVotingAnswers(), "overall_assessment", n == 4 ? "VERY_BAD" : "GOOD");
            String token = n % 2 == 1 ? m.observerA1Token() : m.observerB1Token();
            Map<String, Object> body = Checklists.observation(id, m.station(n), Checklists.VOTING, "2023-03-19T0" + (n + 5) + ":00:00+06:00", answers);
            body.remove("departedAt");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(base).then().statusCode(201);
        }
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("status", "VERIFIED"))
                .post(base + "/" + ids.get(0) + "/reviews").then().statusCode(200);

        String analyst = m.analystToken();
        assertThat(ids(analyst, base + "?district=Yesil")).containsExactly(ids.get(3), ids.get(1));
        assertThat(ids(analyst, base + "?stationId=" + m.station(3))).containsExactly(ids.get(2));
        assertThat(ids(analyst, base + "?teamId=" + m.teamB())).containsExactly(ids.get(3), ids.get(1));
        assertThat(ids(analyst, base + "?assessment=VERY_BAD")).containsExactly(ids.get(3));
        assertThat(ids(analyst, base + "?review=VERIFIED")).containsExactly(ids.get(0));
        assertThat(ids(analyst, base + "?review=UNREVIEWED")).hasSize(3).doesNotContain(ids.get(0));
        assertThat(ids(analyst, base + "?phase=OPENING")).isEmpty();
        assertThat(ids(analyst, base + "?phase=VOTING&from=2023-03-19T01:00:00Z&to=2023-03-19T03:00:00Z"))
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(ids(analyst, base + "?flag=NOT_IN_PLAN")).containsExactly(ids.get(2));

        // cursor pages of 3: newest first, nothing twice, nothing missed, even with a new arrival between pages
        JsonPath first = given().auth().oauth2(analyst).get(base + "?size=3").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id")).containsExactly(ids.get(3).toString(), ids.get(2).toString(), ids.get(1).toString());
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post(base).then().statusCode(201);
        JsonPath second = given().auth().oauth2(analyst).queryParam("cursor", first.getString("nextCursor")).get(base + "?size=3")
                .then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.id")).containsExactly(ids.get(0).toString());
        assertThat(second.getString("nextCursor")).isNull();

        given().auth().oauth2(analyst).get(base + "?phase=NIGHT").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("phase"));
        given().auth().oauth2(analyst).get(base + "?cursor=abc").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("cursor"));
        given().auth().oauth2(analyst).get(base + "?size=500").then().statusCode(400);
    }

    /** ADR 0025: a mission newer than the table's statistics gets its list's pages walked in order, not sorted. */
    @Test
    void aNewMissionIsPlannedAsAnyMissionIs() throws Exception {
        NewMissionPlan.assertPlannedLikeAnyOther(dataSource);
    }

    @Test
    void aStatementRunsInOneProcess() throws Exception {
        OneProcessPlan.assertNoParallelWorkers(dataSource);
    }

    private static List<UUID> ids(String token, String url) {
        return given().auth().oauth2(token).get(url).then().statusCode(200).extract().jsonPath().getList("items.id", String.class)
                .stream().map(UUID::fromString).toList();
    }
}
