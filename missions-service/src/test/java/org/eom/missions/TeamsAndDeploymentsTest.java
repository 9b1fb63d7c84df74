package org.eom.missions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class TeamsAndDeploymentsTest {

    @Test
    void teamMembersAreDelegatesOfTheMissionEachInOneTeam() {
        String missionId = Fixtures.mission(Fixtures.election());
        String aigerim = Fixtures.delegate(missionId, "aigerim", "OBSERVER");
        String emre = Fixtures.delegate(missionId, "emre", "OBSERVER");
        String elsewhere = Fixtures.delegate(Fixtures.mission(Fixtures.election()), "stranger", "OBSERVER");

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Team 1", "memberIds", List.of(aigerim, elsewhere)))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("memberIds[1]"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Team 1", "memberIds", List.of(aigerim, aigerim)))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(400).body("errors[0].field", equalTo("memberIds[1]"));

        String teamId = UUID.randomUUID().toString();
        Map<String, Object> team = Map.of("id", teamId, "name", "Team 1", "memberIds", List.of(aigerim, emre));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(team).post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(201).body("members.username", containsInAnyOrder("aigerim", "emre"));
        // a retried create is a replay; the same id with other content a conflict
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(team).post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(200).body("version", equalTo(0));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", teamId, "name", "Team 1", "memberIds", List.of(aigerim)))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/id-conflict"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Team 2", "memberIds", List.of(emre)))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/member-in-other-team"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Team 1"))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/name-taken"));

        // moving a member out of a team is an update with If-Match: a new version and a new event
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Team 1", "memberIds", List.of(aigerim)))
                .put("/api/v1/missions/{m}/teams/{t}", missionId, teamId)
                .then().statusCode(428);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("name", "Team 1", "memberIds", List.of(aigerim)))
                .put("/api/v1/missions/{m}/teams/{t}", missionId, teamId)
                .then().statusCode(200).header("ETag", "\"1\"").body("members.username", contains("aigerim"));
        Fixtures.team(missionId, "Team 2", emre);

        ConsumerRecord<String, String> event = Fixtures.awaitEvent("org.eom.missions.team.upserted",
                data -> data.path("id").asText().equals(teamId) && data.path("version").asLong() == 1);
        assertThat(event.key()).isEqualTo(missionId);
        JsonNode latest = Fixtures.read(event.value()).get("data");
        assertThat(latest.get("missionId").asText()).isEqualTo(missionId);
        assertThat(latest.get("name").asText()).isEqualTo("Team 1");
        assertThat(latest.get("members")).hasSize(1);
        assertThat(latest.get("members").get(0).get("delegateId").asText()).isEqualTo(aigerim);
        assertThat(latest.get("members").get(0).get("username").asText()).isEqualTo("aigerim");

        // a member who logs in under a new user name: the team is published again, as a new version
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("fullName", "Delegate aigerim", "affiliation", "CENTRAL_ELECTION_COMMISSION",
                        "missionRole", "OBSERVER", "username", "aigerim.k"))
                .put("/api/v1/missions/{m}/delegates/{d}", missionId, aigerim).then().statusCode(200);
        JsonNode renamed = Fixtures.read(Fixtures.awaitEvent("org.eom.missions.team.upserted", data -> data.path("id").asText().equals(teamId)
                && data.path("members").path(0).path("username").asText().equals("aigerim.k")).value()).get("data");
        assertThat(renamed.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void deploymentRulesKeepThePlanConsistent() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String teamId = Fixtures.team(missionId, "Team A", Fixtures.delegate(missionId, "dana", "OBSERVER"));
        String stationId = Fixtures.station(electionId, "101", "Yesil");
        String foreignStation = Fixtures.station(Fixtures.election(), "101", "Yesil");
        String otherMission = Fixtures.mission(electionId);
        String foreignTeam = Fixtures.team(otherMission, "Team A");

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Fixtures.visit(teamId, foreignStation, "OPENING", "07:00", "08:00"))
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(422).body("errors[0].field", equalTo("stationId"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Fixtures.visit(foreignTeam, stationId, "OPENING", "07:00", "08:00"))
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(422).body("errors[0].field", equalTo("teamId"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Fixtures.visit(teamId, stationId, "OPENING", "08:00", "07:00"))
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(400).body("errors[0].field", equalTo("plannedEnd"));
        Map<String, Object> badPhase = new HashMap<>(Fixtures.visit(teamId, stationId, "OPENING", "07:00", "08:00"));
        badPhase.put("phase", "LUNCH");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(badPhase)
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(400).body("errors[0].field", equalTo("phase"));

        Fixtures.deployment(missionId, Fixtures.visit(teamId, stationId, "OPENING", "07:00", "08:30"));
        // a team cannot be in two places at once; back to back is fine
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Fixtures.visit(teamId, stationId, "VOTING", "08:00", "09:00"))
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/team-busy"));
        Fixtures.deployment(missionId, Fixtures.visit(teamId, stationId, "VOTING", "08:30", "09:30"));

        // a closed mission takes no new plans
        String etag = given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}", missionId).then().extract().header("ETag");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("status", "CLOSED"))
                .post("/api/v1/missions/{m}/status", missionId).then().statusCode(200);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Fixtures.visit(teamId, stationId, "CLOSING_COUNTING", "20:00", "23:00"))
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/mission-closed"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Team B"))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/mission-closed"));
    }

    @Test
    void reassignmentDuringTheDayIsAnUpdateWithIfMatch() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String teamA = Fixtures.team(missionId, "Team A", Fixtures.delegate(missionId, "farid", "OBSERVER"));
        String teamB = Fixtures.team(missionId, "Team B", Fixtures.delegate(missionId, "gulnara", "OBSERVER"));
        String yesil = Fixtures.station(electionId, "201", "Yesil");
        String almaty = Fixtures.station(electionId, "202", "Almaty");
        String deploymentId = Fixtures.deployment(missionId, Fixtures.visit(teamA, yesil, "VOTING", "10:00", "11:00"));
        Fixtures.deployment(missionId, Fixtures.visit(teamB, almaty, "VOTING", "10:00", "11:00"));

        String etag = given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId)
                .then().statusCode(200).body("teamName", equalTo("Team A")).body("stationNumber", equalTo("201"))
                .body("district", equalTo("Yesil")).extract().header("ETag");
        given().auth().oauth2(ADMIN).header("If-None-Match", etag)
                .get("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(304);

        Map<String, Object> reassigned = Fixtures.visit(teamB, yesil, "VOTING", "11:00", "12:00");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(reassigned)
                .put("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(428);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(reassigned)
                .put("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(412);
        String next = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(reassigned)
                .put("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId)
                .then().statusCode(200).body("teamId", equalTo(teamB)).body("version", equalTo(1)).extract().header("ETag");
        // the coordinator who still holds the old ETag cannot overwrite the reassignment
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Fixtures.visit(teamA, yesil, "VOTING", "10:00", "11:00"))
                .put("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(412);

        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments?teamId={t}", missionId, teamB)
                .then().statusCode(200).body("totalItems", equalTo(2)).body("items.stationId", contains(almaty, yesil));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments?district=Almaty&phase=VOTING", missionId)
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items[0].stationId", equalTo(almaty));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments?sort=colour", missionId)
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));

        given().auth().oauth2(ADMIN).delete("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(428);
        given().auth().oauth2(ADMIN).header("If-Match", next)
                .delete("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(204);
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments/{d}", missionId, deploymentId).then().statusCode(404);

        ConsumerRecord<String, String> reassignment = Fixtures.awaitEvent("org.eom.missions.deployment.upserted",
                data -> data.path("id").asText().equals(deploymentId) && data.path("version").asLong() == 1);
        ConsumerRecord<String, String> removal = Fixtures.awaitEvent("org.eom.missions.deployment.removed",
                data -> data.path("id").asText().equals(deploymentId));
        JsonNode moved = Fixtures.read(reassignment.value()).get("data");
        assertThat(moved.get("teamId").asText()).isEqualTo(teamB);
        assertThat(moved.get("stationId").asText()).isEqualTo(yesil);
        assertThat(moved.get("phase").asText()).isEqualTo("VOTING");
        assertThat(Fixtures.read(removal.value()).get("data").get("missionId").asText()).isEqualTo(missionId);
        // keyed by mission, so the removal follows the reassignment in the same partition
        assertThat(List.of(reassignment.key(), removal.key())).containsOnly(missionId);
        assertThat(removal.partition()).isEqualTo(reassignment.partition());
        assertThat(removal.offset()).isGreaterThan(reassignment.offset());
    }

    @Test
    void observersSeeOnlyTheirOwnTeamAndItsVisits() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String ownTeam = Fixtures.team(missionId, "Team A", Fixtures.delegate(missionId, "observer-a", "OBSERVER"));
        String otherTeam = Fixtures.team(missionId, "Team B", Fixtures.delegate(missionId, "observer-b", "OBSERVER"));
        Fixtures.delegate(missionId, "analyst-a", "ANALYST");
        String station = Fixtures.station(electionId, "301", "Yesil");
        Fixtures.deployment(missionId, Fixtures.visit(ownTeam, station, "OPENING", "07:00", "08:00"));
        String otherVisit = Fixtures.deployment(missionId, Fixtures.visit(otherTeam, station, "OPENING", "07:00", "08:00"));

        String observer = TestTokens.user("observer-a", "observer");
        given().auth().oauth2(observer).get("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items[0].id", equalTo(ownTeam));
        given().auth().oauth2(observer).get("/api/v1/missions/{m}/teams/{t}", missionId, otherTeam).then().statusCode(403);
        given().auth().oauth2(observer).get("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items[0].teamId", equalTo(ownTeam));
        given().auth().oauth2(observer).get("/api/v1/missions/{m}/deployments/{d}", missionId, otherVisit).then().statusCode(403);
        given().auth().oauth2(TestTokens.user("analyst-a", "analyst")).get("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(200).body("totalItems", equalTo(2));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/teams?memberId={d}", missionId,
                        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/delegates?q=observer-b", missionId).then().extract().path("items[0].id"))
                .then().statusCode(200).body("items.id", contains(otherTeam));
    }
}
