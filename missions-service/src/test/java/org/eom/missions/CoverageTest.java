package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.eom.deploy.infra.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** Coverage learns reported visits from real events on eom.observations.v1, shaped as docs/events.md describes. */
@QuarkusTest
class CoverageTest {

    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, InfraTestResource.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void plannedVisitsAgainstReportedOnesPerTeamAndDistrict() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String teamA = Fixtures.team(missionId, "Team A", Fixtures.delegate(missionId, "cov-a", "OBSERVER"));
        String teamB = Fixtures.team(missionId, "Team B", Fixtures.delegate(missionId, "cov-b", "OBSERVER"));
        String yesil1 = Fixtures.station(electionId, "1", "Yesil");
        String yesil2 = Fixtures.station(electionId, "2", "Yesil");
        String almaty = Fixtures.station(electionId, "3", "Almaty");
        Fixtures.deployment(missionId, Fixtures.visit(teamA, yesil1, "OPENING", "07:00", "08:00"));
        String yesil2Voting = Fixtures.deployment(missionId, Fixtures.visit(teamA, yesil2, "VOTING", "09:00", "10:00"));
        Fixtures.deployment(missionId, Fixtures.visit(teamB, almaty, "OPENING", "07:00", "08:00"));
        String almatyVoting = Fixtures.deployment(missionId, Fixtures.visit(teamB, almaty, "VOTING", "09:00", "10:00"));

        String reported = UUID.randomUUID().toString();
        String withdrawnLater = UUID.randomUUID().toString();
        String unplanned = UUID.randomUUID().toString();
        String byPartner = UUID.randomUUID().toString();
        send(missionId, "submitted", observation(reported, 1, missionId, yesil1, "OPENING", teamA, "ACTIVE"));
        send(missionId, "submitted", observation(withdrawnLater, 1, missionId, almaty, "OPENING", teamB, "ACTIVE"));
        send(missionId, "withdrawn", observation(withdrawnLater, 3, missionId, almaty, "OPENING", teamB, "WITHDRAWN"));
        // an older snapshot arriving late never rolls the withdrawal back
        send(missionId, "amended", observation(withdrawnLater, 2, missionId, almaty, "OPENING", teamB, "ACTIVE"));
        send(missionId, "submitted", observation(unplanned, 1, missionId, yesil2, "CLOSING_COUNTING", teamB, "ACTIVE"));
        // a partner's observation has no team: it covers the planned visit to its station and phase
        send(missionId, "submitted", observation(byPartner, 1, missionId, yesil2, "VOTING", null, "ACTIVE"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/missions/{m}/coverage", missionId)
                .then().statusCode(200)
                .body("total.planned", equalTo(4)).body("total.reported", equalTo(2))
                .body("total.missing", equalTo(2)).body("total.unplanned", equalTo(1)));

        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/coverage", missionId)
                .then().statusCode(200)
                .body("teams.teamName", contains("Team A", "Team B"))
                .body("teams[0].visits.planned", equalTo(2)).body("teams[0].visits.reported", equalTo(2))
                .body("teams[1].visits.planned", equalTo(2)).body("teams[1].visits.missing", equalTo(2))
                .body("teams[1].visits.unplanned", equalTo(1))
                .body("districts.district", contains("Almaty", "Yesil"))
                .body("districts[0].visits.missing", equalTo(2)).body("districts[1].visits.reported", equalTo(2))
                .body("districts[1].visits.unplanned", equalTo(1));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/coverage?phase=OPENING", missionId)
                .then().statusCode(200).body("total.planned", equalTo(2)).body("total.reported", equalTo(1));

        // which stations have no report yet: the withdrawn observation no longer counts
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/coverage/missing", missionId)
                .then().statusCode(200).body("totalItems", equalTo(2))
                .body("items.stationNumber", contains("3", "3")).body("items.phase", contains("OPENING", "VOTING"));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/coverage/missing?phase=VOTING&district=Almaty", missionId)
                .then().statusCode(200).body("items.id", contains(almatyVoting));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/coverage/unplanned", missionId)
                .then().statusCode(200).body("totalItems", equalTo(1))
                .body("items[0].observationId", equalTo(unplanned)).body("items[0].teamName", equalTo("Team B"))
                .body("items[0].stationNumber", equalTo("2")).body("items[0].phase", equalTo("CLOSING_COUNTING"));

        // an observer of the mission does not see the whole plan's coverage
        given().auth().oauth2(TestTokens.user("cov-a", "observer")).get("/api/v1/missions/{m}/coverage", missionId)
                .then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments/{d}", missionId, yesil2Voting).then().statusCode(200);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String teamId = Fixtures.team(missionId, "Team A");
        String stationId = Fixtures.station(electionId, "1", "Yesil");
        Fixtures.deployment(missionId, Fixtures.visit(teamId, stationId, "VOTING", "09:00", "10:00"));

        String garbage = "this is not an event " + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, missionId, garbage));
        Map<String, Object> noStation = observation(UUID.randomUUID().toString(), 1, missionId, null, "VOTING", teamId, "ACTIVE");
        String incomplete = send(missionId, "submitted", noStation);
        send(missionId, "submitted", observation(UUID.randomUUID().toString(), 1, missionId, stationId, "VOTING", teamId, "ACTIVE"));

        InfraTestResource.awaitRecords(Topics.OBSERVATIONS_DLQ, r -> r.value().equals(garbage), 1);
        InfraTestResource.awaitRecords(Topics.OBSERVATIONS_DLQ, r -> r.value().contains(incomplete), 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/missions/{m}/coverage", missionId)
                .then().statusCode(200).body("total.reported", equalTo(1)).body("total.missing", equalTo(0)));
    }

    /** Sends one CloudEvent onto eom.observations.v1, keyed by mission; returns the event id. */
    static String send(String missionId, String change, Map<String, Object> observation) {
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> event = new HashMap<>();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", "/eom/observations-service");
        event.put("type", "org.eom.observations.observation." + change);
        event.put("subject", "missions/" + missionId + "/observations/" + observation.get("id"));
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        event.put("partitionkey", missionId);
        event.put("data", observation);
        try {
            producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, missionId, Fixtures.JSON.writeValueAsString(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /** The full observation of docs/events.md. */
    static Map<String, Object> observation(String id, long revision, String missionId, String stationId, String phase,
                                           String teamId, String status) {
        Map<String, Object> o = new HashMap<>();
        o.put("id", id);
        o.put("version", 1);
        o.put("revision", revision);
        o.put("missionId", missionId);
        o.put("electionId", UUID.randomUUID().toString());
        o.put("stationId", stationId);
        o.put("stationNumber", "1");
        o.put("district", "Yesil");
        o.put("phase", phase);
        o.put("templateId", UUID.randomUUID().toString());
        o.put("templateVersion", 1);
        o.put("teamId", teamId);
        o.put("delegateUsernames", List.of("cov-a"));
        o.put("submittedBy", "cov-a");
        o.put("source", teamId == null ? "PARTNER" : "MOBILE");
        o.put("partnerClientId", teamId == null ? "partner-demo" : null);
        o.put("arrivedAt", "2023-03-19T07:05:00+06:00");
        o.put("departedAt", "2023-03-19T07:50:00+06:00");
        o.put("receivedAt", Instant.now().toString());
        o.put("status", status);
        o.put("withdrawalReason", "WITHDRAWN".equals(status) ? "filed for the wrong station" : null);
        o.put("overallAssessment", "GOOD");
        o.put("answers", List.of(Map.of("questionId", "opened-on-time", "value", true, "problem", false)));
        o.put("flags", List.of());
        o.put("review", null);
        o.put("notes", null);
        return o;
    }
}
