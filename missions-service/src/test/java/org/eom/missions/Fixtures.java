package org.eom.missions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.eom.deploy.infra.Topics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** Builds the data tests need through the API itself, as an admin, and reads the events the service published. */
final class Fixtures {

    static final String ADMIN = TestTokens.user("secretariat", "admin");

    private Fixtures() {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static String election() {
        return MissionLifecycleTest.createElection();
    }

    static String mission(String electionId) {
        return MissionLifecycleTest.createMission(ADMIN, electionId);
    }

    static String publicMission(String electionId) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("electionId", electionId, "organisation", "OTS", "name", "IEOM " + UUID.randomUUID(),
                        "mandate", "Observe the early parliamentary elections", "areas", List.of("Astana", "Almaty"),
                        "isPublic", true, "internalNotes", "driver contacts in the safe"))
                .post("/api/v1/missions")
                .then().statusCode(201).extract().path("id");
    }

    static String delegate(String missionId, String username, String missionRole) {
        Map<String, Object> body = new HashMap<>(Map.of("fullName", "Delegate " + username, "memberState", "TR",
                "affiliation", "CENTRAL_ELECTION_COMMISSION", "missionRole", missionRole, "accreditationStatus", "ACCREDITED",
                "accreditationNumber", "ACC-" + username, "email", username + "@example.org", "phone", "+90 555 0101"));
        if (username != null) {
            body.put("username", username);
        }
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/missions/{m}/delegates", missionId)
                .then().statusCode(201).extract().path("id");
    }

    static String station(String electionId, String number, String district) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("number", number, "name", "School No. " + number, "district", district))
                .post("/api/v1/elections/{e}/polling-stations", electionId)
                .then().statusCode(201).extract().path("id");
    }

    static String team(String missionId, String name, String... memberIds) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "memberIds", List.of(memberIds)))
                .post("/api/v1/missions/{m}/teams", missionId)
                .then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> visit(String teamId, String stationId, String phase, String start, String end) {
        return Map.of("teamId", teamId, "stationId", stationId, "phase", phase,
                "plannedStart", "2023-03-19T" + start + ":00+06:00", "plannedEnd", "2023-03-19T" + end + ":00+06:00");
    }

    static String deployment(String missionId, Map<String, Object> visit) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(visit)
                .post("/api/v1/missions/{m}/deployments", missionId)
                .then().statusCode(201).extract().path("id");
    }

    /** The first event of this type whose data matches; duplicates (delivery is at least once) do not matter. */
    static ConsumerRecord<String, String> awaitEvent(String type, Predicate<JsonNode> data) {
        return InfraTestResource.awaitRecords(Topics.MISSIONS, r -> {
            JsonNode event = read(r.value());
            return event.path("type").asText().equals(type) && data.test(event.path("data"));
        }, 1).get(0);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
