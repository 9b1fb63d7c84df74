package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Every role against every endpoint, on its own mission and on someone else's: the exact status
 * of each allowed call, and 401 or 403 for each refusal. "Own" means the caller is a delegate of
 * the mission (or, for a partner, listed by it; for a CEC, the mission is public).
 */
@QuarkusTest
class AuthorisationMatrixTest {

    enum Caller {
        ADMIN(Fixtures.ADMIN), HEAD(TestTokens.user("m-head", "head-of-mission")),
        COORDINATOR(TestTokens.user("m-coord", "coordinator")), OBSERVER(TestTokens.user("m-observer", "observer")),
        ANALYST(TestTokens.user("m-analyst", "analyst")), PARTNER(TestTokens.client("partner-demo", "partner")),
        CEC(TestTokens.client("cec-kz", "cec")), NO_TOKEN(null);

        final String token;

        Caller(String token) {
            this.token = token;
        }
    }

    /** The ids of one mission's world: the caller's own, or someone else's. */
    record Scope(String name, String election, String mission, String team, String deployment, String meeting,
                 String delegate, String spareDelegate, String station, boolean isPublic) {
    }

    record Row(String method, String path, Function<Scope, Object> body, boolean ifMatch, int[] own, int[] other) {
        String name() {
            return method + " " + path;
        }
    }

    static final AtomicInteger UNIQUE = new AtomicInteger();

    /** Expected statuses in the order admin, head-of-mission, coordinator, observer, analyst, partner, cec, no token. */
    static int[] expect(int... statuses) {
        return statuses;
    }

    static Row row(String method, String path, int[] own, int[] other) {
        return new Row(method, path, null, false, own, other);
    }

    static Row create(String method, String path, Function<Scope, Object> body, int[] own, int[] other) {
        return new Row(method, path, body, false, own, other);
    }

    /** A change of an existing resource: sent with If-Match: * so only authorisation decides. */
    static Row update(String method, String path, Function<Scope, Object> body, int[] own, int[] other) {
        return new Row(method, path, body, true, own, other);
    }

    static List<Row> rows() {
        //                                  admin head coord obs  anal partner cec none
        int[] anyRoleButCec = expect(200, 200, 200, 200, 200, 200, 403, 401);
        int[] delegatesRead = expect(200, 200, 200, 200, 200, 403, 403, 401);
        int[] adminOnlyRead = expect(200, 403, 403, 403, 403, 403, 403, 401);
        int[] managersRead = expect(200, 200, 200, 403, 200, 403, 403, 401);
        int[] managersWrite = expect(200, 200, 200, 403, 403, 403, 403, 401);
        int[] adminOnlyWrite = expect(200, 403, 403, 403, 403, 403, 403, 401);
        int[] managersCreate = expect(201, 201, 201, 403, 403, 403, 403, 401);
        int[] adminOnlyCreate = expect(201, 403, 403, 403, 403, 403, 403, 401);
        int[] managersDelete = expect(204, 204, 204, 403, 403, 403, 403, 401);
        int[] adminOnlyDelete = expect(204, 403, 403, 403, 403, 403, 403, 401);
        int[] publicRead = expect(200, 403, 403, 403, 403, 403, 200, 401);
        int[] publicRefused = expect(403, 403, 403, 403, 403, 403, 403, 401);
        return List.of(
                create("POST", "/api/v1/elections", s -> election("Election " + UNIQUE.incrementAndGet()), adminOnlyCreate, adminOnlyCreate),
                row("GET", "/api/v1/elections", anyRoleButCec, anyRoleButCec),
                row("GET", "/api/v1/elections/{e}", anyRoleButCec, anyRoleButCec),
                update("PUT", "/api/v1/elections/{e}", s -> election("Election of " + s.name()), adminOnlyWrite, adminOnlyWrite),

                create("POST", "/api/v1/missions", s -> mission(Fixtures.election(), false, "Mission " + UNIQUE.incrementAndGet()),
                        expect(201, 403, 201, 403, 403, 403, 403, 401), expect(201, 403, 201, 403, 403, 403, 403, 401)),
                row("GET", "/api/v1/missions", anyRoleButCec, anyRoleButCec),
                row("GET", "/api/v1/missions/{m}", delegatesRead, adminOnlyRead),
                update("PUT", "/api/v1/missions/{m}", s -> mission(s.election(), s.isPublic(), "Mission of " + s.name()), managersWrite, adminOnlyWrite),
                update("POST", "/api/v1/missions/{m}/status", AuthorisationMatrixTest::toggleStatus, managersWrite, adminOnlyWrite),

                create("POST", "/api/v1/missions/{m}/delegates", s -> delegate("d-" + UNIQUE.incrementAndGet()), managersCreate, adminOnlyCreate),
                row("GET", "/api/v1/missions/{m}/delegates", delegatesRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/delegates/{delegate}", delegatesRead, adminOnlyRead),
                update("PUT", "/api/v1/missions/{m}/delegates/{spareDelegate}", s -> delegate(null), managersWrite, adminOnlyWrite),

                create("POST", "/api/v1/missions/{m}/teams", s -> Map.of("name", "Team " + UNIQUE.incrementAndGet()), managersCreate, adminOnlyCreate),
                row("GET", "/api/v1/missions/{m}/teams", delegatesRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/teams/{team}", delegatesRead, adminOnlyRead),
                update("PUT", "/api/v1/missions/{m}/teams/{team}", s -> Map.of("name", "Team with the observer",
                        "memberIds", List.of(s.delegate())), managersWrite, adminOnlyWrite),

                create("POST", "/api/v1/missions/{m}/deployments", s -> Fixtures.visit(Fixtures.team(s.mission(), "Team " + UNIQUE.incrementAndGet()),
                        s.station(), "OPENING", "07:00", "08:00"), managersCreate, adminOnlyCreate),
                row("GET", "/api/v1/missions/{m}/deployments", delegatesRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/deployments/{deployment}", delegatesRead, adminOnlyRead),
                update("PUT", "/api/v1/missions/{m}/deployments/{deployment}", s -> Fixtures.visit(s.team(), s.station(), "VOTING", "09:00", "10:00"),
                        managersWrite, adminOnlyWrite),
                update("DELETE", "/api/v1/missions/{m}/deployments/{freshDeployment}", s -> null, managersDelete, adminOnlyDelete),

                create("POST", "/api/v1/missions/{m}/meetings", s -> meeting("Party " + UNIQUE.incrementAndGet()), managersCreate, adminOnlyCreate),
                row("GET", "/api/v1/missions/{m}/meetings", delegatesRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/meetings/{meeting}", delegatesRead, adminOnlyRead),
                update("PUT", "/api/v1/missions/{m}/meetings/{meeting}", s -> meeting("Central Election Commission"), managersWrite, adminOnlyWrite),

                row("GET", "/api/v1/missions/{m}/partners", managersRead, adminOnlyRead),
                create("PUT", "/api/v1/missions/{m}/partners/{newPartner}", s -> Map.of("name", "Domestic network"), managersCreate, adminOnlyCreate),
                update("DELETE", "/api/v1/missions/{m}/partners/{freshPartner}", s -> null, managersDelete, adminOnlyDelete),

                row("GET", "/api/v1/missions/{m}/coverage", managersRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/coverage/missing", managersRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/coverage/unplanned", managersRead, adminOnlyRead),
                row("GET", "/api/v1/missions/{m}/audit", expect(200, 200, 403, 403, 403, 403, 403, 401), adminOnlyRead),

                create("POST", "/api/v1/elections/{e}/polling-stations", s -> Map.of("number", "S" + UNIQUE.incrementAndGet(),
                        "name", "School", "district", "Yesil"), managersCreate, adminOnlyCreate),
                create("POST", "/api/v1/elections/{e}/polling-stations/import", s -> "number,name,district\nC" + UNIQUE.incrementAndGet()
                        + ",School,Yesil\n", managersWrite, adminOnlyWrite),
                row("GET", "/api/v1/elections/{e}/polling-stations", anyRoleButCec, adminOnlyRead),
                row("GET", "/api/v1/elections/{e}/polling-stations/{station}", anyRoleButCec, adminOnlyRead),

                row("GET", "/api/v1/public/missions", publicRead, publicRead),
                row("GET", "/api/v1/public/missions/{m}", publicRead, publicRefused),
                row("GET", "/api/v1/public/missions/{m}/delegates", publicRead, publicRefused),
                row("GET", "/api/v1/public/missions/{m}/meetings", publicRead, publicRefused));
    }

    @TestFactory
    Stream<DynamicTest> everyRoleOnEveryEndpointOnOwnAndSomeoneElsesMission() {
        Scope own = world("own", "m-", "partner-demo", true);
        Scope other = world("other", "o-", "partner-other", false);
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            List<String> wrong = new ArrayList<>();
            for (Caller caller : Caller.values()) {
                check(row, caller, own, row.own()[caller.ordinal()], wrong);
                check(row, caller, other, row.other()[caller.ordinal()], wrong);
            }
            assertThat(wrong).as(row.name()).isEmpty();
        }));
    }

    @Test
    void partnersReadOnlyWhatTheMissionsListingThemShow() {
        Scope demo = world("demo", "pd-", "partner-demo", false);
        Scope other = world("other", "po-", "partner-other", false);
        String partnerOther = TestTokens.client("partner-other", "partner");
        given().auth().oauth2(partnerOther).get("/api/v1/elections/{e}/polling-stations", other.election()).then().statusCode(200);
        given().auth().oauth2(partnerOther).get("/api/v1/elections/{e}/polling-stations", demo.election()).then().statusCode(403);
        given().auth().oauth2(partnerOther).get("/api/v1/missions?size=200").then().statusCode(200)
                .body("items.id", hasItem(other.mission())).body("items.id", not(hasItem(demo.mission())));
        given().auth().oauth2(Caller.PARTNER.token).get("/api/v1/missions?size=200").then().statusCode(200)
                .body("items.id", hasItem(demo.mission())).body("items.id", not(hasItem(other.mission())));
    }

    @Test
    void aDelegateWhoseAccreditationWasRevokedOrRefusedOpensNothing() {
        String election = Fixtures.election();
        String mission = Fixtures.mission(election);
        Fixtures.station(election, "1", "Yesil");
        for (String status : List.of("REVOKED", "REFUSED")) {
            String username = "r-coord-" + UNIQUE.incrementAndGet();
            String id = Fixtures.delegate(mission, username, "COORDINATOR");
            String token = TestTokens.user(username, "coordinator");
            given().auth().oauth2(token).get("/api/v1/missions/{m}", mission).then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/elections/{e}/polling-stations", election).then().statusCode(200);

            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "*")
                    .body(Map.of("fullName", "Delegate " + username, "affiliation", "PARLIAMENT", "missionRole", "COORDINATOR",
                            "accreditationStatus", status, "username", username))
                    .put("/api/v1/missions/{m}/delegates/{d}", mission, id).then().statusCode(200);

            given().auth().oauth2(token).get("/api/v1/missions/{m}", mission).then().statusCode(403);
            given().auth().oauth2(token).get("/api/v1/missions/{m}/delegates", mission).then().statusCode(403);
            given().auth().oauth2(token).get("/api/v1/missions?size=200").then().statusCode(200).body("items.id", not(hasItem(mission)));
            given().auth().oauth2(token).get("/api/v1/elections/{e}/polling-stations", election).then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(delegate("d-" + UNIQUE.incrementAndGet()))
                    .post("/api/v1/missions/{m}/delegates", mission).then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("number", "R" + UNIQUE.incrementAndGet(),
                    "name", "School", "district", "Yesil")).post("/api/v1/elections/{e}/polling-stations", election).then().statusCode(403);
        }
    }

    private static void check(Row row, Caller caller, Scope scope, int expected, List<String> wrong) {
        RequestSpecification request = given();
        if (caller.token != null) {
            request.auth().oauth2(caller.token);
        }
        if (row.ifMatch()) {
            request.header("If-Match", "*");
        }
        Object body = row.body() == null ? null : row.body().apply(scope);
        if (body instanceof String csv) {
            request.contentType("text/csv").body(csv);
        } else if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        int actual = request.request(row.method(), resolve(row.path(), scope)).statusCode();
        if (actual != expected) {
            wrong.add(caller + " on " + scope.name() + " mission: expected " + expected + ", got " + actual);
        }
    }

    /** Fills the path's placeholders; fresh resources are made (by an admin) for calls that consume one. */
    private static String resolve(String path, Scope s) {
        String resolved = path.replace("{e}", s.election()).replace("{m}", s.mission()).replace("{team}", s.team())
                .replace("{deployment}", s.deployment()).replace("{meeting}", s.meeting()).replace("{delegate}", s.delegate())
                .replace("{spareDelegate}", s.spareDelegate()).replace("{station}", s.station())
                .replace("{newPartner}", "partner-" + UNIQUE.incrementAndGet());
        if (resolved.contains("{freshDeployment}")) {
            String team = Fixtures.team(s.mission(), "Team " + UNIQUE.incrementAndGet());
            resolved = resolved.replace("{freshDeployment}", Fixtures.deployment(s.mission(),
                    Fixtures.visit(team, s.station(), "OPENING", "07:00", "08:00")));
        }
        if (resolved.contains("{freshPartner}")) {
            String clientId = "partner-" + UNIQUE.incrementAndGet();
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Temporary"))
                    .put("/api/v1/missions/{m}/partners/{c}", s.mission(), clientId).then().statusCode(201);
            resolved = resolved.replace("{freshPartner}", clientId);
        }
        return resolved;
    }

    /** A mission with a head, coordinator, observer (in a team with a planned visit) and analyst, a meeting and a partner. */
    private static Scope world(String name, String prefix, String partner, boolean isPublic) {
        String election = Fixtures.election();
        String mission = isPublic ? Fixtures.publicMission(election) : Fixtures.mission(election);
        Fixtures.delegate(mission, prefix + "head", "HEAD_OF_MISSION");
        Fixtures.delegate(mission, prefix + "coord", "COORDINATOR");
        Fixtures.delegate(mission, prefix + "analyst", "ANALYST");
        String observer = Fixtures.delegate(mission, prefix + "observer", "OBSERVER");
        String spare = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(delegate(null))
                .post("/api/v1/missions/{m}/delegates", mission).then().statusCode(201).extract().path("id");
        String team = Fixtures.team(mission, "Team with the observer", observer);
        String station = Fixtures.station(election, "1", "Yesil");
        String deployment = Fixtures.deployment(mission, Fixtures.visit(team, station, "VOTING", "09:00", "10:00"));
        String meeting = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(meeting("Central Election Commission"))
                .post("/api/v1/missions/{m}/meetings", mission).then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Domestic network"))
                .put("/api/v1/missions/{m}/partners/{c}", mission, partner).then().statusCode(201);
        return new Scope(name, election, mission, team, deployment, meeting, observer, spare, station, isPublic);
    }

    private static Map<String, Object> election(String name) {
        return Map.of("country", "KZ", "name", name, "type", "parliamentary", "electionDay", "2023-03-19");
    }

    private static Map<String, Object> mission(String electionId, boolean isPublic, String name) {
        return Map.of("electionId", electionId, "organisation", "OTS", "name", name, "isPublic", isPublic);
    }

    private static Map<String, Object> delegate(String username) {
        return username == null
                ? Map.of("fullName", "Spare Delegate", "affiliation", "PARLIAMENT", "missionRole", "OBSERVER")
                : Map.of("fullName", "Delegate " + username, "affiliation", "PARLIAMENT", "missionRole", "OBSERVER", "username", username);
    }

    private static Map<String, Object> meeting(String counterpart) {
        return Map.of("meetingDate", "2023-03-16", "counterpart", counterpart, "counterpartKind", "ELECTION_COMMISSION");
    }

    /** The lifecycle allows planned -> deployed -> planned, so the mission never closes during the matrix. */
    private static Object toggleStatus(Scope s) {
        String status = given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}", s.mission()).then().extract().path("status");
        return Map.of("status", status.equals("PLANNED") ? "DEPLOYED" : "PLANNED");
    }
}
