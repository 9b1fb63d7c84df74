package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class BatchSubmissionTest {

    @Inject
    MissionFeed feed;

    @Test
    void oneResultPerItemAndOneBadItemNeverFailsTheOthers() {
        TestMission m = feed.mission(3);
        UUID stored = UUID.randomUUID();
        m.postBatch(List.of(Checklists.voting(stored, m.station(1)))).then().statusCode(200).body("results[0].outcome", equalTo("CREATED"));

        UUID fresh = UUID.randomUUID();
        Map<String, Object> conflicting = Checklists.voting(stored, m.station(1), Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "NO"));
        Map<String, Object> badAnswer = Checklists.voting(UUID.randomUUID(), m.station(2), Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "PERHAPS"));
        Map<String, Object> unknownStation = Checklists.voting(UUID.randomUUID(), UUID.randomUUID());
        Map<String, Object> notAnObservation = Map.of("id", UUID.randomUUID().toString(), "colour", "red");
        Map<String, Object> missingFields = Map.of("id", UUID.randomUUID().toString());
        UUID last = UUID.randomUUID();
        List<Object> items = List.of(Checklists.voting(fresh, m.station(2)), Checklists.voting(stored, m.station(1)), conflicting,
                badAnswer, unknownStation, notAnObservation, missingFields, Checklists.voting(last, m.station(3)));

        m.postBatch(items)
                .then().statusCode(200)
                .body("received", equalTo(8))
                .body("outcomes.CREATED", equalTo(2)).body("outcomes.REPLAY", equalTo(1))
                .body("outcomes.CONFLICT", equalTo(1)).body("outcomes.INVALID", equalTo(4))
                .body("results.outcome", equalTo(List.of("CREATED", "REPLAY", "CONFLICT", "INVALID", "INVALID", "INVALID", "INVALID", "CREATED")))
                .body("results[0].id", equalTo(fresh.toString())).body("results[0].revision", equalTo(1))
                .body("results[2].detail", org.hamcrest.Matchers.containsString("PUT /api/v1/missions/" + m.missionId() + "/observations/" + stored))
                .body("results[3].errors[0].field", equalTo("answers.secrecy"))
                .body("results[4].errors[0].field", equalTo("stationId"))
                .body("results[5].errors[0].field", equalTo("colour"))
                .body("results[6].errors.field", hasItem("stationId"))
                .body("results[6].errors.field", hasItem("answers"))
                .body("results[7].index", equalTo(7));

        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(3);
        assertThat(feed.count("select count(*) from observation where id = ? and source = 'PARTNER' and partner_client_id = ?",
                last, m.partnerClient())).isEqualTo(1);
        // the whole batch resent (the partner's answer was lost): every stored item is a replay, nothing is stored twice
        m.postBatch(items)
                .then().statusCode(200)
                .body("results.outcome", equalTo(List.of("REPLAY", "REPLAY", "CONFLICT", "INVALID", "INVALID", "INVALID", "INVALID", "REPLAY")))
                .body("results[0].id", equalTo(fresh.toString())).body("results[0].revision", equalTo(1));
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(3);
        assertThat(feed.count("select count(*) from observation_version v join observation o on o.id = v.observation_id "
                + "where o.mission_id = ?", m.missionId())).isEqualTo(3);
        // the partner reads back what it submitted
        given().auth().oauth2(m.partnerToken()).get("/api/v1/missions/{m}/observations/{id}", m.missionId(), fresh)
                .then().statusCode(200).body("source", equalTo("PARTNER")).body("partnerClientId", equalTo(m.partnerClient()));
    }

    @Test
    void aThousandItemsAreAcceptedAndMoreAreRefused() {
        TestMission m = feed.mission(1000);
        List<Object> items = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            items.add(Checklists.voting(UUID.randomUUID(), m.station(i)));
        }
        m.postBatch(items)
                .then().statusCode(200).body("outcomes.CREATED", equalTo(1000));
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(1000);

        items.add(Checklists.voting(UUID.randomUUID(), m.station(1)));
        m.postBatch(items)
                .then().statusCode(400).body("errors[0].field", equalTo("items"));
    }

    @Test
    void itemsThatAreNotObjectsFailAloneWithTheirPlaceInTheBatch() {
        TestMission m = feed.mission(2);
        UUID stored = UUID.randomUUID();
        String items = "[null, \"a checklist\", " + BadInputTest.json(Checklists.voting(stored, m.station(1))) + ", 42, [1]]";
        given().auth().oauth2(m.partnerToken()).contentType(ContentType.JSON).body("{\"items\": " + items + "}")
                .post(m.observations() + "/batch")
                .then().statusCode(200)
                .body("received", equalTo(5))
                .body("results.outcome", equalTo(List.of("INVALID", "INVALID", "CREATED", "INVALID", "INVALID")))
                .body("results[0].errors[0].field", equalTo("items[0]"))
                .body("results[1].errors[0].field", equalTo("items[1]"))
                .body("results[1].errors[0].reason", equalTo("must be an observation object"))
                .body("results[3].errors[0].field", equalTo("items[3]"))
                .body("results[4].errors[0].field", equalTo("items[4]"))
                .body("results[2].id", equalTo(stored.toString()));
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isEqualTo(1);
    }

    @Test
    void partnersFindTheItemsDocumentedAsObservations() {
        // an item is read through BatchItem, but what a partner sends is an observation request
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.BatchRequest.properties.items.items.'$ref'", equalTo("#/components/schemas/BatchItem"))
                .body("components.schemas.BatchItem.'$ref'", equalTo("#/components/schemas/ObservationRequest"));
    }
}
