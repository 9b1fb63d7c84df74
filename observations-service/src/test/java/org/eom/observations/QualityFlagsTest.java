package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.InfraTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Accept and flag: nothing below is refused, everything is marked for an analyst. */
@QuarkusTest
class QualityFlagsTest {

    @Inject
    MissionFeed feed;

    private static String base(TestMission m) {
        return "/api/v1/missions/" + m.missionId() + "/observations";
    }

    @Test
    void twoTeamsDisagreeingAtOneStationAndPhaseAreAConflictFlaggedOnBoth() {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(first, m.station(1)))
                .post(base(m)).then().statusCode(201).body("flags", hasSize(0));
        Map<String, Object> disagreeing = Checklists.with(Checklists.cleanVotingAnswers(), "campaign_material", "YES", "voters_voted", 900);
        Map<String, Object> laterVisit = Checklists.observation(second, m.station(1), Checklists.VOTING, "2023-03-19T11:00:00+06:00", disagreeing);
        laterVisit.remove("departedAt");
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(laterVisit)
                .post(base(m)).then().statusCode(201)
                .body("flags", hasSize(1))
                .body("flags[0].code", equalTo("CONFLICT")).body("flags[0].questionId", equalTo("campaign_material"))
                .body("flags[0].otherObservationId", equalTo(first.toString()));
        given().auth().oauth2(m.analystToken()).get(base(m) + "/" + first).then().statusCode(200)
                .body("revision", equalTo(2)).body("version", equalTo(1))
                .body("flags.code", equalTo(List.of("CONFLICT"))).body("flags[0].otherObservationId", equalTo(second.toString()));
        InfraTestResource.awaitRecords("eom.observations.v1", r -> r.value().contains("observation.flagged")
                && r.value().contains("\"id\":\"" + first + "\"") && r.value().contains("CONFLICT"), 1);
        given().auth().oauth2(m.analystToken()).get(base(m) + "?flag=CONFLICT").then().statusCode(200).body("items", hasSize(2));

        // once the second team withdraws, the first visit is no longer in conflict
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(Map.of("reason", "wrong station"))
                .post(base(m) + "/" + second + "/withdrawal").then().statusCode(200);
        given().auth().oauth2(m.analystToken()).get(base(m) + "/" + first).then().statusCode(200)
                .body("flags", hasSize(0)).body("revision", equalTo(3));
        given().auth().oauth2(m.analystToken()).get(base(m) + "/" + first + "/versions").then().statusCode(200)
                .body("kind", equalTo(List.of("SUBMITTED", "FLAGGED", "FLAGGED"))).body("[1].channel", equalTo("SYSTEM"));
    }

    @Test
    void theSameTeamTwiceIsARepeatedVisitNotAConflict() {
        TestMission m = feed.mission(2);
        UUID first = UUID.randomUUID();
        UUID again = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(first, m.station(2)))
                .post(base(m)).then().statusCode(201);
        Map<String, Object> later = Checklists.observation(again, m.station(2), Checklists.VOTING, "2023-03-19T10:30:00+06:00",
                Checklists.with(Checklists.cleanVotingAnswers(), "overcrowding", "YES"));
        given().auth().oauth2(TestMission.mobileToken(m.observerA2(), "observer")).contentType(ContentType.JSON).body(later)
                .post(base(m)).then().statusCode(201)
                .body("flags.code", equalTo(List.of("REPEATED_VISIT"))).body("flags[0].otherObservationId", equalTo(first.toString()));
        given().auth().oauth2(m.analystToken()).get(base(m) + "/" + first).then().body("flags", hasSize(0)).body("revision", equalTo(1));
    }

    @Test
    void visitsOutsideTheWindowOrThePlanAreAcceptedAndFlagged() {
        TestMission m = feed.mission(3);
        Map<String, Object> early = Checklists.observation(UUID.randomUUID(), m.station(1), Checklists.VOTING, "2023-03-18T23:00:00+06:00",
                Checklists.cleanVotingAnswers());
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(early).post(base(m))
                .then().statusCode(201).body("flags.code", equalTo(List.of("OUTSIDE_WINDOW")));
        // station 3 is not in team A's plan; team B has no plan at all, so nothing is "outside" it
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(3)))
                .post(base(m)).then().statusCode(201).body("flags.code", equalTo(List.of("NOT_IN_PLAN")));
        given().auth().oauth2(m.observerB1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(3)))
                .post(base(m)).then().statusCode(201).body("flags.code", equalTo(List.of()));
        // team A planned station 1 for voting and opening, not for counting
        Map<String, Object> counting = Checklists.observation(UUID.randomUUID(), m.station(1), Checklists.CLOSING_COUNTING,
                "2023-03-19T20:00:00+06:00", Checklists.with(Map.of(), "arrival_time", "20:00", "closed_on_time", "YES", "unauthorised_persons", "NO",
                        "unused_ballots_cancelled", "YES", "voter_list_signatures_counted", "YES", "ballot_validity_consistent", "YES",
                        "ballots_shown", "YES", "counting_procedures_followed", "YES", "falsification", "NO", "observer_access", "YES",
                        "protocol_completed", "YES", "protocol_signed", "YES", "protocol_copy_given", "YES", "protocol_posted", "YES",
                        "overall_assessment", "VERY_GOOD"));
        counting.put("departedAt", "2023-03-19T22:00:00+06:00");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(counting).post(base(m))
                .then().statusCode(201).body("phase", equalTo("CLOSING_COUNTING")).body("flags.code", equalTo(List.of("NOT_IN_PLAN")));
        given().auth().oauth2(m.analystToken()).get(base(m) + "?flag=OUTSIDE_WINDOW").then().body("items", hasSize(1));
        given().auth().oauth2(m.analystToken()).get(base(m) + "?flag=NOT_IN_PLAN").then().body("items", hasSize(2));
    }
}
