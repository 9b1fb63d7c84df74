package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.reports.Api.token;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class StatementWorkflowTest {

    static final String CEC = TestTokens.client("cec-demo", "cec");
    static ElectionDays.Astana day;
    static String analyst;
    static String head;

    /** One mission for the class, loaded on first use (the HTTP port is only known once a test runs). */
    @BeforeEach
    void missionWithItsData() {
        if (day == null) {
            day = ElectionDays.astana();
            Api.awaitLoaded(day.fixture().missionId, 9, 1, 5);
            analyst = token(day.fixture(), "ANALYST", "analyst");
            head = token(day.fixture(), "HEAD_OF_MISSION", "head-of-mission");
        }
    }

    @Test
    void editsNeedTheCurrentEtagAndEveryVersionIsKept() {
        String id = StatementDraftTest.generate(day.fixture()).getString("id");
        Map<String, String> edit = Map.of("language", "en", "text", "The Mission comprised **many** observers.");

        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(edit)
                .put("/api/v1/statements/{id}/sections/introduction", id)
                .then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(edit)
                .put("/api/v1/statements/{id}/sections/introduction", id)
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(edit)
                .put("/api/v1/statements/{id}/sections/introduction", id)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2))
                .body("sections.find { it.id == 'introduction' }.text.en", equalTo(edit.get("text")))
                .body("sections.find { it.id == 'introduction' }.text.ru", containsString("Миссия"))
                .body("sections.find { it.id == 'introduction' }.sentences.size()", equalTo(4));
        // the same stale ETag again: someone else's change must not be overwritten
        given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(edit)
                .put("/api/v1/statements/{id}/sections/introduction", id).then().statusCode(412);
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("language", "de", "text", "x"))
                .put("/api/v1/statements/{id}/sections/introduction", id).then().statusCode(400);
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(edit)
                .put("/api/v1/statements/{id}/sections/nowhere", id).then().statusCode(404);

        given().auth().oauth2(head).get("/api/v1/statements/{id}/versions", id)
                .then().statusCode(200).body("totalItems", equalTo(2))
                .body("items.version", equalTo(List.of(1, 2)))
                .body("items[0].change", equalTo("generated from the mission's data"))
                .body("items[1].change", equalTo("section introduction edited (en)"))
                .body("items[1].changedBy", equalTo(day.fixture().username("ANALYST")));
        given().auth().oauth2(head).get("/api/v1/statements/{id}/versions/1", id)
                .then().statusCode(200)
                .body("sections.find { it.id == 'introduction' }.text.en", containsString("The Mission comprised 4 members"));
        given().auth().oauth2(head).header("If-None-Match", "\"2\"").get("/api/v1/statements/{id}", id).then().statusCode(304);
    }

    @Test
    void commentsOnSections() {
        String id = StatementDraftTest.generate(day.fixture()).getString("id");
        given().auth().oauth2(head).contentType(ContentType.JSON)
                .body(Map.of("sectionId", "findings", "text", "Say how many counts were observed."))
                .post("/api/v1/statements/{id}/comments", id)
                .then().statusCode(201).body("author", equalTo(day.fixture().username("HEAD_OF_MISSION")));
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("text", "Looks good overall."))
                .post("/api/v1/statements/{id}/comments", id).then().statusCode(201);
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("sectionId", "appendix", "text", "?"))
                .post("/api/v1/statements/{id}/comments", id).then().statusCode(422).body("errors[0].field", equalTo("sectionId"));
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("text", ""))
                .post("/api/v1/statements/{id}/comments", id).then().statusCode(400);
        given().auth().oauth2(analyst).get("/api/v1/statements/{id}/comments", id)
                .then().statusCode(200).body("totalItems", equalTo(2)).body("items[0].sectionId", equalTo("findings"));
        given().auth().oauth2(analyst).queryParam("sectionId", "findings").get("/api/v1/statements/{id}/comments", id)
                .then().statusCode(200).body("totalItems", equalTo(1));
    }

    @Test
    void onlyTheHeadApprovesAndPublishesAPublishedStatementNeverChangesAndACorrectionSupersedesIt() {
        String id = StatementDraftTest.generate(day.fixture()).getString("id");
        transition(analyst, id, "APPROVED", 1).then().statusCode(409).body("type", containsString("invalid-transition"));
        transition(analyst, id, "IN_REVIEW", 1).then().statusCode(200).body("status", equalTo("IN_REVIEW"));
        transition(analyst, id, "APPROVED", 2).then().statusCode(403).contentType("application/problem+json");
        transition(head, id, "APPROVED", 1).then().statusCode(412);
        transition(head, id, "APPROVED", 2).then().statusCode(200).body("allowedTransitions", equalTo(List.of("DRAFT", "PUBLISHED")));
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(Map.of("language", "en", "text", "changed after approval"))
                .put("/api/v1/statements/{id}/sections/findings", id).then().statusCode(409);
        transition(analyst, id, "PUBLISHED", 3).then().statusCode(403);
        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", id).then().statusCode(404);
        transition(head, id, "PUBLISHED", 3).then().statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("publishedBy", equalTo(day.fixture().username("HEAD_OF_MISSION")));

        // the publication event, once per language, keyed by mission
        List<ConsumerRecord<String, String>> events = InfraTestResource.awaitRecords("eom.reports.v1",
                r -> r.value().contains("\"id\":\"" + id + "\""), 2);
        assertThat(events).extracting(ConsumerRecord::key).containsOnly(day.fixture().missionId.toString());
        assertThat(events).extracting(r -> JsonPath.from(r.value()).getString("data.language")).containsExactlyInAnyOrder("en", "ru");
        JsonPath english = events.stream().map(r -> JsonPath.from(r.value())).filter(e -> e.getString("data.language").equals("en"))
                .findFirst().orElseThrow();
        assertThat(english.getString("type")).isEqualTo("org.eom.reports.statement.published");
        assertThat(english.getString("source")).isEqualTo("/eom/reports-service");
        assertThat(english.getString("specversion")).isEqualTo("1.0");
        assertThat(english.getInt("data.version")).isEqualTo(4);
        assertThat(english.getString("data.markdown")).contains("**STATEMENT**", "No. 431");
        assertThat(english.getString("data.publishedBy")).isEqualTo(day.fixture().username("HEAD_OF_MISSION"));

        // published is immutable
        given().auth().oauth2(head).contentType(ContentType.JSON).header("If-Match", "\"4\"")
                .body(Map.of("language", "en", "text", "rewritten history"))
                .put("/api/v1/statements/{id}/sections/findings", id)
                .then().statusCode(409).body("type", containsString("statement-not-editable"));
        transition(head, id, "IN_REVIEW", 4).then().statusCode(409);

        // a correction is a new statement; the published one stays as it was until the correction is published
        JsonPath correction = transition(analyst, id, "DRAFT", 4).then().statusCode(201).header("Location", containsString("/statements/"))
                .body("supersedes", equalTo(id)).body("status", equalTo("DRAFT")).body("version", equalTo(1)).extract().jsonPath();
        String correctionId = correction.getString("id");
        transition(analyst, id, "DRAFT", 4).then().statusCode(409).body("type", containsString("correction-in-progress"));
        given().auth().oauth2(head).get("/api/v1/statements/{id}", id)
                .then().statusCode(200).body("status", equalTo("PUBLISHED")).body("version", equalTo(4)).body("supersededBy", equalTo(null));
        given().auth().oauth2(analyst).queryParam("matching", true)
                .get("/api/v1/statements/{id}/sentences/findings.assessment-voting/observations", correctionId)
                .then().statusCode(200).body("totalItems", equalTo(2));

        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("language", "en", "text", "The Mission corrects its count figures."))
                .put("/api/v1/statements/{id}/sections/findings", correctionId).then().statusCode(200);
        transition(analyst, correctionId, "IN_REVIEW", 2).then().statusCode(200);
        transition(head, correctionId, "APPROVED", 3).then().statusCode(200);
        transition(head, correctionId, "PUBLISHED", 4).then().statusCode(200);
        InfraTestResource.awaitRecords("eom.reports.v1",
                r -> r.value().contains("\"id\":\"" + correctionId + "\"") && r.value().contains("\"supersedes\":\"" + id + "\""), 2);

        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", id)
                .then().statusCode(200).body("supersededBy", equalTo(correctionId)).body("version", equalTo(4));
        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", correctionId)
                .then().statusCode(200).body("supersedes", equalTo(id))
                .body("sections.find { it.id == 'findings' }.text.en", equalTo("The Mission corrects its count figures."));
        transition(analyst, id, "DRAFT", 4).then().statusCode(409).body("type", containsString("already-superseded"));
    }

    @Test
    void cecsSeePublishedStatementsOnlyAndNoWorkingData() {
        String draft = StatementDraftTest.generate(day.fixture()).getString("id");
        String published = publish(StatementDraftTest.generate(day.fixture()).getString("id"));

        given().auth().oauth2(CEC).queryParam("missionId", day.fixture().missionId).queryParam("size", 200)
                .get("/api/v1/public/statements")
                .then().statusCode(200).body("items.id", hasItem(published)).body("items.id", not(hasItem(draft)));
        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", draft).then().statusCode(404);
        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", published)
                .then().statusCode(200)
                .body("sections.find { it.id == 'election-day' }.text.en", containsString("No. 431"))
                .body("sections[0].sentences", equalTo(null))
                .body("publishedBy", equalTo(null));
        given().auth().oauth2(CEC).get("/api/v1/statements/{id}", published).then().statusCode(403);
        given().auth().oauth2(CEC).get("/api/v1/statements/{id}/versions", published).then().statusCode(403);
        given().auth().oauth2(CEC).get("/api/v1/missions/{m}/summary", day.fixture().missionId).then().statusCode(403);
        given().auth().oauth2(CEC).accept("text/markdown").queryParam("lang", "ru").get("/api/v1/public/statements/{id}", published)
                .then().statusCode(200).body(containsString("ЗАЯВЛЕНИЕ"));
    }

    static String publish(String id) {
        transition(analyst, id, "IN_REVIEW", 1).then().statusCode(200);
        transition(head, id, "APPROVED", 2).then().statusCode(200);
        transition(head, id, "PUBLISHED", 3).then().statusCode(200);
        return id;
    }

    static io.restassured.response.Response transition(String token, String id, String to, long version) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"")
                .body(Map.of("to", to)).post("/api/v1/statements/{id}/transitions", id);
    }
}
