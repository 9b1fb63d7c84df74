package org.eom.deploy.local.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from Keycloak's token endpoint: the password grant for people (the development clients allow
 * it), client credentials for partner and CEC systems. Tokens are reused until shortly before they expire.
 */
public final class KeycloakTokens {

    private final Api api;
    private final String tokenEndpoint;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, Instant refreshAfter) {
    }

    /** @param issuer e.g. http://127.0.0.1:8180/realms/eom */
    public KeycloakTokens(Api api, String issuer) {
        this.api = api;
        this.tokenEndpoint = issuer + "/protocol/openid-connect/token";
    }

    /** The password grant through a public client such as eom-web. */
    public String password(String clientId, String username, String password) {
        return cached("password|" + clientId + "|" + username, () -> Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password,
                "scope", "openid"));
    }

    /**
     * A phone's sign-in through a client allowed {@code offline_access} (eom-mobile): the offline token the app keeps
     * for when it returns after hours out of coverage. Never cached: each sign-in is its own session.
     */
    public String offlineToken(String clientId, String username, String password) {
        return granted("offline sign-in of " + username, Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", "openid offline_access")).path("refresh_token").asText();
    }

    /** The access token that a refresh or offline token gives now. */
    public String refreshed(String clientId, String refreshToken) {
        return granted("refresh through " + clientId, Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken)).path("access_token").asText();
    }

    /** The client credentials grant of a confidential client such as partner-demo. */
    public String clientCredentials(String clientId, String secret) {
        return cached("client|" + clientId, () -> Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private String cached(String key, java.util.function.Supplier<Map<String, String>> form) {
        Cached hit = cache.get(key);
        if (hit != null && Instant.now().isBefore(hit.refreshAfter())) {
            return hit.token();
        }
        JsonNode body = granted(key.substring(0, key.lastIndexOf('|') + 1) + "…", form.get());
        String token = body.path("access_token").asText();
        long lifetime = body.path("expires_in").asLong(60);
        cache.put(key, new Cached(token, Instant.now().plusSeconds(Math.max(5, lifetime - 30))));
        return token;
    }

    private JsonNode granted(String what, Map<String, String> form) {
        Api.Response response = api.post(tokenEndpoint).form(form).send();
        if (response.status() != 200) {
            throw new IllegalStateException("Keycloak refused a token (" + what + "): " + response.describe());
        }
        return response.json();
    }
}
