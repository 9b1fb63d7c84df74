package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.reports.Api.ADMIN;
import static org.eom.reports.Api.token;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * ADR 0005 point 4 in this service: every successful read of published statements by a partner system or a CEC is
 * written to audit_read, one row per mission read, and the mission's head and admins read it back.
 */
@QuarkusTest
class ReadAuditTest {

    static final String CEC_CLIENT = "cec-audited";
    static final String PARTNER_CLIENT = "partner-audited";
    static final String CEC = TestTokens.client(CEC_CLIENT, "cec");
    static final String PARTNER = TestTokens.client(PARTNER_CLIENT, "partner");

    static MissionFixture own;
    static MissionFixture other;
    static String ownStatement;
    static String otherStatement;

    /** Two missions with a published statement each, loaded on first use (the HTTP port is only known once a test runs). */
    @BeforeEach
    void twoMissionsWithPublishedStatements() {
        if (own != null) {
            return;
        }
        own = ElectionDays.chisinauLoaded();
        other = ElectionDays.chisinauLoaded();
        otherStatement = published(other);
        ownStatement = published(own);
    }

    @Test
    void partnerAndCecReadsAreAuditedOnePerMissionAndNoOtherReadsAre() {
        String since = OffsetDateTime.now(ZoneOffset.UTC).toString(); // the other test reads too
        String statement = "/api/v1/public/statements/" + ownStatement;
        given().auth().oauth2(CEC).get(statement).then().statusCode(200);
        given().auth().oauth2(CEC).accept("text/markdown").get(statement + "?lang=ru").then().statusCode(200);
        given().auth().oauth2(CEC).get("/api/v1/public/statements?missionId={m}", own.missionId).then().statusCode(200)
                .body("totalItems", equalTo(1));
        given().auth().oauth2(PARTNER).head(statement).then().statusCode(200);
        // the newest two published statements are of both missions: one row in each mission's audit
        given().auth().oauth2(PARTNER).get("/api/v1/public/statements?size=2").then().statusCode(200)
                .body("items.id", contains(ownStatement, otherStatement));
        // not audited: people's reads, refused and failed reads
        given().auth().oauth2(token(own, "OBSERVER", "observer")).get(statement).then().statusCode(200);
        given().auth().oauth2(token(own, "ANALYST", "analyst")).get(statement).then().statusCode(200);
        given().auth().oauth2(ADMIN).get(statement).then().statusCode(200);
        given().auth().oauth2(CEC).get("/api/v1/missions/{m}/summary", own.missionId).then().statusCode(403);
        given().auth().oauth2(PARTNER).get("/api/v1/missions/{m}/statements", own.missionId).then().statusCode(403);
        given().auth().oauth2(CEC).get("/api/v1/public/statements/{id}", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(CEC).get("/api/v1/public/statements?missionId=not-a-mission").then().statusCode(400);

        String audit = "/api/v1/missions/" + own.missionId + "/audit";
        given().auth().oauth2(token(own, "HEAD_OF_MISSION", "head-of-mission")).get(audit + "?sort=at&from={t}", since).then().statusCode(200)
                .body("totalItems", equalTo(5))
                .body("items.clientId", contains(CEC_CLIENT, CEC_CLIENT, CEC_CLIENT, PARTNER_CLIENT, PARTNER_CLIENT))
                .body("items.username", contains("service-account-" + CEC_CLIENT, "service-account-" + CEC_CLIENT,
                        "service-account-" + CEC_CLIENT, "service-account-" + PARTNER_CLIENT, "service-account-" + PARTNER_CLIENT))
                .body("items.method", contains("GET", "GET", "GET", "HEAD", "GET"))
                .body("items.path", contains(statement, statement + "?lang=ru", "/api/v1/public/statements?missionId=" + own.missionId,
                        statement, "/api/v1/public/statements?size=2"))
                .body("items.status", everyItem(equalTo(200)))
                .body("items[0].roles", hasItem("cec")).body("items[3].roles", hasItem("partner"));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/audit?from={t}", other.missionId, since).then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items[0].path", equalTo("/api/v1/public/statements?size=2"));
        assertThat(Api.count("select count(*) from audit_read where roles not like '%partner%' and roles not like '%cec%'")).isZero();
        assertThat(Api.count("select count(*) from audit_read where client_id in (?, ?) and (status >= 400 or mission_id is null)",
                CEC_CLIENT, PARTNER_CLIENT)).isZero();
    }

    @Test
    void theAuditIsForAdminsAndTheMissionsHeadOnly() {
        String audit = "/api/v1/missions/" + own.missionId + "/audit";
        given().auth().oauth2(PARTNER).get("/api/v1/public/statements/{id}", ownStatement).then().statusCode(200);
        for (String reader : List.of(token(own, "HEAD_OF_MISSION", "head-of-mission"), ADMIN)) {
            given().auth().oauth2(reader).get(audit + "?clientId={c}&size=1", PARTNER_CLIENT).then().statusCode(200)
                    .body("items", hasSize(1)).body("items[0].path", equalTo("/api/v1/public/statements/" + ownStatement));
        }
        given().auth().oauth2(ADMIN).get(audit + "?username=nobody").then().statusCode(200).body("totalItems", equalTo(0));
        given().auth().oauth2(ADMIN).get(audit + "?from=2999-01-01T00:00:00Z").then().statusCode(200).body("totalItems", equalTo(0));

        for (String refused : List.of(token(other, "HEAD_OF_MISSION", "head-of-mission"), token(own, "ANALYST", "head-of-mission"),
                token(own, "HEAD_OF_MISSION", "analyst"), token(own, "OBSERVER", "observer"), PARTNER, CEC)) {
            given().auth().oauth2(refused).get(audit).then().statusCode(403)
                    .contentType("application/problem+json").body("status", equalTo(403));
        }
        given().get(audit).then().statusCode(401);
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/audit", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get(audit + "?to=tomorrow").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("to"));
        given().auth().oauth2(ADMIN).get(audit + "?size=0").then().statusCode(400);
    }

    @Test
    void thePlatformsAuditEndpointIsDocumentedWithThisServicesProblemAnswers() {
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/missions/{missionId}/audit'.get.summary", containsString("head-of-mission"))
                .body("paths.'/api/v1/missions/{missionId}/audit'.get.responses.'403'.'$ref'", equalTo("#/components/responses/Forbidden"))
                .body("components.responses.Forbidden.content.'application/problem+json'.schema.'$ref'", equalTo("#/components/schemas/Problem"));
    }

    /** A statement of the mission, generated and taken through review, approval and publication by an admin. */
    private static String published(MissionFixture fixture) {
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).post("/api/v1/missions/{m}/statements", fixture.missionId)
                .then().statusCode(201).extract().path("id");
        List<String> steps = List.of("IN_REVIEW", "APPROVED", "PUBLISHED");
        for (int i = 0; i < steps.size(); i++) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"" + (i + 1) + "\"")
                    .body(Map.of("to", steps.get(i))).post("/api/v1/statements/{id}/transitions", id).then().statusCode(200);
        }
        return id;
    }
}
