package org.eom.observations;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eom.deploy.infra.TestTokens;
import org.eom.platform.security.VerifiedTokens;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    @Test
    void aRememberedIdentityHoldsNothingOfTheRequestItCameWith() {
        TestMission m = feed.mission(2);
        String token = m.observerA1Token();
        for (int i = 0; i < 2; i++) { // verified by quarkus-oidc, then answered from memory
            assertThat(missionsOf(token)).containsExactly(m.missionId().toString());
        }
        SecurityIdentity identity = remembered(token);
        assertThat(identity.getRoles()).containsExactly("observer");
        // a request kept here would keep its body, parsed, for as long as the token is remembered
        assertThat(reachableInstancesOf(identity, RoutingContext.class)).isEmpty();
    }

    /** What the provider answers for the token, asked the way quarkus-oidc's mechanism asks. */
    private SecurityIdentity remembered(String token) {
        return verifiedTokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().indefinitely();
    }

    /** The objects of a type that can be reached from {@code root} through fields, collections, maps and arrays. */
    private static List<Object> reachableInstancesOf(Object root, Class<?> type) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> pending = new ArrayList<>(List.of(root)); // a stack that takes nulls, unlike an ArrayDeque
        List<Object> found = new ArrayList<>();
        while (!pending.isEmpty()) {
            Object object = pending.removeLast();
            if (object == null || object instanceof Class<?> || !seen.add(object)) {
                continue;
            }
            if (type.isInstance(object)) {
                found.add(object);
            }
            if (object instanceof Map<?, ?> map) {
                map.forEach((key, value) -> { pending.add(key); pending.add(value); });
            } else if (object instanceof Collection<?> collection) {
                collection.forEach(pending::add);
            } else if (object instanceof Object[] array) {
                Collections.addAll(pending, array);
            } else if (!object.getClass().getName().startsWith("java.")) { // the JDK's own classes are closed to reflection
                for (Class<?> c = object.getClass(); c != null; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive() && field.trySetAccessible()) {
                            try {
                                pending.add(field.get(object));
                            } catch (IllegalAccessException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> missionsOf(String token) {
        return given().auth().oauth2(token).get("/api/v1/sync").then().statusCode(200).extract().jsonPath().getList("missions.id");
    }
}
