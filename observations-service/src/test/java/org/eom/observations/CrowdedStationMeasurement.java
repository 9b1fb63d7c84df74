package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * How storing grows with a station's visits: a partner system with a broken station list sends batches of forms by
 * different observers all to one station (default 10 batches of 1,000, {@code -Deom.measure.batches},
 * {@code -Deom.measure.batch-size}), then two teams send single forms to it. Prints how long each batch and the singles
 * took; checks only that everything is stored and that no visit has more than its one conflict, no timing. Runs only
 * when asked: {@code ./mvnw -o -q verify -pl observations-service -am -Dtest=CrowdedStationMeasurement
 * -Deom.measure=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "eom.measure", matches = "true")
class CrowdedStationMeasurement {

    private static final int BATCHES = Integer.getInteger("eom.measure.batches", 10);
    private static final int BATCH_SIZE = Integer.getInteger("eom.measure.batch-size", 1000);
    private static final int SINGLES = 100;

    @Inject
    MissionFeed feed;

    @Test
    void storingGrowsWithTheVisitsOfAStation() {
        TestMission m = feed.mission(2);
        for (int batch = 0; batch < BATCHES; batch++) {
            List<UUID> ids = Stream.generate(UUID::randomUUID).limit(BATCH_SIZE).toList();
            long start = System.nanoTime();
            m.postBatch(Checklists.crowd(m.station(1), ids, batch * BATCH_SIZE)).then().statusCode(200).body("outcomes.CREATED", equalTo(BATCH_SIZE));
            System.out.printf("MEASUREMENT batch of %,d to a station with %,d visits: %.2f s%n", BATCH_SIZE, batch * BATCH_SIZE, ExportMeasurement.seconds(start));
        }

        String singles = m.observations();
        long start = System.nanoTime();
        for (int i = 0; i < SINGLES; i++) {
            String token = i % 2 == 0 ? m.observerA1Token() : m.observerB1Token();
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                    .post(singles).then().statusCode(201);
        }
        System.out.printf("MEASUREMENT %d single forms, one after the other, to a station with %,d visits: %.1f ms each%n",
                SINGLES, BATCHES * BATCH_SIZE, ExportMeasurement.seconds(start) * 1000 / SINGLES);

        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId()))
                .isEqualTo((long) BATCHES * BATCH_SIZE + SINGLES);
        assertThat(feed.count("select max((select count(*) from jsonb_array_elements(flags) f where f->>'code' = 'CONFLICT'))"
                + " from observation where mission_id = ?", m.missionId())).as("conflicts of a visit on its one question").isEqualTo(1);
    }
}
