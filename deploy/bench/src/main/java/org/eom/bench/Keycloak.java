package org.eom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real Keycloak: its admin REST API (bootstrap admin of the master realm) to create the benchmark's people, and
 * the token endpoint of realm eom for their tokens. Tokens are cached and renewed shortly before they expire, so that
 * long runs (a large preload) keep working: with the refresh token, as an app renews its token, and by signing in
 * again only when Keycloak refuses it (a sign-in hashes the password: two to three times a refresh's CPU,
 * docs/performance.md item 63).
 */
final class Keycloak {

    static final String WEB_CLIENT = "eom-web";
    static final String MOBILE_CLIENT = "eom-mobile";
    static final String PARTNER_CLIENT = "partner-demo";
    private static final String PARTNER_SECRET = "partner-demo-secret";

    private final Http http;
    private final String baseUrl;
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> renewing = new ConcurrentHashMap<>();

    /**
     * A token and how to renew it: {@code refreshToken} (null when Keycloak gives none, as for client credentials), or
     * else {@code form}, the grant that signed in, at {@code realm}.
     */
    private record Cached(String token, String refreshToken, Instant refreshAfter, Map<String, String> form, String realm) {
    }

    Keycloak(Http http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** A person of realm eom through the web client's password grant; benchmark users' password is their name. */
    String user(String username, String password) {
        return cached("user:" + username, Map.of("grant_type", "password", "client_id", WEB_CLIENT,
                "username", username, "password", password, "scope", "openid"), "eom");
    }

    String user(String username) {
        return user(username, username);
    }

    /**
     * An observer signing in on the app: the mobile client's password grant with {@code offline_access}, so the phone
     * holds an offline token that outlives the sign-in session (docs/sync-protocol.md). Not cached: each phone is its
     * own device.
     */
    PhoneSession signInPhone(String username) {
        JsonNode body = Http.expect(token(Map.of("grant_type", "password", "client_id", MOBILE_CLIENT,
                "username", username, "password", username, "scope", "openid offline_access"), "eom"),
                "Keycloak signing in the phone of " + username, 200).json();
        return new PhoneSession(body.path("access_token").asText(), body.path("refresh_token").asText());
    }

    /** What a phone keeps after signing in: the access token for now, the offline token for after hours away. */
    record PhoneSession(String accessToken, String offlineToken) {
    }

    /** A phone back after hours exchanging its offline token for an access token: the answer as Keycloak gave it. */
    Http.Response refreshPhone(String offlineToken) {
        return refresh(MOBILE_CLIENT, offlineToken, "eom");
    }

    /** The demo partner system through client credentials. */
    String partner() {
        return cached("client:" + PARTNER_CLIENT, Map.of("grant_type", "client_credentials", "client_id", PARTNER_CLIENT,
                "client_secret", PARTNER_SECRET), "eom");
    }

    /**
     * Creates the user in realm eom with the realm role, unless it exists (a previous run on the same Keycloak).
     * Email and names are set because Keycloak's default user profile refuses the password grant without them.
     */
    void ensureUser(String username, String firstName, String lastName, String role) {
        ObjectNode user = Http.JSON.createObjectNode()
                .put("username", username).put("enabled", true).put("emailVerified", true)
                .put("email", username + "@bench.eom.example").put("firstName", firstName).put("lastName", lastName);
        user.putArray("credentials").addObject().put("type", "password").put("value", username).put("temporary", false);
        Http.Response created = http.post(admin("/users"), adminToken(), user);
        Http.expect(created, "Keycloak creating user " + username, 201, 409);
        String userId;
        if (created.status() == 201) {
            String location = created.header("Location");
            userId = location.substring(location.lastIndexOf('/') + 1);
        } else {
            JsonNode found = Http.expect(http.get(admin("/users?exact=true&username=" + username), adminToken()),
                    "Keycloak finding user " + username, 200).json();
            userId = found.path(0).path("id").asText();
        }
        JsonNode roleRepresentation = Http.expect(http.get(admin("/roles/" + role), adminToken()),
                "Keycloak reading role " + role, 200).json();
        Http.expect(http.post(admin("/users/" + userId + "/role-mappings/realm"), adminToken(), List.of(roleRepresentation)),
                "Keycloak granting " + role + " to " + username, 204);
    }

    private String admin(String path) {
        return baseUrl + "/admin/realms/eom" + path;
    }

    /** Master realm tokens live a minute: the cache refreshes them. */
    private String adminToken() {
        return cached("admin", Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                "password", "admin"), "master");
    }

    private String cached(String key, Map<String, String> form, String realm) {
        Cached hit = tokens.get(key);
        if (hit != null && Instant.now().isBefore(hit.refreshAfter())) {
            return hit.token();
        }
        return renew(key, form, realm, Instant.now()).token();
    }

    /**
     * Renews now every cached token that falls due before {@code instant}, and returns how many. The benchmark's
     * people sign in within seconds of each other at setup, so their tokens would all fall due together, inside the
     * measured load of a long run; a mission's people signed in over hours.
     */
    int renewDueBefore(Instant instant) {
        int renewed = 0;
        for (Map.Entry<String, Cached> entry : tokens.entrySet()) {
            if (entry.getValue().refreshAfter().isBefore(instant)) {
                renew(entry.getKey(), entry.getValue().form(), entry.getValue().realm(), instant);
                renewed++;
            }
        }
        return renewed;
    }

    /**
     * Renews the token unless it is no longer due before {@code dueBefore}: one renewal a key at a time, so that the
     * callers that found it due meanwhile take the token it got.
     */
    private Cached renew(String key, Map<String, String> form, String realm, Instant dueBefore) {
        synchronized (renewing.computeIfAbsent(key, k -> new Object())) {
            Cached hit = tokens.get(key);
            if (hit != null && !hit.refreshAfter().isBefore(dueBefore)) {
                return hit;
            }
            Http.Response answer = null;
            if (hit != null && hit.refreshToken() != null) {
                answer = refresh(form.get("client_id"), hit.refreshToken(), realm);
            }
            if (answer == null || answer.status() != 200) {
                // no refresh token, or its session has ended (idle longer than the realm allows): sign in again
                answer = token(form, realm);
            }
            JsonNode body = Http.expect(answer, "Keycloak token for " + key, 200).json();
            long lifetime = body.path("expires_in").asLong(60);
            Cached fresh = new Cached(body.path("access_token").asText(),
                    body.hasNonNull("refresh_token") ? body.path("refresh_token").asText() : null,
                    Instant.now().plusSeconds(Math.max(5, lifetime * 3 / 4)), form, realm);
            tokens.put(key, fresh);
            return fresh;
        }
    }

    /** The refresh-token grant of a public client (the web app, the phone app, admin-cli). */
    private Http.Response refresh(String clientId, String refreshToken, String realm) {
        return token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken), realm);
    }

    private Http.Response token(Map<String, String> form, String realm) {
        return http.send(Http.request(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
    }
}
