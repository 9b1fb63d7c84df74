package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PublicApiAndAuditTest {

    static final String CEC = TestTokens.client("cec-kg", "cec");

    @Test
    void publicApiShowsWhatAMissionMadePublicWithoutContactDataOrNotes() {
        String missionId = Fixtures.publicMission(Fixtures.election());
        Fixtures.delegate(missionId, "pub-observer", "OBSERVER");
        String requested = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fullName", "Not Yet Accredited", "affiliation", "OTHER", "missionRole", "OBSERVER"))
                .post("/api/v1/missions/{m}/delegates", missionId).then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("meetingDate", "2023-03-16", "counterpart", "Central Election Commission",
                        "counterpartKind", "ELECTION_COMMISSION", "counterpartPerson", "Mr. Nurlan Abdirov, Chairman",
                        "topics", List.of("voter lists"), "notes", "chairman seemed nervous about the count"))
                .post("/api/v1/missions/{m}/meetings", missionId).then().statusCode(201);
        String hidden = Fixtures.mission(Fixtures.election());

        String missions = given().auth().oauth2(CEC).get("/api/v1/public/missions?size=200")
                .then().statusCode(200).body("items.id", hasItem(missionId)).body("items.id", not(hasItem(hidden)))
                .extract().asString();
        String mission = given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}", missionId)
                .then().statusCode(200).body("election.country", equalTo("KZ")).body("areas", contains("Astana", "Almaty"))
                .body("status", equalTo("PLANNED")).body("mandate", equalTo("Observe the early parliamentary elections"))
                .extract().asString();
        String delegates = given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}/delegates", missionId)
                .then().statusCode(200).body("items.fullName", contains("Delegate pub-observer"))
                .body("items[0].memberState", equalTo("TR")).body("items[0].affiliation", equalTo("CENTRAL_ELECTION_COMMISSION"))
                .body("items[0].missionRole", equalTo("OBSERVER")).body("items.id", not(hasItem(requested)))
                .extract().asString();
        String meetings = given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}/meetings", missionId)
                .then().statusCode(200).body("items[0].counterpartPerson", equalTo("Mr. Nurlan Abdirov, Chairman"))
                .body("items.notes", everyItem(nullValue())).extract().asString();
        for (String body : List.of(missions, mission, delegates, meetings)) {
            assertThat(body).doesNotContain("pub-observer@example.org", "+90 555", "\"username\"", "ACC-pub-observer",
                    "internalNotes", "driver contacts", "nervous", "\"email\"", "\"phone\"", "accreditationNumber", "partner");
        }

        given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}", hidden).then().statusCode(403);
        String etag = given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}", missionId).then().extract().header("ETag");
        given().auth().oauth2(CEC).header("If-None-Match", etag).get("/api/v1/public/missions/{m}", missionId).then().statusCode(304);
        // a CEC reads only the public API
        given().auth().oauth2(CEC).get("/api/v1/missions/{m}", missionId).then().statusCode(403);
        given().auth().oauth2(CEC).get("/api/v1/missions/{m}/delegates", missionId).then().statusCode(403);
    }

    @Test
    void updatedSinceSyncsOnlyWhatChanged() {
        String missionId = Fixtures.publicMission(Fixtures.election());
        String meetingId = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("meetingDate", "2023-03-15", "counterpart", "Amanat", "counterpartKind", "POLITICAL_PARTY"))
                .post("/api/v1/missions/{m}/meetings", missionId).then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("meetingDate", "2023-03-15", "counterpart", "Respublica", "counterpartKind", "POLITICAL_PARTY"))
                .post("/api/v1/missions/{m}/meetings", missionId).then().statusCode(201);
        Instant synced = Instant.now();

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("meetingDate", "2023-03-15", "counterpart", "Amanat", "counterpartKind", "POLITICAL_PARTY",
                        "topics", List.of("campaign finance")))
                .put("/api/v1/missions/{m}/meetings/{id}", missionId, meetingId).then().statusCode(200);

        given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}/meetings?updatedSince={t}", missionId, synced.toString())
                .then().statusCode(200).body("totalItems", equalTo(1)).body("items[0].topics", contains("campaign finance"));
        given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}/meetings", missionId)
                .then().statusCode(200).body("totalItems", equalTo(2));
        given().auth().oauth2(CEC).get("/api/v1/public/missions?updatedSince={t}", synced.toString())
                .then().statusCode(200).body("items.id", not(hasItem(missionId)));
        given().auth().oauth2(CEC).get("/api/v1/public/missions?updatedSince=yesterday")
                .then().statusCode(400).body("errors[0].field", equalTo("updatedSince"));
    }

    @Test
    void readsByPartnersAndCecsAreAudited() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.publicMission(electionId);
        Fixtures.station(electionId, "1", "Yesil");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Domestic observers"))
                .put("/api/v1/missions/{m}/partners/{c}", missionId, "partner-audited").then().statusCode(201);
        String head = "head-audit";
        Fixtures.delegate(missionId, head, "HEAD_OF_MISSION");
        Fixtures.delegate(missionId, "coord-audit", "COORDINATOR");

        given().auth().oauth2(TestTokens.client("partner-audited", "partner"))
                .get("/api/v1/elections/{e}/polling-stations?district=Yesil", electionId).then().statusCode(200);
        given().auth().oauth2(CEC).get("/api/v1/public/missions/{m}/delegates", missionId).then().statusCode(200);
        // staff reads are not audited
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/delegates", missionId).then().statusCode(200);

        given().auth().oauth2(TestTokens.user(head, "head-of-mission")).get("/api/v1/missions/{m}/audit", missionId)
                .then().statusCode(200).body("totalItems", equalTo(2))
                .body("items.clientId", contains("cec-kg", "partner-audited"))
                .body("items[0].path", equalTo("/api/v1/public/missions/" + missionId + "/delegates"))
                .body("items[0].roles", hasItem("cec")).body("items[0].method", equalTo("GET"))
                .body("items[1].path", equalTo("/api/v1/elections/" + electionId + "/polling-stations?district=Yesil"))
                .body("items[1].status", equalTo(200));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/audit?clientId=partner-audited", missionId)
                .then().statusCode(200).body("totalItems", equalTo(1));
        given().auth().oauth2(TestTokens.user("coord-audit", "coordinator")).get("/api/v1/missions/{m}/audit", missionId)
                .then().statusCode(403);
    }
}
