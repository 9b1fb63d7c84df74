package org.eom.observations;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import org.eom.deploy.infra.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * A mission as missions-service announces it, seeded through eom.missions.v1 by {@link MissionFeed}:
 * stations No. 1..n of its election (No. 1 and 2 in team A's plan), team A (two observers), team B
 * (one), an analyst, a coordinator and a head of mission, one listed partner. User names are unique
 * to the mission, so tests never see each other's data.
 */
public record TestMission(UUID electionId, UUID missionId, List<UUID> stations, UUID teamA, UUID teamB, String suffix) {

    public String observerA1() {
        return "a1-" + suffix;
    }

    public String observerA2() {
        return "a2-" + suffix;
    }

    public String observerB1() {
        return "b1-" + suffix;
    }

    public String analyst() {
        return "analyst-" + suffix;
    }

    public String coordinator() {
        return "coordinator-" + suffix;
    }

    public String head() {
        return "head-" + suffix;
    }

    public String partnerClient() {
        return "partner-" + suffix;
    }

    /** The mission's observations collection: single submissions are posted here, batches to {@code /batch} under it. */
    public String observations() {
        return "/api/v1/missions/" + missionId + "/observations";
    }

    /** Sends the items as one partner batch, with the mission's partner's token. */
    public Response postBatch(List<?> items) {
        return postBatch(partnerToken(), items);
    }

    /** Sends the items as one batch with the caller's token (an observer's, the secretariat's). */
    public Response postBatch(String token, List<?> items) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("items", items))
                .post(observations() + "/batch");
    }

    public UUID station(int number) {
        return stations.get(number - 1);
    }

    public String observerA1Token() {
        return TestTokens.user(observerA1(), "observer");
    }

    public String observerB1Token() {
        return TestTokens.user(observerB1(), "observer");
    }

    public String analystToken() {
        return TestTokens.user(analyst(), "analyst");
    }

    public String partnerToken() {
        return TestTokens.client(partnerClient(), "partner");
    }

    /** A token of the mobile app's client: observations sent with it have source MOBILE. */
    public static String mobileToken(String username, String... roles) {
        return Jwt.issuer(TestTokens.ISSUER).subject("user-" + username).preferredUserName(username)
                .claim("azp", "eom-mobile").claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(3600).jws().keyId("1").sign("privateKey.jwk");
    }
}
