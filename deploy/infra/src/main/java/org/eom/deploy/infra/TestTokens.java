package org.eom.deploy.infra;

import io.smallrye.jwt.build.Jwt;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Signs access tokens shaped like Keycloak's (realm_access.roles, preferred_username, azp) with
 * the key of Quarkus' OIDC WireMock test server, so the services verify them for real and map
 * roles exactly as they do with Keycloak. The end-to-end suite uses real Keycloak tokens instead.
 */
public final class TestTokens {

    /** The issuer the OIDC test server advertises (overridable like the server itself). */
    public static final String ISSUER = System.getProperty("quarkus.test.oidc.token.issuer", "https://server.example.com");

    private static PrivateKey signingKey;

    private TestTokens() {
    }

    /** A person logged in through the web client: {@code preferred_username} is the user name. */
    public static String user(String username, String... realmRoles) {
        return user(username, Duration.ofHours(1), realmRoles);
    }

    /** As {@link #user(String, String...)}, expiring after {@code lifetime}. */
    public static String user(String username, Duration lifetime, String... realmRoles) {
        return Jwt.issuer(ISSUER)
                .subject("user-" + username)
                .preferredUserName(username)
                .claim("azp", "eom-web")
                .claim("name", username)
                .claim("email", username + "@eom.example")
                .claim("realm_access", Map.of("roles", List.of(realmRoles)))
                .expiresIn(lifetime)
                .jws().keyId("1")
                .sign(key());
    }

    /** A system with client credentials: Keycloak names its service account after the client. */
    public static String client(String clientId, String... realmRoles) {
        return Jwt.issuer(ISSUER)
                .subject("client-" + clientId)
                .preferredUserName("service-account-" + clientId)
                .claim("azp", clientId)
                .claim("realm_access", Map.of("roles", List.of(realmRoles)))
                .expiresIn(3600)
                .jws().keyId("1")
                .sign(key());
    }

    private static synchronized PrivateKey key() {
        if (signingKey == null) {
            try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream("privateKey.jwk")) {
                if (in == null) {
                    throw new IllegalStateException("privateKey.jwk not found: add io.quarkus:quarkus-test-oidc-server to the test classpath");
                }
                RsaJsonWebKey jwk = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                signingKey = jwk.getPrivateKey();
            } catch (IOException | org.jose4j.lang.JoseException e) {
                throw new IllegalStateException("cannot read the OIDC test server's signing key", e);
            }
        }
        return signingKey;
    }
}
