package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Accept and flag: nothing below is refused, everything is marked for an analyst. */
@QuarkusTest
class QualityFlagsTest {

    /** Visits in each of a crowd's two batches. */
    private static final int CROWD = 1000;

    @Inject
    MissionFeed feed;

    @Test
    void twoTeamsDisagreeingAtOneStationAndPhaseAreAConflictFlaggedOnBoth() {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(first, m.station(1)))
                .post(m.observations()).then().statusCode(201).body("flags", hasSize(0));
        Map<String, Object> disagreeing = Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES", "voters_voted", 900);
        Map<String, Object> laterVisit = Checklists.observation(second, m.station(1), Checklists.VOTING, "2023-03-19T11:00:00+06:00", disagreeing);
        laterVisit.remove("departedAt");
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(laterVisit)
                .post(m.observations()).then().statusCode(201)
                .body("flags", hasSize(1))
                .body("flags[0].code", equalTo("CONFLICT")).body("flags[0].questionId", equalTo("campaign_material"))
                .body("flags[0].otherObservationId", equalTo(first.toString()));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first).then().statusCode(200)
                .body("revision", equalTo(2)).body("version", equalTo(1))
                .body("flags.code", equalTo(List.of("CONFLICT"))).body("flags[0].otherObservationId", equalTo(second.toString()));
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.value().contains("observation.flagged")
                && r.value().contains("\"id\":\"" + first + "\"") && r.value().contains("CONFLICT"), 1);
        given().auth().oauth2(m.analystToken()).get(m.observations() + "?flag=CONFLICT").then().statusCode(200).body("items", hasSize(2));

        // once the second team withdraws, the first visit is no longer in conflict
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(Map.of("reason", "wrong station"))
                .post(m.observations() + "/" + second + "/withdrawal").then().statusCode(200);
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first).then().statusCode(200)
                .body("flags", hasSize(0)).body("revision", equalTo(3));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first + "/versions").then().statusCode(200)
                .body("kind", equalTo(List.of("SUBMITTED", "FLAGGED", "FLAGGED"))).body("[1].channel", equalTo("SYSTEM"));
    }

    /**
     * A partner system that sends every observation to one station (a broken station list) makes a crowd of visits by
     * different observers. Each visit carries one conflict a question, pointing at the earliest visit that answered
     * otherwise: its flags grow with the questions, not with the crowd, and a later batch leaves the stored visits as they were.
     */
    @Test
    void aCrowdAtOneStationGivesEachVisitOneConflictAQuestionAndLeavesStoredVisitsAlone() {
        TestMission m = feed.mission(2);
        List<UUID> ids = IntStream.range(0, 2 * CROWD).mapToObj(i -> UUID.randomUUID()).toList();
        postCrowd(m, ids, 0);
        String byEarliestNo = "select count(*) from observation where mission_id = ? and jsonb_array_length(flags) = 1"
                + " and flags @> cast(? as jsonb)";
        String conflictWith = "[{\"code\": \"CONFLICT\", \"questionId\": \"campaign_material\", \"otherObservationId\": \"%s\"}]";
        // the visits that answered NO point at the earliest YES (the second visit), and those that answered YES at the first
        assertThat(feed.count(byEarliestNo, m.missionId(), conflictWith.formatted(ids.get(1)))).isEqualTo(CROWD / 2);
        assertThat(feed.count(byEarliestNo, m.missionId(), conflictWith.formatted(ids.get(0)))).isEqualTo(CROWD / 2);
        long revisionsBefore = feed.count("select sum(revision) from observation where mission_id = ?", m.missionId());

        postCrowd(m, ids, CROWD);
        assertThat(feed.count("select sum(revision) from observation where mission_id = ? and arrived_at < cast(? as timestamptz)",
                m.missionId(), OffsetDateTime.parse(Checklists.ARRIVED).plusSeconds(CROWD).toString()))
                .as("the first batch's revisions").isEqualTo(revisionsBefore);
        assertThat(feed.count(byEarliestNo, m.missionId(), conflictWith.formatted(ids.get(1)))).isEqualTo(CROWD);
        assertThat(feed.count(byEarliestNo, m.missionId(), conflictWith.formatted(ids.get(0)))).isEqualTo(CROWD);
    }

    private static void postCrowd(TestMission m, List<UUID> ids, int from) {
        m.postBatch(Checklists.crowd(m.station(1), ids.subList(from, from + CROWD), from)).then().statusCode(200).body("outcomes.CREATED", equalTo(CROWD));
    }

    @Test
    void theSameTeamTwiceIsARepeatedVisitNotAConflict() {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID again = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(first, m.station(2)))
                .post(m.observations()).then().statusCode(201);
        Map<String, Object> later = Checklists.observation(again, m.station(2), Checklists.VOTING, "2023-03-19T10:30:00+06:00",
                Checklists.with(Checklists.cleanVotingAnswers(), "overcrowding", "YES"));
        given().auth().oauth2(TestMission.mobileToken(m.observerA2(), "observer")).contentType(ContentType.JSON).body(later)
                .post(m.observations()).then().statusCode(201)
                .body("flags.code", equalTo(List.of("REPEATED_VISIT"))).body("flags[0].otherObservationId", equalTo(first.toString()));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "/" + first).then().body("flags", hasSize(0)).body("revision", equalTo(1));
    }

    @Test
    void visitsOutsideTheWindowOrThePlanAreAcceptedAndFlagged() {
        TestMission m = feed.mission(3);
        Map<String, Object> early = Checklists.observation(UUID.randomUUID(), m.station(1), Checklists.VOTING, "2023-03-18T23:00:00+06:00",
                Checklists.cleanVotingAnswers());
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(early).post(m.observations())
                .then().statusCode(201).body("flags.code", equalTo(List.of("OUTSIDE_WINDOW")));
        // station 3 is not in team A's plan; team B has no plan at all, so nothing is "outside" it
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(3)))
                .post(m.observations()).then().statusCode(201).body("flags.code", equalTo(List.of("NOT_IN_PLAN")));
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(3)))
                .post(m.observations()).then().statusCode(201).body("flags.code", equalTo(List.of()));
        // team A planned station 1 for voting and opening, not for counting
        Map<String, Object> counting = Checklists.observation(UUID.randomUUID(), m.station(1), Checklists.CLOSING_COUNTING,
                "2023-03-19T20:00:00+06:00", Checklists.with(Map.of(), "arrival_time", "20:00", "closed_on_time", "YES", "unauthorised_persons", "NO",
                        "unused_ballots_cancelled", "YES", "voter_list_signatures_counted", "YES", "ballot_validity_consistent", "YES",
                        "ballots_shown", "YES", "counting_procedures_followed", "YES", "falsification", "NO", "observer_access", "YES",
                        "protocol_completed", "YES", "protocol_signed", "YES", "protocol_copy_given", "YES", "protocol_posted", "YES",
                        "overall_assessment", "VERY_GOOD"));
        counting.put("departedAt", "2023-03-19T22:00:00+06:00");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(counting).post(m.observations())
                .then().statusCode(201).body("phase", equalTo("CLOSING_COUNTING")).body("flags.code", equalTo(List.of("NOT_IN_PLAN")));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "?flag=OUTSIDE_WINDOW").then().body("items", hasSize(1));
        given().auth().oauth2(m.analystToken()).get(m.observations() + "?flag=NOT_IN_PLAN").then().body("items", hasSize(2));
    }
}
