package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class FormTemplateTest {

    @Inject
    MissionFeed feed;

    @Test
    void shippedChecklistsCoverEveryPhaseEndWithTheAssessmentAndMarkProblems() {
        TestMission m = feed.mission(2);
        JsonPath forms = given().auth().oauth2(m.observerA1Token()).get("/api/v1/forms?missionId={m}&size=200", m.missionId())
                .then().statusCode(200).extract().jsonPath();
        Map<String, Integer> minimum = Map.of("OPENING", 12, "VOTING", 20, "CLOSING_COUNTING", 15, "TABULATION", 8);
        for (Map.Entry<String, Integer> phase : minimum.entrySet()) {
            Map<String, Object> form = forms.getMap("items.find { it.phase == '" + phase.getKey() + "' && it.missionId == null }");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> questions = (List<Map<String, Object>>) form.get("questions");
            assertThat(questions.size() - 1).as(phase.getKey()).isGreaterThanOrEqualTo(phase.getValue());
            Map<String, Object> last = questions.get(questions.size() - 1);
            assertThat(last.get("id")).isEqualTo("overall_assessment");
            assertThat(last.get("problemAnswers")).isEqualTo(List.of("BAD", "VERY_BAD"));
            for (Map<String, Object> q : questions) {
                @SuppressWarnings("unchecked")
                Map<String, String> label = (Map<String, String>) q.get("label");
                assertThat(label.get("en")).isNotBlank();
                assertThat(label.get("ru")).isNotBlank();
                assertThat((String) q.get("topic")).matches("[a-z_]+");
            }
        }
        Map<String, Object> voting = forms.getMap("items.find { it.id == '" + Checklists.VOTING + "' }");
        assertThat(voting.toString()).contains("topic=campaign_material", "topic=voter_influence", "topic=observer_access",
                "topic=accessibility", "topic=braille_templates", "topic=mobile_ballot_box", "topic=exit_polls", "topic=secrecy",
                "topic=group_voting", "topic=unauthorised_persons");
        given().auth().oauth2(m.observerA1Token()).get("/api/v1/forms/{id}/versions/1", Checklists.VOTING)
                .then().statusCode(200)
                .body("questions.find { it.id == 'campaign_material' }.problemAnswers", equalTo(List.of("YES")))
                .body("questions.find { it.id == 'exit_polls' }.problemAnswers", equalTo(List.of("INSIDE")))
                .body("questions.find { it.id == 'campaign_material' }.label.ru", equalTo("Были ли видны агитационные материалы внутри или вблизи избирательного участка?"));
        given().auth().oauth2(m.observerA1Token()).get("/api/v1/forms/{id}", Checklists.INCIDENT)
                .then().statusCode(200).body("phase", equalTo("INCIDENT")).body("questions.id", hasItem("category"));

        // the shipped templates were announced once, with the nil key
        List<ConsumerRecord<String, String>> published = InfraTestResource.awaitRecords("eom.observations.v1",
                r -> r.value().contains("\"type\":\"org.eom.observations.template.published\"") && r.value().contains(Checklists.OPENING), 1);
        assertThat(published.get(0).key()).isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void analystsPublishNewVersionsForTheirMissionAndBadTemplatesAreRefusedByField() {
        TestMission m = feed.mission(2);
        Map<String, Object> opening = given().auth().oauth2(m.analystToken()).get("/api/v1/forms/{id}", Checklists.OPENING)
                .then().statusCode(200).extract().as(Map.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> questions = new ArrayList<>((List<Map<String, Object>>) opening.get("questions"));
        Map<String, Object> extra = new HashMap<>(questions.get(1));
        extra.put("id", "queue_outside");
        extra.put("topic", "queue_outside");
        extra.put("label", Map.of("en", "Was there a queue outside?", "ru", "Была ли очередь снаружи?"));
        questions.add(1, extra);
        Map<String, Object> body = Map.of("missionId", m.missionId().toString(), "phase", "OPENING",
                "title", Map.of("en", "Opening (mission)", "ru", "Открытие (миссия)"), "questions", questions);

        String id = given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(body).post("/api/v1/forms")
                .then().statusCode(201).body("version", equalTo(1)).body("missionId", equalTo(m.missionId().toString()))
                .extract().path("id");
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(body).post("/api/v1/forms")
                .then().statusCode(200).body("id", equalTo(id)).body("version", equalTo(1));
        questions.remove(1);
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("missionId", m.missionId().toString(),
                        "phase", "OPENING", "title", Map.of("en", "Opening (mission)", "ru", "Открытие (миссия)"), "questions", questions))
                .post("/api/v1/forms").then().statusCode(201).body("id", equalTo(id)).body("version", equalTo(2));
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.key().equals(m.missionId().toString())
                && r.value().contains("template.published") && r.value().contains(id), 2);

        List<Map<String, Object>> broken = new ArrayList<>(questions);
        broken.set(2, Map.of("id", "opened_on_time", "type", "YES_NO", "label", Map.of("en", "Again?", "ru", ""),
                "required", true, "problemAnswers", List.of("MAYBE"), "topic", "opened_on_time"));
        broken.set(3, Map.of("id", "level", "type", "SINGLE_CHOICE", "label", Map.of("en", "Level", "ru", "Уровень"),
                "choices", List.of(Map.of("value", "A", "label", Map.of("en", "A", "ru", "А")),
                        Map.of("value", "A", "label", Map.of("en", "A", "ru", "А"))), "topic", "level"));
        broken.remove(broken.size() - 1);
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("missionId", m.missionId().toString(),
                        "phase", "OPENING", "title", Map.of("en", "x", "ru", "x"), "questions", broken))
                .post("/api/v1/forms").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("questions[2].id"))
                .body("errors.field", hasItem("questions[2].label.ru"))
                .body("errors.field", hasItem("questions[2].problemAnswers[0]"))
                .body("errors.field", hasItem("questions[3].choices[1].value"))
                .body("errors.find { it.reason.contains('overall_assessment') }.field", equalTo("questions[" + (broken.size() - 1) + "]"));

        // observers may not publish; analysts only for their own missions
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body).post("/api/v1/forms").then().statusCode(403);
        given().auth().oauth2(TestTokens.user("analyst-elsewhere", "analyst")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/forms").then().statusCode(403);
    }
}
