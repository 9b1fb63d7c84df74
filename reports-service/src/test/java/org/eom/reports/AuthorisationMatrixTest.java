package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eom.reports.Api.ADMIN;
import static org.eom.reports.Api.token;

/**
 * Every role against every endpoint, for its own mission and for another one. A call expected
 * to succeed that changes state gets a statement of its own, so the calls do not interfere.
 */
@QuarkusTest
class AuthorisationMatrixTest {

    static MissionFixture own;
    static MissionFixture other;
    static String published;

    /** Two missions for the class, loaded on first use (the HTTP port is only known once a test runs). */
    @BeforeEach
    void twoMissions() {
        if (own != null) {
            return;
        }
        own = ElectionDays.chisinauLoaded();
        other = ElectionDays.chisinauLoaded();
        // the coordinator is a delegate of the own mission only through this extra event
        own.delegate("COORDINATOR", "Coordinator", "AM", "OTHER");
        Api.awaitRows("delegate", own.missionId, 4);
        published = fresh(StatementNeed.IN_REVIEW);
        for (String to : List.of("APPROVED", "PUBLISHED")) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", to.equals("APPROVED") ? "\"2\"" : "\"3\"")
                    .body(Map.of("to", to)).post("/api/v1/statements/{id}/transitions", published).then().statusCode(200);
        }
    }

    /** Who calls: the delegates of the own mission, those of the other mission, and systems. */
    enum Caller {
        ADMIN_USER(f -> ADMIN),
        HEAD(f -> token(f, "HEAD_OF_MISSION", "head-of-mission")),
        ANALYST(f -> token(f, "ANALYST", "analyst")),
        COORDINATOR(f -> token(f, "COORDINATOR", "coordinator")),
        OBSERVER(f -> token(f, "OBSERVER", "observer")),
        OTHER_HEAD(f -> token(other, "HEAD_OF_MISSION", "head-of-mission")),
        OTHER_ANALYST(f -> token(other, "ANALYST", "analyst")),
        CEC(f -> TestTokens.client("cec-demo", "cec")),
        PARTNER(f -> TestTokens.client("partner-demo", "partner")),
        ANONYMOUS(f -> null);

        final Function<MissionFixture, String> token;

        Caller(Function<MissionFixture, String> token) {
            this.token = token;
        }

        RequestSpecification request() {
            String t = token.apply(own);
            RequestSpecification spec = given().contentType(ContentType.JSON);
            return t == null ? spec : spec.auth().oauth2(t);
        }
    }

    /** One endpoint: how to call it (given a fresh statement where it needs one) and who gets which status. */
    record Endpoint(String name, StatementNeed need, BiFunction<RequestSpecification, String, Integer> call,
                    Map<Caller, Integer> allowed) {
    }

    enum StatementNeed { NONE, DRAFT, IN_REVIEW, PUBLISHED }

    @Test
    void everyRoleAgainstEveryEndpointOnItsOwnAndAnotherMission() {
        Map<Caller, Integer> figures = allowed(200, Caller.ADMIN_USER, Caller.HEAD, Caller.ANALYST, Caller.COORDINATOR, Caller.OBSERVER);
        Map<Caller, Integer> editors = allowed(200, Caller.ADMIN_USER, Caller.HEAD, Caller.ANALYST);
        Map<Caller, Integer> creators = allowed(201, Caller.ADMIN_USER, Caller.HEAD, Caller.ANALYST);
        Map<Caller, Integer> approvers = allowed(200, Caller.ADMIN_USER, Caller.HEAD);
        Map<Caller, Integer> everyone = allowed(200, Caller.ADMIN_USER, Caller.HEAD, Caller.ANALYST, Caller.COORDINATOR,
                Caller.OBSERVER, Caller.OTHER_HEAD, Caller.OTHER_ANALYST, Caller.CEC, Caller.PARTNER);
        String mission = own.missionId.toString();

        List<Endpoint> endpoints = List.of(
                new Endpoint("summary", StatementNeed.NONE, (r, s) -> r.get("/api/v1/missions/{m}/summary", mission).statusCode(), figures),
                new Endpoint("drill-down", StatementNeed.NONE, (r, s) -> r.queryParam("assessment", "NEGATIVE")
                        .get("/api/v1/missions/{m}/summary/observations", mission).statusCode(), figures),
                new Endpoint("incidents", StatementNeed.NONE, (r, s) -> r.get("/api/v1/missions/{m}/summary/incidents", mission)
                        .statusCode(), figures),
                new Endpoint("coverage", StatementNeed.NONE, (r, s) -> r.get("/api/v1/missions/{m}/summary/coverage/unreported", mission)
                        .statusCode(), figures),
                new Endpoint("generate", StatementNeed.NONE, (r, s) -> r.post("/api/v1/missions/{m}/statements", mission).statusCode(),
                        creators),
                new Endpoint("list statements", StatementNeed.NONE, (r, s) -> r.get("/api/v1/missions/{m}/statements", mission)
                        .statusCode(), editors),
                new Endpoint("read draft", StatementNeed.DRAFT, (r, s) -> r.get("/api/v1/statements/{id}", s).statusCode(), editors),
                new Endpoint("render draft", StatementNeed.DRAFT, (r, s) -> r.accept("text/markdown").get("/api/v1/statements/{id}", s)
                        .statusCode(), editors),
                new Endpoint("versions", StatementNeed.DRAFT, (r, s) -> r.get("/api/v1/statements/{id}/versions", s).statusCode(), editors),
                new Endpoint("sentence evidence", StatementNeed.DRAFT, (r, s) -> r.get(
                        "/api/v1/statements/{id}/sentences/election-day.visited/observations", s).statusCode(), editors),
                new Endpoint("edit section", StatementNeed.DRAFT, (r, s) -> r.header("If-Match", "\"1\"")
                        .body(Map.of("language", "en", "text", "edited")).put("/api/v1/statements/{id}/sections/findings", s)
                        .statusCode(), editors),
                new Endpoint("read comments", StatementNeed.DRAFT, (r, s) -> r.get("/api/v1/statements/{id}/comments", s).statusCode(),
                        editors),
                new Endpoint("comment", StatementNeed.DRAFT, (r, s) -> r.body(Map.of("text", "a remark"))
                        .post("/api/v1/statements/{id}/comments", s).statusCode(), creators),
                new Endpoint("submit for review", StatementNeed.DRAFT, (r, s) -> r.header("If-Match", "\"1\"")
                        .body(Map.of("to", "IN_REVIEW")).post("/api/v1/statements/{id}/transitions", s).statusCode(), editors),
                new Endpoint("approve", StatementNeed.IN_REVIEW, (r, s) -> r.header("If-Match", "\"2\"")
                        .body(Map.of("to", "APPROVED")).post("/api/v1/statements/{id}/transitions", s).statusCode(), approvers),
                new Endpoint("public list", StatementNeed.NONE, (r, s) -> r.get("/api/v1/public/statements").statusCode(), everyone),
                new Endpoint("public statement", StatementNeed.PUBLISHED, (r, s) -> r.get("/api/v1/public/statements/{id}", s)
                        .statusCode(), everyone),
                new Endpoint("public pdf", StatementNeed.PUBLISHED, (r, s) -> r.accept("application/pdf")
                        .get("/api/v1/public/statements/{id}", s).statusCode(), everyone),
                new Endpoint("audit of partner and CEC reads", StatementNeed.NONE, (r, s) -> r.get("/api/v1/missions/{m}/audit", mission)
                        .statusCode(), approvers));

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : Caller.values()) {
                Integer expected = endpoint.allowed().getOrDefault(caller, caller == Caller.ANONYMOUS ? 401 : 403);
                String statement = switch (endpoint.need()) {
                    case NONE -> null;
                    case PUBLISHED -> published;
                    case DRAFT, IN_REVIEW -> expected < 400 ? fresh(endpoint.need()) : sharedDraft(endpoint.need());
                };
                int actual = endpoint.call().apply(caller.request(), statement);
                calls++;
                if (actual != expected) {
                    wrong.add(endpoint.name() + " by " + caller + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(calls).isEqualTo(endpoints.size() * Caller.values().length);
    }

    @Test
    void aHeadWithoutTheHeadOfMissionRoleInTheMissionCannotApprove() {
        // the analyst of the own mission holds the head-of-mission realm role, but is not the mission's head
        String statement = fresh(StatementNeed.IN_REVIEW);
        given().auth().oauth2(token(own, "ANALYST", "head-of-mission")).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("to", "APPROVED")).post("/api/v1/statements/{id}/transitions", statement)
                .then().statusCode(403);
    }

    @Test
    void aDelegateWhoseAccreditationWasRevokedReadsNothingMore() {
        MissionFixture mission = new MissionFixture().election("MD", "Presidential Election", "2024-10-20")
                .mission("Commonwealth Observer Network", "Mission with a revoked delegate", List.of("Chisinau"))
                .delegate("HEAD_OF_MISSION", "Chief Observer", "AM", "PARLIAMENT")
                .delegate("ANALYST", "Analyst", "MD", "OTHER");
        Api.awaitRows("delegate", mission.missionId, 2);
        String analyst = token(mission, "ANALYST", "analyst");
        String head = token(mission, "HEAD_OF_MISSION", "head-of-mission");
        given().auth().oauth2(analyst).get("/api/v1/missions/{m}/summary", mission.missionId).then().statusCode(200);
        given().auth().oauth2(head).get("/api/v1/missions/{m}/statements", mission.missionId).then().statusCode(200);

        mission.accreditation("ANALYST", "REVOKED").accreditation("HEAD_OF_MISSION", "REFUSED");
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.count("select count(*) from delegate where mission_id = ? "
                + "and accreditation_status in ('REVOKED', 'REFUSED')", mission.missionId) == 2);
        // Still delegates in the read model (the statement lists composition), but their user names open nothing.
        given().auth().oauth2(analyst).get("/api/v1/missions/{m}/summary", mission.missionId).then().statusCode(403);
        given().auth().oauth2(analyst).post("/api/v1/missions/{m}/statements", mission.missionId).then().statusCode(403);
        given().auth().oauth2(head).get("/api/v1/missions/{m}/statements", mission.missionId).then().statusCode(403);
    }

    private static final Map<StatementNeed, String> SHARED = new LinkedHashMap<>();

    /** A statement that calls expected to be refused may all share: they never change it. */
    private static String sharedDraft(StatementNeed need) {
        return SHARED.computeIfAbsent(need, AuthorisationMatrixTest::fresh);
    }

    /** A statement of the own mission, created by the admin, in the state the call needs. */
    static String fresh(StatementNeed need) {
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).post("/api/v1/missions/{m}/statements", own.missionId)
                .then().statusCode(201).extract().path("id");
        if (need == StatementNeed.IN_REVIEW) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("to", "IN_REVIEW"))
                    .post("/api/v1/statements/{id}/transitions", id).then().statusCode(200);
        }
        return id;
    }

    private static Map<Caller, Integer> allowed(int status, Caller... callers) {
        Map<Caller, Integer> allowed = new LinkedHashMap<>();
        for (Caller caller : callers) {
            allowed.put(caller, status);
        }
        return allowed;
    }
}
