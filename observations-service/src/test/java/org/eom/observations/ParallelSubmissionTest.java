package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Phones retry uploads on flaky networks: identical parallel uploads must store one record. */
@QuarkusTest
class ParallelSubmissionTest {

    @Inject
    MissionFeed feed;

    @ParameterizedTest
    @ValueSource(ints = {5, 50})
    void identicalParallelUploadsStoreOneRecordAndOneVersion(int uploads) throws Exception {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        Map<String, Object> body = Checklists.voting(id, m.station(1));
        String token = m.observerA1Token();
        String url = m.observations();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < uploads; i++) {
                Callable<Integer> upload = () -> {
                    start.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(url).statusCode();
                };
                statuses.add(pool.submit(upload));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).containsOnly(200, 201);
            assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(feed.count("select count(*) from observation where id = ?", id)).isEqualTo(1);
        assertThat(feed.count("select count(*) from observation_version where observation_id = ?", id)).isEqualTo(1);
        assertThat(feed.count("select count(*) from observation where id = ? and revision = 1 and version = 1", id)).isEqualTo(1);
    }
}
