package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class MissionLifecycleTest {

    static final String ADMIN = TestTokens.user("secretariat", "admin");
    static final String COORDINATOR = TestTokens.user("coordinator", "coordinator");

    static String createElection() {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("country", "KZ", "name", "Mazhilis " + UUID.randomUUID(), "type", "parliamentary",
                        "electionDay", "2023-03-19"))
                .post("/api/v1/elections")
                .then().statusCode(201).extract().path("id");
    }

    static String createMission(String token, String electionId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("electionId", electionId, "organisation", "OTS", "name", "IEOM " + UUID.randomUUID(),
                        "areas", List.of("Astana"), "internalNotes", "security briefing at 8"))
                .post("/api/v1/missions")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void coordinatorCreatesMissionRegistersStationAndEventsReachKafka() {
        String electionId = createElection();
        String missionId = createMission(COORDINATOR, electionId);

        // the creating coordinator became the mission's coordinator and may manage it
        given().auth().oauth2(COORDINATOR).get("/api/v1/missions/{id}/delegates", missionId)
                .then().statusCode(200).body("items.username", hasItem("coordinator"))
                .body("items[0].missionRole", equalTo("COORDINATOR"));

        String stationId = given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("number", "431", "name", "School No. 12", "district", "Yesil", "latitude", 51.12, "longitude", 71.43))
                .post("/api/v1/elections/{e}/polling-stations", electionId)
                .then().statusCode(201).body("number", equalTo("431")).extract().path("id");
        // the same station again is harmless: same id, no new version
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("number", "431", "name", "School No. 12", "district", "Yesil", "latitude", 51.12, "longitude", 71.43))
                .post("/api/v1/elections/{e}/polling-stations", electionId)
                .then().statusCode(200).body("id", equalTo(stationId)).body("version", equalTo(0));

        ConsumerRecord<String, String> mission = Fixtures.awaitEvent("org.eom.missions.mission.upserted",
                data -> data.path("id").asText().equals(missionId));
        ConsumerRecord<String, String> stations = Fixtures.awaitEvent("org.eom.missions.polling-stations.upserted",
                data -> data.path("stations").path(0).path("id").asText().equals(stationId));
        assertThat(mission.key()).isEqualTo(missionId);
        assertThat(mission.value()).contains("\"specversion\":\"1.0\"").doesNotContain("security briefing");
        assertThat(stations.key()).isEqualTo(electionId);
        assertThat(stations.value()).contains("School No. 12");
    }

    @Test
    void missionUpdatesNeedCurrentEtag() {
        String missionId = createMission(ADMIN, createElection());
        String etag = given().auth().oauth2(ADMIN).get("/api/v1/missions/{id}", missionId)
                .then().statusCode(200).header("ETag", notNullValue()).extract().header("ETag");
        given().auth().oauth2(ADMIN).header("If-None-Match", etag).get("/api/v1/missions/{id}", missionId)
                .then().statusCode(304);

        Map<String, Object> change = Map.of("status", "DEPLOYED");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(change)
                .post("/api/v1/missions/{id}/status", missionId)
                .then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"99\"").body(change)
                .post("/api/v1/missions/{id}/status", missionId)
                .then().statusCode(412).contentType("application/problem+json");
        String next = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(change)
                .post("/api/v1/missions/{id}/status", missionId)
                .then().statusCode(200).body("status", equalTo("DEPLOYED")).extract().header("ETag");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", next).body(Map.of("status", "REPORTING"))
                .post("/api/v1/missions/{id}/status", missionId)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/invalid-transition"));
    }

    @Test
    void refusesAnonymousWrongRoleAndForeignMission() {
        String electionId = createElection();
        String missionId = createMission(ADMIN, electionId);
        given().get("/api/v1/missions/{id}", missionId)
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(TestTokens.user("observer1", "observer")).contentType(ContentType.JSON)
                .body(Map.of("electionId", electionId, "organisation", "OTS", "name", "x"))
                .post("/api/v1/missions").then().statusCode(403).contentType("application/problem+json");
        // a coordinator who is not a delegate of this mission may neither read nor change it
        given().auth().oauth2(COORDINATOR).get("/api/v1/missions/{id}", missionId).then().statusCode(403);
        given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("number", "1", "name", "n", "district", "d"))
                .post("/api/v1/elections/{e}/polling-stations", electionId).then().statusCode(403);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("country", "Kazakhstan", "name", "x", "type", "t", "electionDay", "2023-03-19"))
                .post("/api/v1/elections")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("country"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"country\": \"KZ\", \"name\": ")
                .post("/api/v1/elections")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("country", "KZ", "name", "x", "type", "t", "electionDay", "19.03.2023"))
                .post("/api/v1/elections")
                .then().statusCode(400).body("errors[0].field", equalTo("electionDay"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("electionId", UUID.randomUUID().toString(), "organisation", "OTS", "name", "x"))
                .post("/api/v1/missions")
                .then().statusCode(422).body("errors[0].field", equalTo("electionId"));
    }

    @Test
    void retriedCreateWithSameIdIsAReplayAndDifferentContentAConflict() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> election = Map.of("id", id, "country", "KZ", "name", "Maslikhats", "type", "local", "electionDay", "2023-03-19");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(election).post("/api/v1/elections").then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(election).post("/api/v1/elections")
                .then().statusCode(200).body("id", equalTo(id)).body("version", equalTo(0));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", id, "country", "KZ", "name", "Other", "type", "local", "electionDay", "2023-03-19"))
                .post("/api/v1/elections").then().statusCode(409).body("detail", notNullValue());
    }

    @Test
    void contactDetailsAndInternalNotesOnlyForStaff() {
        String missionId = createMission(ADMIN, createElection());
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fullName", "Observer One", "memberState", "TR", "affiliation", "MINISTRY_OF_FOREIGN_AFFAIRS",
                        "missionRole", "OBSERVER", "username", "observer1", "email", "o1@example.org", "phone", "+90 555"))
                .post("/api/v1/missions/{m}/delegates", missionId).then().statusCode(201);
        String observer = TestTokens.user("observer1", "observer");
        given().auth().oauth2(observer).get("/api/v1/missions/{id}", missionId)
                .then().statusCode(200).body("internalNotes", nullValue());
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{id}", missionId)
                .then().statusCode(200).body("internalNotes", equalTo("security briefing at 8"));
        // the delegate sees their own contact details
        given().auth().oauth2(observer).get("/api/v1/missions/{m}/delegates", missionId)
                .then().statusCode(200).body("items[0].email", equalTo("o1@example.org"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fullName", "Analyst", "memberState", "AZ", "affiliation", "SECRETARIAT",
                        "missionRole", "ANALYST", "username", "analyst"))
                .post("/api/v1/missions/{m}/delegates", missionId).then().statusCode(201);
        given().auth().oauth2(TestTokens.user("analyst", "analyst")).get("/api/v1/missions/{m}/delegates?role=OBSERVER", missionId)
                .then().statusCode(200).body("items[0].fullName", equalTo("Observer One")).body("items[0].email", nullValue());
    }
}
