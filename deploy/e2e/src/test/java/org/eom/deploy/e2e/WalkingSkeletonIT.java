package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton through all three services, as a user would go through it: real PostgreSQL, a real Kafka
 * broker, real Keycloak tokens (password grant for people, client credentials for the partner system) and the
 * packaged services, started by the same launcher as the run command.
 * <p>
 * A coordinator creates a mission and registers a polling station in missions-service; observations-service learns of
 * the station from the event; an observer of the mission submits an observation for it (an unknown station is a 4xx
 * problem); reports-service counts it in the mission's summary. Every step is authorised by role and mission:
 * no token is 401, a wrong role or someone else's mission 403, and forged tokens get nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Resolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    private E2eStack e2e;
    private Api api;

    private String missions;
    private String observations;
    private String reports;

    private final UUID electionId = UUID.randomUUID();
    private final UUID missionId = UUID.randomUUID();
    private UUID stationId;
    private JsonNode votingForm;
    private final List<UUID> counted = new ArrayList<>();

    @BeforeAll
    void useTheStack(E2eStack e2e) {
        this.e2e = e2e;
        api = e2e.api;
        missions = e2e.missions;
        observations = e2e.observations;
        reports = e2e.reports;
    }

    private String user(String username) {
        return e2e.user(username);
    }

    private String client(String clientId) {
        return e2e.client(clientId);
    }

    @Test
    @Order(1)
    void theSecretariatCreatesTheElection() {
        ObjectNode election = Json.object().put("id", electionId.toString()).put("country", "KZ")
                .put("name", "Elections of Members of the Mazhilis and Maslikhats").put("type", "parliamentary and local")
                .put("electionDay", "2023-03-19");

        assertThat(api.post(missions + "/elections").json(election).send().status()).as("no token").isEqualTo(401);
        assertThat(api.post(missions + "/elections").token(user("coordinator")).json(election).send().status())
                .as("a coordinator may not create elections").isEqualTo(403);

        JsonNode created = api.post(missions + "/elections").token(user("secretariat")).json(election).expect(201).json();
        assertThat(created.path("id").asText()).isEqualTo(electionId.toString());
        // The client-chosen id makes a retry harmless.
        api.post(missions + "/elections").token(user("secretariat")).json(election).expect(200);
    }

    @Test
    @Order(2)
    void aCoordinatorCreatesTheMission() {
        ObjectNode mission = Json.object().put("id", missionId.toString()).put("electionId", electionId.toString())
                .put("organisation", "Organization of Turkic States (OTS)").put("name", "End-to-end mission " + missionId)
                .put("observationStart", "2023-03-19T00:00:00Z").put("observationEnd", "2023-03-20T00:00:00Z");

        assertThat(api.post(missions + "/missions").json(mission).send().status()).as("no token").isEqualTo(401);
        assertThat(api.post(missions + "/missions").token(user("observer1")).json(mission).send().status())
                .as("an observer may not create missions").isEqualTo(403);

        api.post(missions + "/missions").token(user("coordinator")).json(mission).expect(201);
        // Its creator is its first coordinator and reads it.
        JsonNode read = api.get(missions + "/missions/" + missionId).token(user("coordinator")).expect(200).json();
        assertThat(read.path("status").asText()).isEqualTo("PLANNED");
        assertThat(api.get(missions + "/missions/" + missionId).token(user("observer1")).send().status())
                .as("not (yet) a delegate of it").isEqualTo(403);
    }

    @Test
    @Order(3)
    void theCoordinatorRegistersAPollingStation() {
        ObjectNode station = Json.object().put("number", "431").put("name", "Polling station No. 431")
                .put("district", "Yesil").put("address", "Kabanbay Batyr Avenue 32, Astana")
                .put("latitude", 51.1155).put("longitude", 71.4190);
        station.putArray("accessibility").add("ramp");
        String url = missions + "/elections/" + electionId + "/polling-stations";

        assertThat(api.post(url).json(station).send().status()).as("no token").isEqualTo(401);
        assertThat(api.post(url).token(user("observer1")).json(station).send().status())
                .as("an observer may not register stations").isEqualTo(403);
        assertThat(api.post(url).token(user("head")).json(station).send().status())
                .as("a head of mission who heads no mission to this election").isEqualTo(403);

        JsonNode created = api.post(url).token(user("coordinator")).json(station).expect(201).json();
        stationId = UUID.fromString(created.path("id").asText());
        // Upserted by number: the same station again changes nothing.
        assertThat(api.post(url).token(user("coordinator")).json(station).expect(200).json().path("id").asText())
                .isEqualTo(stationId.toString());
    }

    @Test
    @Order(4)
    void theCoordinatorAccreditsTheObserverAndAuthorisesThePartner() {
        ObjectNode delegate = Json.object().put("id", UUID.randomUUID().toString()).put("fullName", "Observer One")
                .put("memberState", "TR").put("affiliation", "CENTRAL_ELECTION_COMMISSION").put("missionRole", "OBSERVER")
                .put("accreditationStatus", "ACCREDITED").put("username", "observer1");
        String delegates = missions + "/missions/" + missionId + "/delegates";
        assertThat(api.post(delegates).token(user("observer1")).json(delegate).send().status())
                .as("observers do not accredit themselves").isEqualTo(403);
        api.post(delegates).token(user("coordinator")).json(delegate).expect(201);

        ObjectNode partner = Json.object().put("name", "Demo partner observer network");
        api.put(missions + "/missions/" + missionId + "/partners/partner-demo").token(user("coordinator")).json(partner).expect(201);

        // Now a delegate, observer1 reads the mission in missions-service.
        api.get(missions + "/missions/" + missionId).token(user("observer1")).expect(200);
    }

    @Test
    @Order(5)
    void observationsServiceLearnsOfTheStationFromTheEvent() {
        await("observations-service to show observer1 the mission and station").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode sync = api.get(observations + "/sync").token(user("observer1")).expect(200).json();
                    assertThat(sync.path("missions").findValuesAsText("id")).contains(missionId.toString());
                    assertThat(sync.path("stations").findValuesAsText("id")).contains(stationId.toString());
                });
        // And the partner's listing arrived with the mission.
        await("observations-service to know partner-demo is listed").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(250)).until(() -> api.get(observations + "/missions/" + missionId + "/observations")
                        .token(client("partner-demo")).send().status() == 200);

        JsonNode forms = api.get(observations + "/forms?phase=VOTING").token(user("observer1")).expect(200).json();
        for (JsonNode form : forms.path("items")) {
            if (form.path("missionId").isNull() && (votingForm == null || form.path("version").asInt() > votingForm.path("version").asInt())) {
                votingForm = form;
            }
        }
        assertThat(votingForm).as("a shipped VOTING checklist").isNotNull();
    }

    @Test
    @Order(6)
    void anObservationForAnUnknownStationIsRefusedWithAProblem() {
        Api.Response refused = api.post(observationsUrl()).token(user("observer1"))
                .json(observation(UUID.randomUUID(), UUID.randomUUID())).send();
        assertThat(refused.status()).isBetween(400, 499);
        assertThat(refused.contentType()).startsWith(Api.PROBLEM_JSON);
        JsonNode problem = refused.json();
        assertThat(problem.path("status").asInt()).isEqualTo(refused.status());
        assertThat(problem.path("type").asText()).isNotBlank();
        assertThat(problem.toString()).contains("stationId");
    }

    @Test
    @Order(7)
    void theObserverSubmitsAnObservationForTheStation() {
        UUID id = UUID.randomUUID();
        ObjectNode body = observation(id, stationId);

        assertThat(api.post(observationsUrl()).json(body).send().status()).as("no token").isEqualTo(401);
        assertThat(api.post(observationsUrl()).token(user("coordinator")).json(body).send().status())
                .as("coordinators do not submit checklists").isEqualTo(403);
        assertThat(api.post(observationsUrl()).token(user("observer2")).json(body).send().status())
                .as("an observer of no mission here").isEqualTo(403);
        assertThat(api.post(observationsUrl()).token(client("cec-demo")).json(body).send().status())
                .as("a CEC system reads published statements only").isEqualTo(403);

        JsonNode stored = api.post(observationsUrl()).token(user("observer1")).json(body).expect(201).json();
        assertThat(stored.path("stationNumber").asText()).isEqualTo("431");
        assertThat(stored.path("submittedBy").asText()).isEqualTo("observer1");
        counted.add(id);
        // An upload retried from a flaky phone is a replay, not a second record.
        api.post(observationsUrl()).token(user("observer1")).json(body).expect(200);
    }

    @Test
    @Order(8)
    void aPhoneBackAfterHoursUploadsWithTheTokenItsOfflineTokenGives() {
        // Signed in on the app before leaving coverage; its sign-in session has long ended when it comes back, so
        // the app exchanges the offline token it kept (docs/sync-protocol.md).
        String offlineToken = e2e.tokens.offlineToken("eom-mobile", "observer1", "observer1");
        String phone = e2e.tokens.refreshed("eom-mobile", offlineToken);
        UUID id = UUID.randomUUID();
        JsonNode stored = api.post(observationsUrl()).token(phone).json(observation(id, stationId)).expect(201).json();
        assertThat(stored.path("source").asText()).isEqualTo("MOBILE");
        assertThat(stored.path("submittedBy").asText()).isEqualTo("observer1");
        counted.add(id);

        String otherObserversPhone = e2e.tokens.refreshed("eom-mobile",
                e2e.tokens.offlineToken("eom-mobile", "observer2", "observer2"));
        assertThat(api.post(observationsUrl()).token(otherObserversPhone).json(observation(UUID.randomUUID(), stationId))
                .send().status()).as("an offline token does not widen who may submit").isEqualTo(403);
    }

    @Test
    @Order(9)
    void theListedPartnerSubmitsWithClientCredentials() {
        UUID id = UUID.randomUUID();
        ObjectNode body = observation(id, stationId);
        body.putArray("delegateUsernames").add("partner-observer-17");
        assertThat(api.post(observationsUrl()).token(client("partner-other")).json(body).send().status())
                .as("a partner the mission does not list").isEqualTo(403);
        JsonNode stored = api.post(observationsUrl()).token(client("partner-demo")).json(body).expect(201).json();
        assertThat(stored.path("source").asText()).isEqualTo("PARTNER");
        assertThat(stored.path("partnerClientId").asText()).isEqualTo("partner-demo");
        counted.add(id);
    }

    @Test
    @Order(10)
    void reportsServiceCountsThemInTheMissionSummary() {
        String summary = reports + "/missions/" + missionId + "/summary";
        AtomicReference<JsonNode> figures = new AtomicReference<>();
        await("reports-service to count " + counted.size() + " observations").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    JsonNode body = api.get(summary).token(user("coordinator")).expect(200).json();
                    assertThat(body.path("total").path("observations").asLong()).isEqualTo(counted.size());
                    figures.set(body);
                });
        JsonNode voting = null;
        for (JsonNode phase : figures.get().path("phases")) {
            if ("VOTING".equals(phase.path("phase").asText())) {
                voting = phase;
            }
        }
        assertThat(voting).as("VOTING figures").isNotNull();
        assertThat(voting.path("visits").path("observations").asLong()).isEqualTo(counted.size());
        assertThat(voting.path("visits").path("stations").asLong()).as("one station, visited three times").isEqualTo(1);

        // The observer of the mission may read its figures; no token, the partner and a CEC may not.
        api.get(summary).token(user("observer1")).expect(200);
        assertThat(api.get(summary).send().status()).as("no token").isEqualTo(401);
        assertThat(api.get(summary).token(client("partner-demo")).send().status()).as("partner").isEqualTo(403);
        assertThat(api.get(summary).token(client("cec-demo")).send().status()).as("CEC").isEqualTo(403);
        assertThat(api.get(summary).token(user("analyst")).send().status()).as("an analyst of no mission here").isEqualTo(403);
    }

    @Test
    @Order(11)
    void forgedTokensGetNowhere() {
        String real = user("observer1");
        assertThat(Jwts.header(real).path("alg").asText()).isEqualTo("RS256");
        Map<String, String> forged = Map.of(
                "payload changed under the original signature", Jwts.tamperedPayload(real),
                "signed by another key with the real key id", Jwts.signedByAnotherKey(real),
                "alg none without a signature", Jwts.unsigned(real),
                "not a JWT at all", "not-a-token",
                "a real token of another realm (Keycloak's master, another issuer)", otherRealm());
        Map<String, String> endpoints = Map.of(
                "missions-service", missions + "/missions/" + missionId,
                "observations-service", observationsUrl(),
                "reports-service", reports + "/missions/" + missionId + "/summary");
        forged.forEach((how, token) -> endpoints.forEach((service, url) ->
                assertThat(api.get(url).token(token).send().status()).as(service + ": " + how).isEqualTo(401)));
        // A forged admin token writes nothing either.
        ObjectNode election = Json.object().put("country", "KZ").put("name", "Forged").put("type", "x").put("electionDay", "2030-01-01");
        assertThat(api.post(missions + "/elections").token(Jwts.unsigned(real)).json(election).send().status()).isEqualTo(401);
        assertThat(api.post(missions + "/elections").token(Jwts.signedByAnotherKey(real)).json(election).send().status()).isEqualTo(401);
    }

    /** Signed by the same Keycloak with a key it really has, for its master realm's administrator: valid, but not ours. */
    private String otherRealm() {
        String token = e2e.masterAdmin();
        assertThat(Jwts.payload(token).path("iss").asText()).endsWith("/realms/master");
        return token;
    }

    private String observationsUrl() {
        return observations + "/missions/" + missionId + "/observations";
    }

    private ObjectNode observation(UUID id, UUID station) {
        return Checklists.observation(votingForm, id, station);
    }
}
