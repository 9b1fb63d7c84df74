package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * ADR 0005 point 4 in this service: every successful read by a partner system (CEC systems may read nothing here) is
 * written to audit_read, one row per mission read, and the mission's head, its deputy and admins read it back.
 */
@QuarkusTest
class ReadAuditTest {

    static final String ADMIN = TestTokens.user("secretariat", "admin");

    @Inject
    MissionFeed feed;

    @Test
    void partnerReadsOfAMissionAreAuditedOnePerMissionAndNoOtherReadsAre() {
        TestMission m = feed.mission(2);
        TestMission other = feed.mission(2);
        String partner = m.partnerToken();
        UUID observation = UUID.randomUUID();
        given().auth().oauth2(partner).contentType(ContentType.JSON).body(Checklists.voting(observation, m.station(2)))
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        String form = given().auth().oauth2(m.analystToken()).contentType(ContentType.JSON).body(tabulationForm(m))
                .post("/api/v1/forms").then().statusCode(201).extract().path("id");

        String observations = m.observations();
        given().auth().oauth2(partner).get(observations + "?phase=VOTING").then().statusCode(200);
        given().auth().oauth2(partner).head(observations + "/" + observation).then().statusCode(200);
        given().auth().oauth2(partner).get(observations + "/" + observation + "/versions").then().statusCode(200);
        given().auth().oauth2(partner).get("/api/v1/missions/{m}/incidents", m.missionId()).then().statusCode(200);
        given().auth().oauth2(partner).get("/api/v1/missions/{m}/export?format=json", m.missionId()).then().statusCode(200);
        // paths that name no mission: the forms of the missions listing the partner, a mission's form by its own id
        given().auth().oauth2(partner).get("/api/v1/forms?phase=TABULATION").then().statusCode(200)
                .body("items.missionId", hasItem(m.missionId().toString()));
        given().auth().oauth2(partner).get("/api/v1/forms/{id}", form).then().statusCode(200);
        // not audited: writes, people's reads, refused reads
        given().auth().oauth2(m.observerA1Token()).get(observations).then().statusCode(200);
        given().auth().oauth2(m.analystToken()).get(observations).then().statusCode(200);
        given().auth().oauth2(ADMIN).get(observations).then().statusCode(200);
        given().auth().oauth2(partner).get("/api/v1/missions/{m}/observations", other.missionId()).then().statusCode(403);
        given().auth().oauth2(partner).get(observations + "/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestTokens.client("cec-kz", "cec")).get(observations).then().statusCode(403);
        given().auth().oauth2(TestTokens.client("cec-kz", "cec")).get("/api/v1/forms").then().statusCode(403);

        given().auth().oauth2(head(m)).get("/api/v1/missions/{m}/audit?sort=at", m.missionId()).then().statusCode(200)
                .body("totalItems", equalTo(7))
                .body("items.path", contains(observations + "?phase=VOTING", observations + "/" + observation,
                        observations + "/" + observation + "/versions", "/api/v1/missions/" + m.missionId() + "/incidents",
                        "/api/v1/missions/" + m.missionId() + "/export?format=json", "/api/v1/forms?phase=TABULATION",
                        "/api/v1/forms/" + form))
                .body("items.method", contains("GET", "HEAD", "GET", "GET", "GET", "GET", "GET"))
                .body("items.clientId", everyItem(equalTo(m.partnerClient())))
                .body("items.username", everyItem(equalTo("service-account-" + m.partnerClient())))
                .body("items.roles", everyItem(hasItem("partner")))
                .body("items.status", everyItem(equalTo(200)));
        assertThat(feed.count("select count(*) from audit_read where mission_id = ?", other.missionId())).isZero();
        assertThat(feed.count("select count(*) from audit_read where client_id = 'cec-kz' or roles not like '%partner%'")).isZero();
    }

    @Test
    void aPartnerReadThatCannotBeAuditedIsWithheldWith503() {
        TestMission m = feed.mission(2);
        String observations = m.observations();
        // every new audit row is refused, as by a failing database
        feed.execute("alter table audit_read add constraint audit_refused check (false) not valid");
        try {
            given().auth().oauth2(m.partnerToken()).get(observations).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5")
                    .body("type", containsString("audit-unavailable")).body("instance", equalTo(observations))
                    .body("items", equalTo(null));
            given().auth().oauth2(m.analystToken()).get(observations).then().statusCode(200); // not audited, not affected
        } finally {
            feed.execute("alter table audit_read drop constraint audit_refused");
        }
        given().auth().oauth2(m.partnerToken()).get(observations).then().statusCode(200);
        assertThat(feed.count("select count(*) from audit_read where mission_id = ?", m.missionId())).isEqualTo(1);
    }

    @Test
    void theAuditIsForAdminsAndTheMissionsHeadOrDeputyOnly() {
        TestMission m = feed.mission(2);
        TestMission other = feed.mission(2);
        String deputy = "deputy-" + m.suffix();
        feed.apply("delegate.upserted", m.missionId(), MissionFeed.delegateData(UUID.randomUUID(), m, deputy, "DEPUTY", "ACCREDITED", 1));
        given().auth().oauth2(m.partnerToken()).get("/api/v1/missions/{m}/incidents", m.missionId()).then().statusCode(200);
        given().auth().oauth2(m.partnerToken()).get("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(200);
        String audit = "/api/v1/missions/" + m.missionId() + "/audit";

        for (String reader : List.of(head(m), TestTokens.user(deputy, "head-of-mission"), ADMIN)) {
            given().auth().oauth2(reader).get(audit).then().statusCode(200).body("totalItems", equalTo(2))
                    .body("items.path", contains(audit.replace("/audit", "/observations"), audit.replace("/audit", "/incidents")));
        }
        given().auth().oauth2(ADMIN).get(audit + "?clientId={c}&size=1", m.partnerClient()).then().statusCode(200)
                .body("totalItems", equalTo(2)).body("totalPages", equalTo(2)).body("items", hasSize(1));
        given().auth().oauth2(ADMIN).get(audit + "?clientId=someone-else").then().statusCode(200).body("totalItems", equalTo(0));
        given().auth().oauth2(ADMIN).get(audit + "?from=2999-01-01T00:00:00Z").then().statusCode(200).body("totalItems", equalTo(0));
        given().auth().oauth2(ADMIN).get(audit + "?to=2999-01-01T00:00:00Z").then().statusCode(200).body("totalItems", equalTo(2));

        for (String refused : List.of(head(other), TestTokens.user(m.head(), "observer"), m.observerA1Token(), m.analystToken(),
                TestTokens.user(m.coordinator(), "coordinator"), m.partnerToken(), TestTokens.client("cec-kz", "cec"))) {
            given().auth().oauth2(refused).get(audit).then().statusCode(403)
                    .contentType("application/problem+json").body("status", equalTo(403));
        }
        given().get(audit).then().statusCode(401);
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/audit", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get(audit + "?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", containsInAnyOrder("from"));
        given().auth().oauth2(ADMIN).get(audit + "?sort=clientId").then().statusCode(400).body("errors[0].field", equalTo("sort"));
        // the refused reads of the audit by the partner and the CEC are not audited themselves
        given().auth().oauth2(ADMIN).get(audit).then().statusCode(200).body("totalItems", equalTo(2));
    }

    @Test
    void thePlatformsAuditEndpointIsDocumentedWithThisServicesProblemAnswers() {
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/missions/{missionId}/audit'.get.summary", containsString("head-of-mission"))
                .body("paths.'/api/v1/missions/{missionId}/audit'.get.responses.'403'.'$ref'", equalTo("#/components/responses/Forbidden"))
                .body("components.responses.Forbidden.content.'application/problem+json'.schema.'$ref'", equalTo("#/components/schemas/Problem"));
    }

    private static String head(TestMission m) {
        return TestTokens.user(m.head(), "head-of-mission");
    }

    private static Map<String, Object> tabulationForm(TestMission m) {
        Map<String, Object> shipped = given().auth().oauth2(ADMIN).get("/api/v1/forms/{id}", Checklists.TABULATION)
                .then().statusCode(200).extract().as(Map.class);
        return Map.of("missionId", m.missionId().toString(), "phase", "TABULATION",
                "title", Map.of("en", "Tabulation (mission)", "ru", "Табулирование (миссия)"), "questions", shipped.get("questions"));
    }
}
