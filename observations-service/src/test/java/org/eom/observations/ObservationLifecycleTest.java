package org.eom.observations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ObservationLifecycleTest {

    @Inject
    MissionFeed feed;

    @Inject
    ObjectMapper mapper;

    /**
     * The mission's delegates are cached as one set (docs/performance.md item 60); a revocation applied from the
     * missions topic takes effect for the next upload, and a new delegate may submit at once.
     */
    @Test
    void aRevokedObserverIsRefusedAndANewOneAcceptedAsSoonAsTheChangeIsApplied() {
        TestMission m = feed.mission(2);
        Map<String, Object> withoutAccount = new HashMap<>(MissionFeed.delegateData(UUID.randomUUID(), m, "none", "OBSERVER", "ACCREDITED", 1));
        withoutAccount.put("username", null); // accredited before their account exists
        feed.apply("delegate.upserted", m.missionId(), withoutAccount);
        String joining = "joining-" + m.suffix();
        String token = TestMission.mobileToken(joining, "observer");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post(m.observations()).then().statusCode(403);

        UUID delegateId = UUID.randomUUID();
        feed.apply("delegate.upserted", m.missionId(), MissionFeed.delegateData(delegateId, m, joining, "OBSERVER", "ACCREDITED", 1));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post(m.observations()).then().statusCode(201);

        feed.apply("delegate.upserted", m.missionId(), MissionFeed.delegateData(delegateId, m, joining, "OBSERVER", "REVOKED", 2));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post(m.observations()).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void submissionIsStoredWithTeamAndProblemsAndPublishedWithTheDocumentedShape() throws Exception {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        Map<String, Object> answers = Checklists.with(Checklists.cleanVotingAnswers(), "group_voting", "YES", "overall_assessment", "BAD",
                "voters_voted", 420.0);
        Map<String, Object> body = Checklists.voting(id, m.station(1), answers);
        body.put("notes", "Сайлау учаскесі: кезек жоқ, çok sakin");
        String created = given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body)
                .post(m.observations())
                .then().statusCode(201).contentType(ContentType.JSON).header("ETag", "\"1\"").header("Location", containsString(m.observations() + "/" + id))
                .body("notes", equalTo("Сайлау учаскесі: кезек жоқ, çok sakin"))
                .body("version", equalTo(1)).body("revision", equalTo(1)).body("phase", equalTo("VOTING"))
                .body("teamId", equalTo(m.teamA().toString()))
                .body("delegateUsernames", equalTo(List.of(m.observerA1(), m.observerA2())))
                .body("submittedBy", equalTo(m.observerA1())).body("source", equalTo("WEB"))
                .body("stationNumber", equalTo("1")).body("district", equalTo("Almaty"))
                .body("overallAssessment", equalTo("BAD")).body("status", equalTo("ACTIVE"))
                .body("answers.find { it.questionId == 'group_voting' }.problem", equalTo(true))
                .body("answers.find { it.questionId == 'campaign_material' }.problem", equalTo(false))
                .body("answers.find { it.questionId == 'voters_voted' }.value", equalTo(420))
                .body("flags", hasSize(0)).body("review", nullValue()).extract().asString();

        ConsumerRecord<String, String> record = InfraTestResource.awaitRecords("eom.observations.v1",
                r -> r.value().contains("observation.submitted") && r.value().contains(id.toString()), 1).get(0);
        assertThat(record.key()).isEqualTo(m.missionId().toString());
        assertThat(new String(record.headers().lastHeader("content-type").value())).isEqualTo("application/cloudevents+json");
        JsonNode event = mapper.readTree(record.value());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("source").asText()).isEqualTo("/eom/observations-service");
        assertThat(event.get("type").asText()).isEqualTo("org.eom.observations.observation.submitted");
        assertThat(event.get("subject").asText()).isEqualTo("missions/" + m.missionId() + "/observations/" + id);
        JsonNode data = event.get("data");
        assertThat(fieldNames(data)).containsExactlyInAnyOrder("id", "version", "revision", "missionId", "electionId", "stationId",
                "stationNumber", "district", "phase", "templateId", "templateVersion", "teamId", "delegateUsernames", "submittedBy",
                "source", "partnerClientId", "arrivedAt", "departedAt", "receivedAt", "status", "withdrawalReason",
                "overallAssessment", "answers", "flags", "review", "notes");
        assertThat(data.get("electionId").asText()).isEqualTo(m.electionId().toString());
        assertThat(data.get("revision").asLong()).isEqualTo(1);
        JsonNode groupVoting = find(data.get("answers"), "group_voting");
        assertThat(fieldNames(groupVoting)).containsExactlyInAnyOrder("questionId", "value", "problem");
        assertThat(groupVoting.get("value").asText()).isEqualTo("YES");
        assertThat(groupVoting.get("problem").asBoolean()).isTrue();
        // the event and the 201 carry the record as the API answers it, the JSON written once for the version and the event
        JsonNode read = mapper.readTree(given().auth().oauth2(m.observerA1Token()).get(m.observations() + "/" + id)
                .then().statusCode(200).extract().asString());
        assertThat(data).isEqualTo(read);
        assertThat(mapper.readTree(created)).isEqualTo(read);
    }

    @Test
    void sameIdAndContentIsAReplayDifferentContentAConflictPointingToTheAmendOperation() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Checklists.voting(id, m.station(1));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body).post(m.observations()).then().statusCode(201);
        // the same content in another field order, 420 written as 420.0, multiple choices reordered: still a replay
        Map<String, Object> reordered = Checklists.voting(id, m.station(1),
                Checklists.with(Checklists.cleanVotingAnswers(), "voters_voted", 420.0));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(reordered).post(m.observations())
                .then().statusCode(200).header("ETag", "\"1\"").body("id", equalTo(id.toString())).body("version", equalTo(1));
        // a team mate's phone retrying the same upload is a replay too
        given().auth().oauth2(TestMission.mobileToken(m.observerA2(), "observer")).contentType(ContentType.JSON).body(body).post(m.observations())
                .then().statusCode(200).body("revision", equalTo(1));

        Map<String, Object> changed = Checklists.voting(id, m.station(1), Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "NO"));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(changed).post(m.observations())
                .then().statusCode(409).contentType("application/problem+json")
                .header("Link", equalTo("<" + m.observations() + "/" + id + ">; rel=\"edit\""))
                .body("type", equalTo("https://eom.example/problems/id-conflict"))
                .body("detail", containsString("PUT " + m.observations() + "/" + id)).body("detail", containsString("If-Match"));

        assertThat(feed.count("select count(*) from observation where id = ?", id)).isEqualTo(1);
        assertThat(feed.count("select count(*) from observation_version where observation_id = ?", id)).isEqualTo(1);
        assertThat(feed.count("select count(*) from observation where id = ? and cast(answers as jsonb) @> '[{\"questionId\":\"secrecy\",\"value\":\"YES\"}]'", id)).isEqualTo(1);
    }

    @Test
    void aStationUnknownAMomentAgoIsFoundAsSoonAsItIsStored() {
        TestMission m = feed.mission(2);
        UUID station = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), station))
                .post(m.observations()).then().statusCode(422).body("errors[0].field", equalTo("stationId"));
        // written as another instance's consumer would: this instance's cache is not told, and must not have kept the miss
        feed.execute("insert into polling_station (id, election_id, number, name, district) values (?, ?, '9/999', 'School 9', 'Almaty')",
                station, m.electionId());
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), station))
                .post(m.observations()).then().statusCode(201).body("stationNumber", equalTo("9/999"));
    }

    @Test
    void invalidObservationsAreRefusedWithProblemsNamingTheField() {
        TestMission m = feed.mission(2);
        String token = m.observerA1Token();
        TestMission other = feed.mission(2);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), other.station(1)))
                .post(m.observations()).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("stationId"));
        Map<String, Object> unknownTeam = Checklists.voting(UUID.randomUUID(), m.station(1));
        unknownTeam.put("teamId", other.teamA().toString());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(unknownTeam).post(m.observations())
                .then().statusCode(422).body("errors[0].field", equalTo("teamId"));
        Map<String, Object> foreignDelegate = Checklists.voting(UUID.randomUUID(), m.station(1));
        foreignDelegate.put("delegateUsernames", List.of(m.observerA1(), other.observerA1()));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(foreignDelegate).post(m.observations())
                .then().statusCode(422).body("errors[0].field", equalTo("delegateUsernames[1]"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Checklists.observation(UUID.randomUUID(), m.station(1), UUID.randomUUID().toString(), Checklists.ARRIVED, Map.of()))
                .post(m.observations()).then().statusCode(422).body("errors[0].field", equalTo("templateId"));

        Map<String, Object> answers = Checklists.with(Checklists.cleanVotingAnswers(),
                "campaign_material", "MAYBE", "voters_voted", -1, "arrival_time", "25:00", "technologies", List.of("VIDEO_SURVEILLANCE", "DRONES"),
                "exit_polls", 3);
        answers.remove("secrecy");
        answers.put("favourite_colour", "blue");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1), answers))
                .post(m.observations()).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("answers.campaign_material"))
                .body("errors.field", hasItem("answers.voters_voted"))
                .body("errors.field", hasItem("answers.arrival_time"))
                .body("errors.field", hasItem("answers.technologies"))
                .body("errors.field", hasItem("answers.exit_polls"))
                .body("errors.find { it.field == 'answers.secrecy' }.reason", equalTo("is required"))
                .body("errors.find { it.reason.contains('favourite_colour') }.field", equalTo("answers[22].questionId"))
                .body("errors.find { it.field == 'answers.voters_voted' }.reason", equalTo("must be between 0 and 100000"));

        Map<String, Object> missing = Checklists.voting(UUID.randomUUID(), m.station(1));
        missing.remove("stationId");
        missing.put("departedAt", "2023-03-19T09:00:00+06:00");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(missing).post(m.observations())
                .then().statusCode(400).body("errors[0].field", equalTo("stationId"));
        missing.put("stationId", m.station(1).toString());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(missing).post(m.observations())
                .then().statusCode(400).body("errors[0].field", equalTo("departedAt"));
        Map<String, Object> badId = Checklists.voting(UUID.randomUUID(), m.station(1));
        badId.put("id", "not-a-uuid");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(badId).post(m.observations())
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Checklists.observation(UUID.randomUUID(), m.station(1), Checklists.INCIDENT, Checklists.ARRIVED, Map.of()))
                .post(m.observations()).then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post("/api/v1/missions/{m}/observations", UUID.randomUUID()).then().statusCode(404);

        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isZero();
    }

    @Test
    void amendmentsNeedTheCurrentEtagAndKeepEveryVersionWithWhoWhenChannelAndChanges() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        String url = m.observations() + "/" + id;
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(m.observations()).then().statusCode(201);

        Map<String, Object> amended = Checklists.voting(id, m.station(1),
                Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES", "overall_assessment", "BAD"));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(amended).put(url)
                .then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(amended).put(url)
                .then().statusCode(412);
        // the team mate amends from the mobile app
        String mobile = TestMission.mobileToken(m.observerA2(), "observer");
        given().auth().oauth2(mobile).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(amended).put(url)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2)).body("revision", equalTo(2))
                .body("overallAssessment", equalTo("BAD")).body("submittedBy", equalTo(m.observerA1()))
                .body("answers.find { it.questionId == 'campaign_material' }.problem", equalTo(true));
        // the same content again changes nothing
        given().auth().oauth2(mobile).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(amended).put(url)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
        // a retry of the original upload is still a replay and returns the current record
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1))).post(m.observations())
                .then().statusCode(200).body("version", equalTo(2));
        // an observer of another team may not amend
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(amended).put(url)
                .then().statusCode(403);
        Map<String, Object> otherId = Checklists.voting(UUID.randomUUID(), m.station(1));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(otherId).put(url)
                .then().statusCode(400).body("errors[0].field", equalTo("id"));

        given().auth().oauth2(m.analystToken()).get(url + "/versions").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].kind", equalTo("SUBMITTED")).body("[0].changedBy", equalTo(m.observerA1())).body("[0].channel", equalTo("WEB"))
                .body("[0].record.overallAssessment", equalTo("GOOD")).body("[0].record.version", equalTo(1))
                .body("[1].kind", equalTo("AMENDED")).body("[1].changedBy", equalTo(m.observerA2())).body("[1].channel", equalTo("MOBILE"))
                .body("[1].version", equalTo(2)).body("[1].changedAt", org.hamcrest.Matchers.notNullValue())
                .body("[1].changes.field", equalTo(List.of("answers.campaign_material", "answers.overall_assessment")))
                .body("[1].changes[0].from", equalTo("NO")).body("[1].changes[0].to", equalTo("YES"))
                .body("[1].record.overallAssessment", equalTo("BAD"));
        InfraTestResource.awaitRecords("eom.observations.v1",
                r -> r.value().contains("observation.amended") && r.value().contains(id.toString()) && r.value().contains("\"revision\":2"), 1);
    }

    @Test
    void withdrawalIsAStateWithAReasonAndReviewsArePartOfTheHistory() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        String url = m.observations() + "/" + id;
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(m.observations()).then().statusCode(201);

        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON)
                .body(Map.of("status", "NEEDS_FOLLOW_UP", "comment", "call the team")).post(url + "/reviews")
                .then().statusCode(200).body("review.status", equalTo("NEEDS_FOLLOW_UP")).body("review.by", equalTo(m.analyst()))
                .body("revision", equalTo(2)).body("version", equalTo(1));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Map.of("status", "VERIFIED"))
                .post(url + "/reviews").then().statusCode(403);
        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("status", "FINE"))
                .post(url + "/reviews").then().statusCode(400).body("errors[0].field", equalTo("status"));

        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Map.of("reason", "wrong station"))
                .post(url + "/withdrawal").then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                .body("withdrawalReason", equalTo("wrong station")).body("revision", equalTo(3));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Map.of("reason", "wrong station"))
                .post(url + "/withdrawal").then().statusCode(200).body("revision", equalTo(3));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Map.of("reason", "duplicate"))
                .post(url + "/withdrawal").then().statusCode(409);
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(Checklists.voting(id, m.station(2))).put(url)
                .then().statusCode(409).body("type", equalTo("https://eom.example/problems/withdrawn"));

        given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(Map.of("status", "REJECTED", "comment", "withdrawn anyway"))
                .post(url + "/reviews").then().statusCode(200).body("review.status", equalTo("REJECTED"));
        given().auth().oauth2(m.analystToken()).get(url + "/versions").then().statusCode(200)
                .body("kind", equalTo(List.of("SUBMITTED", "REVIEWED", "WITHDRAWN", "REVIEWED")))
                .body("[1].changes[0].field", equalTo("review.status")).body("[1].changes[0].to", equalTo("NEEDS_FOLLOW_UP"))
                .body("[2].changes.field", equalTo(List.of("status", "withdrawalReason")))
                .body("[3].changes[0].from", equalTo("NEEDS_FOLLOW_UP"));
        // never deleted: still readable, and listed with its status
        given().auth().oauth2(m.observerA1Token()).get(url).then().statusCode(200).header("ETag", "\"4\"").body("status", equalTo("WITHDRAWN"));
        given().auth().oauth2(m.observerA1Token()).header("If-None-Match", "\"4\"").get(url).then().statusCode(304);
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.value().contains(id.toString())
                && (r.value().contains("observation.withdrawn") || r.value().contains("observation.reviewed")), 3);
    }

    @Test
    void closedMissionsTakeNoNewObservations() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(m.observations()).then().statusCode(201);
        feed.apply("mission.upserted", m.missionId(), MissionFeed.missionData(m, "CLOSED", 4));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                .post(m.observations()).then().statusCode(409).body("type", equalTo("https://eom.example/problems/mission-closed"));
        // a late retry of what was stored before closing is still a harmless replay
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(m.observations()).then().statusCode(200);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode answers, String questionId) {
        for (JsonNode answer : answers) {
            if (answer.get("questionId").asText().equals(questionId)) {
                return answer;
            }
        }
        throw new AssertionError("no answer to " + questionId);
    }
}
