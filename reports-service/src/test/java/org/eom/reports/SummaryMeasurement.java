package org.eom.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eom.reports.events.MissionsConsumer;
import org.eom.reports.events.ObservationsConsumer;
import org.eom.reports.figures.Summary;
import org.eom.reports.figures.SummaryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's summary target at its scale: a mission of 1,000,000 observations at 50,000 stations (a domestic network
 * with an observer at every station: an opening, 18 voting and a counting checklist each), fed through the consumer as
 * the real events in polls of 500, then read. Prints how fast the consumer applied them, how long one computation of
 * the summary takes, and the latency of analysts polling it over HTTP with the production maximum age and stale limit.
 * A measurement, not a test: it asserts only that every observation was counted. Runs only when asked (15 to 25 min):
 * {@code ./mvnw -o -q verify -pl reports-service -am -Dtest=SummaryMeasurement -Deom.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Deom.measure.stations=N} scales it down (20 observations each).
 */
@QuarkusTest
@TestProfile(SummaryMeasurement.ProductionSummaryAges.class)
@EnabledIfSystemProperty(named = "eom.measure", matches = "true")
class SummaryMeasurement {

    /** The production defaults of SummaryQuery, which the tests' profile sets to zero. */
    public static class ProductionSummaryAges implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eom.reports.summary-max-age", "PT0.5S", "eom.reports.summary-stale-limit", "PT5S");
        }
    }

    private static final int POLL = 500;
    private static final int STATIONS_PER_DISTRICT = 250;
    private static final int VOTING_VISITS = 18;
    private static final int POLLERS = 4;
    private static final int WARM_UP_POLLS = 100;
    private static final int POLLS_EACH = 500;

    @Inject
    ObservationsConsumer observations;

    @Inject
    MissionsConsumer missions;

    @Inject
    SummaryQuery summaries;

    @Inject
    ObjectMapper mapper;

    private final Random random = new Random(2023_03_19);

    @Test
    void summaryOfAMillionObservations() throws Exception {
        int stationCount = Integer.getInteger("eom.measure.stations", 50_000);
        MissionFixture f = new MissionFixture();
        f.election("KZ", "Parliamentary elections", "2023-03-19").mission("OTS", "Measurement " + f.tag, List.of("Kazakhstan"))
                .delegate("ANALYST", "Analyst", "KZ", "OTHER");
        List<String> stations = new ArrayList<>();
        for (int first = 1; first <= stationCount; first += STATIONS_PER_DISTRICT) {
            List<String> numbers = new ArrayList<>();
            for (int n = first; n < first + STATIONS_PER_DISTRICT && n <= stationCount; n++) {
                numbers.add(Integer.toString(n));
            }
            f.stations("District " + (first / STATIONS_PER_DISTRICT + 1), numbers.toArray(String[]::new));
            stations.addAll(numbers);
        }
        f.templates();
        UUID team = f.team("Every station");
        f.feed.holdBack();
        for (String station : stations) {
            f.deployment(team, station, "VOTING");
        }
        missions.on(EventFeed.poll(f.feed.release()));
        f.forgetObservations();

        long fed = 0;
        long feeding = 0;
        for (int visit = 0; visit < VOTING_VISITS + 2; visit++) {
            String phase = visit == 0 ? "OPENING" : visit <= VOTING_VISITS ? "VOTING" : "CLOSING_COUNTING";
            for (int from = 0; from < stations.size(); from += POLL) {
                f.feed.holdBack();
                for (String station : stations.subList(from, Math.min(from + POLL, stations.size()))) {
                    f.observe(phase, station, assessment(), answers(phase));
                }
                var poll = EventFeed.poll(f.feed.release());
                long start = System.nanoTime();
                observations.on(poll);
                feeding += System.nanoTime() - start;
                fed += poll.count();
                f.forgetObservations();
            }
        }
        System.out.printf("MEASUREMENT consumer: %,d observations at %,d stations in polls of %d, %.0f s applying them, %,.0f/s%n",
                fed, stations.size(), POLL, feeding / 1e9, fed / (feeding / 1e9));

        List<Long> computations = new ArrayList<>();
        Summary summary = null;
        for (int i = 0; i < 12; i++) {
            long start = System.nanoTime();
            summary = QuarkusTransaction.requiringNew().call(() -> summaries.summary(f.missionId));
            computations.add((System.nanoTime() - start) / 1_000_000);
        }
        assertThat(summary.total().observations()).isEqualTo(fed);
        computations = computations.subList(2, computations.size()); // the first two warm the code and the caches
        byte[] json = mapper.writeValueAsBytes(summary);
        System.out.printf("MEASUREMENT summary computation, ms, %d runs after 2: median %d, max %d; answer %,d bytes of JSON%n",
                computations.size(), percentile(computations, 50), percentile(computations, 100), json.length);

        // java.net.http rather than REST Assured: on two cores the client's own cost would be most of what is measured
        String token = Api.token(f, "ANALYST", "analyst");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/missions/" + f.missionId
                + "/summary")).header("Authorization", "Bearer " + token).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pollers = Executors.newFixedThreadPool(POLLERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < POLLERS; p++) {
                running.add(pollers.submit(() -> {
                    for (int i = 0; i < WARM_UP_POLLS + POLLS_EACH; i++) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        assertThat(response.statusCode()).isEqualTo(200);
                        if (i >= WARM_UP_POLLS) {
                            latencies.add((System.nanoTime() - start) / 1_000_000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> r : running) {
                r.get();
            }
        } finally {
            pollers.shutdown();
        }
        System.out.printf("MEASUREMENT summary over HTTP, %d pollers x %d after %d each to warm up, production max age and stale "
                        + "limit, ms: p50 %d, p95 %d, p99 %d, max %d%n", POLLERS, POLLS_EACH, WARM_UP_POLLS, percentile(latencies, 50),
                percentile(latencies, 95), percentile(latencies, 99), percentile(latencies, 100));
    }

    private String assessment() {
        int r = random.nextInt(100);
        return r < 40 ? "VERY_GOOD" : r < 85 ? "GOOD" : r < 95 ? "BAD" : "VERY_BAD";
    }

    /** Answers to the fixture's templates, problems in about one checklist in ten. */
    private Map<String, Object> answers(String phase) {
        Map<String, Object> answers = new LinkedHashMap<>();
        switch (phase) {
            case "OPENING" -> {
                answers.put("opened_on_time", yesUnlessProblem("NO"));
                answers.put("ballot_box_sealed", yesUnlessProblem("NO"));
                answers.put("unauthorised_persons", problem() ? "YES" : "NO");
                answers.put("opening_time", "08:0" + random.nextInt(10));
            }
            case "VOTING" -> {
                answers.put("campaign_material", problem() ? "YES" : "NO");
                answers.put("voter_influence", problem() ? "YES" : "NO");
                answers.put("observer_access", yesUnlessProblem("NO"));
                answers.put("accessibility", List.of("FULL", "PARTIAL", "NONE").get(random.nextInt(3)));
                answers.put("braille_templates", random.nextBoolean() ? "YES" : "NO");
                answers.put("mobile_ballot_box", random.nextBoolean() ? "YES" : "NO");
                answers.put("exit_polls", List.of("NONE", "OUTSIDE", "INSIDE").get(random.nextInt(3)));
                answers.put("secrecy", yesUnlessProblem("NO"));
                answers.put("irregularities", problem() ? List.of("carousel", "ballot_stuffing").subList(0, 1 + random.nextInt(2))
                        : List.of("none"));
                answers.put("voters_in_queue", random.nextInt(40));
            }
            default -> {
                answers.put("protocol_posted", yesUnlessProblem("NO"));
                answers.put("unauthorised_persons", problem() ? "YES" : "NO");
            }
        }
        return answers;
    }

    private boolean problem() {
        return random.nextInt(10) == 0;
    }

    private String yesUnlessProblem(String problemAnswer) {
        return problem() ? problemAnswer : "YES";
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
