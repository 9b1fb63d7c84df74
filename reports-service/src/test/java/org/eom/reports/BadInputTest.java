package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eom.deploy.infra.BadInput;
import org.eom.deploy.infra.BadInput.Endpoint;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.eom.reports.Api.token;
import static org.hamcrest.Matchers.equalTo;

/** Every write endpoint against the malformed-request corpus: 4xx problems naming the field, never a 5xx, nothing written. */
@QuarkusTest
class BadInputTest {

    static final String CEC = TestTokens.client("cec-demo", "cec");

    @Test
    void everyWriteEndpointRefusesMalformedRequestsCleanly() {
        ElectionDays.Astana day = ElectionDays.astana();
        Api.awaitLoaded(day.fixture().missionId, 9, 1, 5);
        String analyst = token(day.fixture(), "ANALYST", "analyst");
        String edited = StatementDraftTest.generate(day.fixture()).getString("id");
        String commented = StatementDraftTest.generate(day.fixture()).getString("id");
        String moved = StatementDraftTest.generate(day.fixture()).getString("id");
        String statements = "/api/v1/missions/" + day.fixture().missionId + "/statements";

        List<Endpoint> endpoints = List.of(
                Endpoint.noBody("POST", "/api/v1/missions/{missionId}/statements", statements, analyst, statements + "?size=100"),
                Endpoint.json("PUT", "/api/v1/statements/{id}/sections/{sectionId}", "/api/v1/statements/" + edited + "/sections/introduction",
                        analyst, () -> "{\"language\":\"en\",\"text\":\"The Mission comprised **many** observers.\"}",
                        "/api/v1/statements/" + edited).ifMatchOf("/api/v1/statements/" + edited),
                Endpoint.json("POST", "/api/v1/statements/{id}/comments", "/api/v1/statements/" + commented + "/comments", analyst,
                        () -> "{\"sectionId\":\"introduction\",\"text\":\"Give the number of long-term observers too.\"}",
                        "/api/v1/statements/" + commented + "/comments?size=100"),
                Endpoint.json("POST", "/api/v1/statements/{id}/transitions", "/api/v1/statements/" + moved + "/transitions", analyst,
                        () -> "{\"to\":\"IN_REVIEW\"}", "/api/v1/statements/" + moved).ifMatchOf("/api/v1/statements/" + moved));

        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        BadInput.requireCovered(base, endpoints);
        BadInput.check(base, endpoints);
    }

    /** JAX-RS answers 404 for a query parameter it cannot convert; the platform makes it a 400 naming the parameter. */
    @Test
    void unconvertibleQueryParametersAreBadRequestsNamingTheParameter() {
        given().auth().oauth2(Api.ADMIN).get("/api/v1/missions/{m}/statements?status=FINAL", java.util.UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().auth().oauth2(CEC).get("/api/v1/public/statements?missionId=astana")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("missionId"));
    }
}
