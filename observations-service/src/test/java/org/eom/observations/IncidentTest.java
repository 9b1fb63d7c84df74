package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class IncidentTest {

    @Inject
    MissionFeed feed;

    static Map<String, Object> incident(UUID id, UUID station, String category) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id.toString());
        if (station != null) {
            body.put("stationId", station.toString());
        }
        body.put("category", category);
        body.put("severity", "HIGH");
        body.put("occurredAt", "2023-03-19T12:15:00+06:00");
        body.put("description", "A man photographed voters' ballots in the booth.");
        return body;
    }

    @Test
    void incidentsAreRecordedOnceUpdatedWithIfMatchAndPublished() {
        TestMission m = feed.mission(2);
        String base = "/api/v1/missions/" + m.missionId() + "/incidents";
        UUID id = UUID.randomUUID();
        Map<String, Object> body = incident(id, m.station(1), "SECRECY_VIOLATION");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body).post(base)
                .then().statusCode(201).header("ETag", "\"1\"").body("followUpStatus", equalTo("OPEN"))
                .body("reportedBy", equalTo(m.observerA1())).body("version", equalTo(1));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body).post(base)
                .then().statusCode(200).body("version", equalTo(1));
        Map<String, Object> different = incident(id, m.station(1), "OTHER");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(different).post(base)
                .then().statusCode(409).header("Link", containsString(base + "/" + id)).body("detail", containsString("PUT " + base + "/" + id));

        Map<String, Object> followUp = new HashMap<>(body);
        followUp.put("followUpStatus", "FOLLOWING_UP");
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(followUp).put(base + "/" + id).then().statusCode(428);
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(followUp)
                .put(base + "/" + id).then().statusCode(200).header("ETag", "\"2\"").body("followUpStatus", equalTo("FOLLOWING_UP"));
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(followUp)
                .put(base + "/" + id).then().statusCode(403);
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.value().contains("incident.recorded") && r.value().contains(id.toString())
                && r.value().contains("FOLLOWING_UP") && r.key().equals(m.missionId().toString()), 1);

        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(incident(UUID.randomUUID(), null, "VOTER_INFLUENCE"))
                .post(base).then().statusCode(201).body("stationId", equalTo(null));
        given().auth().oauth2(m.analystToken()).get(base + "?followUpStatus=FOLLOWING_UP").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id.toString()));
        given().auth().oauth2(m.analystToken()).get(base + "?size=1").then().statusCode(200).body("items", hasSize(1))
                .body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void invalidIncidentsNameTheField() {
        TestMission m = feed.mission(2);
        TestMission other = feed.mission(2);
        String base = "/api/v1/missions/" + m.missionId() + "/incidents";
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(incident(UUID.randomUUID(), other.station(1), "OTHER"))
                .post(base).then().statusCode(422).body("errors[0].field", equalTo("stationId"));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(incident(UUID.randomUUID(), null, "UFO"))
                .post(base).then().statusCode(400).body("errors[0].field", equalTo("category"));
        Map<String, Object> noSeverity = incident(UUID.randomUUID(), null, "OTHER");
        noSeverity.remove("severity");
        noSeverity.put("description", "");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(noSeverity)
                .post(base).then().statusCode(400).body("errors.field", equalTo(List.of("description", "severity")));
    }
}
