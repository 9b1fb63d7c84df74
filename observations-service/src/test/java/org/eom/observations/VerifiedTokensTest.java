package org.eom.observations;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eom.deploy.infra.TestTokens;
import org.eom.platform.security.VerifiedTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A bearer token verified once is answered from memory (ADR 0021), as its own person, and only while it is valid. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    MissionFeed feed;

    @Inject
    VerifiedTokens verifiedTokens;

    @Test
    void aVerifiedTokenIsRememberedAsItsOwnPerson() {
        TestMission m = feed.mission(2);
        TestMission other = feed.mission(2);
        String token = m.observerA1Token();
        String otherToken = other.observerA1Token();
        assertThat(remembered(token)).isNull();

        for (int i = 0; i < 3; i++) { // interleaved: each answer is the caller's own, the first verified or not
            assertThat(missionsOf(token)).containsExactly(m.missionId().toString());
            assertThat(missionsOf(otherToken)).containsExactly(other.missionId().toString());
        }
        SecurityIdentity identity = remembered(token);
        assertThat(identity).isNotNull();
        assertThat(((JsonWebToken) identity.getPrincipal()).<String>getClaim("preferred_username")).isEqualTo(m.observerA1());
        assertThat(identity.getRoles()).containsExactly("observer");
        assertThat(((JsonWebToken) remembered(otherToken).getPrincipal()).<String>getClaim("preferred_username"))
                .isEqualTo(other.observerA1());
    }

    @Test
    void anExpiredTokenIsRefusedThoughItWasVerified() {
        TestMission m = feed.mission(2);
        String token = TestTokens.user(m.observerA1(), Duration.ofSeconds(2), "observer");
        assertThat(missionsOf(token)).containsExactly(m.missionId().toString());
        assertThat(remembered(token)).isNotNull();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> remembered(token) == null);
        given().auth().oauth2(token).get("/api/v1/sync").then().statusCode(401);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        TestMission m = feed.mission(2);
        String valid = m.observerA1Token();
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(forged).get("/api/v1/sync").then().statusCode(401);
        }
        assertThat(remembered(forged)).isNull();
    }

    /** What the provider answers for the token, asked the way quarkus-oidc's mechanism asks. */
    private SecurityIdentity remembered(String token) {
        return verifiedTokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().indefinitely();
    }

    private static List<String> missionsOf(String token) {
        return given().auth().oauth2(token).get("/api/v1/sync").then().statusCode(200).extract().jsonPath().getList("missions.id");
    }
}
