package org.eom.missions;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.NewMissionPlan;
import org.eom.deploy.infra.OneProcessPlan;
import org.eom.deploy.infra.TestTokens;
import org.eom.deploy.infra.Topics;
import org.eom.missions.coverage.ReportedVisits;
import org.eom.missions.domain.Phase;
import org.eom.missions.domain.ReportedVisit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** Coverage learns reported visits from real events on eom.observations.v1, shaped as docs/events.md describes. */
@QuarkusTest
class CoverageTest {

    static KafkaProducer<String, String> producer;

    @Inject
    ReportedVisits reportedVisits;

    @Inject
    AgroalDataSource dataSource;

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

    @Test
    void inOnePollTheHighestRevisionOfEachObservationWinsAndAStoredHigherOneStays() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String teamA = Fixtures.team(missionId, "Team A");
        String teamB = Fixtures.team(missionId, "Team B");
        String first = Fixtures.station(electionId, "1", "Yesil");
        String second = Fixtures.station(electionId, "2", "Yesil");
        String stored = UUID.randomUUID().toString();
        send(missionId, "withdrawn", observation(stored, 3, missionId, first, "OPENING", null, "WITHDRAWN"));
        await().atMost(Duration.ofSeconds(30)).until(() -> visit(stored) != null);

        String reversed = UUID.randomUUID().toString();
        String inOrder = UUID.randomUUID().toString();
        String twice = UUID.randomUUID().toString();
        reportedVisits.on(poll(List.of(
                event(missionId, "withdrawn", observation(reversed, 2, missionId, first, "OPENING", teamA, "WITHDRAWN")),
                event(missionId, "submitted", observation(reversed, 1, missionId, first, "OPENING", teamA, "ACTIVE")),
                event(missionId, "submitted", observation(inOrder, 1, missionId, first, "VOTING", teamA, "ACTIVE")),
                event(missionId, "amended", observation(inOrder, 2, missionId, second, "VOTING", teamB, "ACTIVE")),
                event(missionId, "submitted", observation(twice, 1, missionId, second, "OPENING", teamA, "ACTIVE")),
                // the same revision again under another event id: the first stays, as when applied one by one
                event(missionId, "submitted", observation(twice, 1, missionId, first, "OPENING", teamB, "ACTIVE")),
                // older than the stored withdrawal
                event(missionId, "amended", observation(stored, 2, missionId, second, "VOTING", teamB, "ACTIVE")))));

        assertThat(visit(reversed)).returns(2L, v -> v.revision).returns(true, v -> v.withdrawn)
                .returns(UUID.fromString(teamA), v -> v.teamId);
        assertThat(visit(inOrder)).returns(2L, v -> v.revision).returns(false, v -> v.withdrawn)
                .returns(UUID.fromString(second), v -> v.stationId).returns(UUID.fromString(teamB), v -> v.teamId);
        assertThat(visit(twice)).returns(1L, v -> v.revision).returns(UUID.fromString(second), v -> v.stationId)
                .returns(UUID.fromString(teamA), v -> v.teamId);
        assertThat(visit(stored)).returns(3L, v -> v.revision).returns(true, v -> v.withdrawn)
                .returns(UUID.fromString(first), v -> v.stationId).returns(Phase.OPENING, v -> v.phase).returns(null, v -> v.teamId);
    }

    @Test
    void aMalformedEventCostsOnlyItselfAndNotTheRestOfItsPoll() {
        String electionId = Fixtures.election();
        String missionId = Fixtures.mission(electionId);
        String station = Fixtures.station(electionId, "1", "Yesil");
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        String malformed = UUID.randomUUID().toString();

        reportedVisits.on(poll(List.of(
                event(missionId, "submitted", observation(before, 1, missionId, station, "OPENING", null, "ACTIVE")),
                event(malformed, missionId, "submitted", observation(UUID.randomUUID().toString(), 1, missionId, null, "OPENING", null, "ACTIVE")),
                event(missionId, "submitted", observation(after, 1, missionId, station, "VOTING", null, "ACTIVE")))));

        assertThat(visit(before)).isNotNull();
        assertThat(visit(after)).isNotNull();
        InfraTestResource.awaitRecords(Topics.OBSERVATIONS_DLQ, r -> r.value().contains(malformed), 1);
    }

    /** ADR 0025: a mission newer than the tables' statistics gets its statements planned as any mission's. */
    @Test
    void aNewMissionIsPlannedAsAnyMissionIs() throws Exception {
        NewMissionPlan.assertPlannedLikeAnyOther(dataSource);
    }

    @Test
    void aStatementRunsInOneProcess() throws Exception {
        OneProcessPlan.assertNoParallelWorkers(dataSource);
    }

    /** Sends one CloudEvent onto eom.observations.v1, keyed by mission; returns the event id. */
    static String send(String missionId, String change, Map<String, Object> observation) {
        String eventId = UUID.randomUUID().toString();
        try {
            producer.send(event(eventId, missionId, change, observation)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /** A CloudEvent of eom.observations.v1, keyed by mission, as observations-service writes it (docs/events.md). */
    static ProducerRecord<String, String> event(String eventId, String missionId, String change, Map<String, Object> observation) {
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
            return new ProducerRecord<>(Topics.OBSERVATIONS, missionId, Fixtures.JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The events as ONE poll delivers them to the consumer, in this order: the broker cannot be made to put
     * given records in the same poll, a test can.
     */
    static ConsumerRecords<String, String> poll(List<ProducerRecord<String, String>> events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (ProducerRecord<String, String> event : events) {
            records.add(new ConsumerRecord<>(event.topic(), 0, records.size(), event.key(), event.value()));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.OBSERVATIONS, 0), records), Map.of());
    }

    /** A new event of the observation, with an event id of its own. */
    static ProducerRecord<String, String> event(String missionId, String change, Map<String, Object> observation) {
        return event(UUID.randomUUID().toString(), missionId, change, observation);
    }

    static ReportedVisit visit(String observationId) {
        return QuarkusTransaction.requiringNew().call(() -> ReportedVisit.findById(UUID.fromString(observationId)));
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
