package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every role against every endpoint, for the caller's own mission and for a mission they have
 * nothing to do with. "Allowed" is any 2xx; everything else must be a 403 refusal.
 */
@QuarkusTest
class AuthorisationMatrixTest {

    enum Role { OBSERVER, PARTNER, ANALYST, COORDINATOR, HEAD, ADMIN, CEC }

    /** One endpoint, called for a mission by a role; returns the HTTP status. */
    record Endpoint(String name, Set<Role> allowedInOwnMission, BiFunction<Call, TestMission, Integer> call) {
    }

    /** Who calls: a role and a token carrying it. */
    record Call(Role role, String token) {
    }

    @Inject
    MissionFeed feed;

    private TestMission own;
    private TestMission foreign;

    @Test
    void everyRoleAgainstEveryEndpointInItsOwnAndAForeignMission() {
        own = feed.mission(2);
        foreign = feed.mission(2);
        Set<Role> people = Set.of(Role.OBSERVER, Role.ANALYST, Role.COORDINATOR, Role.HEAD, Role.ADMIN);
        Set<Role> readers = Set.of(Role.OBSERVER, Role.PARTNER, Role.ANALYST, Role.COORDINATOR, Role.HEAD, Role.ADMIN);
        Set<Role> submitters = Set.of(Role.OBSERVER, Role.PARTNER, Role.ADMIN);
        Set<Role> authors = Set.of(Role.OBSERVER, Role.ADMIN);
        Set<Role> reviewers = Set.of(Role.ANALYST, Role.COORDINATOR, Role.HEAD, Role.ADMIN);

        List<Endpoint> endpoints = List.of(
                new Endpoint("submit observation", submitters, (c, m) -> as(c).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                        .post(m.observations()).statusCode()),
                new Endpoint("submit batch", submitters, (c, m) -> as(c)
                        .body(Map.of("items", List.of(Checklists.voting(UUID.randomUUID(), m.station(2))))).post(m.observations() + "/batch").statusCode()),
                new Endpoint("list observations", readers, (c, m) -> as(c).get(m.observations()).statusCode()),
                new Endpoint("read observer's observation", people, (c, m) -> as(c).get(m.observations() + "/" + submitted(m)).statusCode()),
                new Endpoint("read its versions", people, (c, m) -> as(c).get(m.observations() + "/" + submitted(m) + "/versions").statusCode()),
                new Endpoint("amend observer's observation", authors, (c, m) -> {
                    UUID id = submitted(m);
                    return as(c).header("If-Match", "\"1\"").body(Checklists.voting(id, m.station(1),
                            Checklists.with(Checklists.cleanVotingAnswers(), "secrecy", "NO"))).put(m.observations() + "/" + id).statusCode();
                }),
                new Endpoint("withdraw observer's observation", authors, (c, m) -> as(c).body(Map.of("reason", "duplicate"))
                        .post(m.observations() + "/" + submitted(m) + "/withdrawal").statusCode()),
                new Endpoint("review", reviewers, (c, m) -> as(c).body(Map.of("status", "VERIFIED"))
                        .post(m.observations() + "/" + submitted(m) + "/reviews").statusCode()),
                new Endpoint("export", readers, (c, m) -> as(c).get("/api/v1/missions/" + m.missionId() + "/export").statusCode()),
                new Endpoint("report incident", submitters, (c, m) -> as(c).body(IncidentTest.incident(UUID.randomUUID(), m.station(1), "OTHER"))
                        .post("/api/v1/missions/" + m.missionId() + "/incidents").statusCode()),
                new Endpoint("list incidents", readers, (c, m) -> as(c).get("/api/v1/missions/" + m.missionId() + "/incidents").statusCode()),
                new Endpoint("follow up observer's incident", Set.of(Role.OBSERVER, Role.ANALYST, Role.COORDINATOR, Role.HEAD, Role.ADMIN),
                        (c, m) -> {
                            Map<String, Object> followUp = new java.util.HashMap<>(reported(m));
                            followUp.put("followUpStatus", "FOLLOWING_UP");
                            return as(c).header("If-Match", "\"1\"").body(followUp)
                                    .put("/api/v1/missions/" + m.missionId() + "/incidents/" + followUp.get("id")).statusCode();
                        }),
                new Endpoint("list the mission's forms", readers, (c, m) -> as(c).get("/api/v1/forms?missionId=" + m.missionId()).statusCode()),
                new Endpoint("publish a form version", Set.of(Role.ANALYST, Role.ADMIN), (c, m) -> as(c).body(missionForm(m))
                        .post("/api/v1/forms").statusCode()),
                new Endpoint("read the audit of partner reads", Set.of(Role.HEAD, Role.ADMIN),
                        (c, m) -> as(c).get("/api/v1/missions/" + m.missionId() + "/audit").statusCode()));

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Role role : Role.values()) {
                Call call = new Call(role, token(role));
                check(wrong, endpoint.name() + " / own mission / " + role, endpoint.allowedInOwnMission().contains(role),
                        endpoint.call().apply(call, own));
                check(wrong, endpoint.name() + " / foreign mission / " + role, role == Role.ADMIN, endpoint.call().apply(call, foreign));
            }
        }
        // not mission-scoped: shipped forms for everyone but CEC systems, sync for people only
        for (Role role : Role.values()) {
            Call call = new Call(role, token(role));
            check(wrong, "list shipped forms / " + role, role != Role.CEC, as(call).get("/api/v1/forms").statusCode());
            check(wrong, "sync / " + role, people.contains(role), as(call).get("/api/v1/sync").statusCode());
        }
        assertThat(wrong).as("calls answered other than the matrix says").isEmpty();
        // refused writes left nothing behind: only admins and the mission's own submitters stored anything
        assertThat(feed.count("select count(*) from observation where mission_id = ? and submitted_by not in (?, ?, ?)",
                own.missionId(), own.observerA1(), own.partnerClient(), "secretariat")).isZero();
        assertThat(feed.count("select count(*) from observation where mission_id = ? and submitted_by <> ?", foreign.missionId(),
                "secretariat")).isZero();
    }

    private static void check(List<String> wrong, String what, boolean allowed, int status) {
        boolean ok = allowed ? status >= 200 && status < 300 : status == 403;
        if (!ok) {
            wrong.add(what + ": expected " + (allowed ? "2xx" : "403") + " but was " + status);
        }
    }

    private String token(Role role) {
        return switch (role) {
            case OBSERVER -> own.observerA1Token();
            case PARTNER -> own.partnerToken();
            case ANALYST -> own.analystToken();
            case COORDINATOR -> TestTokens.user(own.coordinator(), "coordinator");
            case HEAD -> TestTokens.user(own.head(), "head-of-mission");
            case ADMIN -> TestTokens.user("secretariat", "admin");
            case CEC -> TestTokens.client("cec-kz", "cec");
        };
    }

    /** A fresh observation for the call to act on: by observer A1 in the own mission, by an admin in the foreign one. */
    private UUID submitted(TestMission m) {
        UUID id = UUID.randomUUID();
        String by = m == own ? own.observerA1Token() : TestTokens.user("secretariat", "admin");
        given().auth().oauth2(by).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1))).post(m.observations())
                .then().statusCode(201);
        return id;
    }

    /** A fresh incident for the call to act on, reported like {@link #submitted}; its body. */
    private Map<String, Object> reported(TestMission m) {
        Map<String, Object> incident = IncidentTest.incident(UUID.randomUUID(), m.station(1), "OTHER");
        String by = m == own ? own.observerA1Token() : TestTokens.user("secretariat", "admin");
        given().auth().oauth2(by).contentType(ContentType.JSON).body(incident).post("/api/v1/missions/" + m.missionId() + "/incidents")
                .then().statusCode(201);
        return incident;
    }

    private static RequestSpecification as(Call call) {
        return given().auth().oauth2(call.token()).contentType(ContentType.JSON);
    }

    private static Map<String, Object> missionForm(TestMission m) {
        Map<String, Object> shipped = given().auth().oauth2(TestTokens.user("secretariat", "admin"))
                .get("/api/v1/forms/{id}", Checklists.TABULATION).then().statusCode(200).extract().as(Map.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("missionId", m.missionId().toString());
        body.put("phase", "TABULATION");
        body.put("title", Map.of("en", "Tabulation", "ru", "Табулирование"));
        body.put("questions", shipped.get("questions"));
        return body;
    }
}
