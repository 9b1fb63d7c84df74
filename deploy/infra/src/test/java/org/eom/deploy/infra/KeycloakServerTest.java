package org.eom.deploy.infra;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the real Keycloak with the project's realm file and checks what its tokens carry. */
class KeycloakServerTest {

    private static KeycloakServer keycloak;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        long started = System.nanoTime();
        keycloak = KeycloakServer.start(0, Path.of(System.getProperty("eom.realm.file")),
                Path.of(System.getProperty("eom.keycloak.dir")));
        port = keycloak.port();
        System.out.printf("Keycloak started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        long started = System.nanoTime();
        keycloak.close();
        System.out.printf("Keycloak stopped in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertTrue(Ports.isFree(port), "port " + port + " still in use");
        assertTrue(Ports.isFree(keycloak.managementPort()), "management port still in use");
    }

    @Test
    void passwordGrantForAUserCarriesTheRealmRole() throws Exception {
        JsonObject claims = token(Map.of(
                "grant_type", "password", "client_id", "eom-web",
                "username", "coordinator", "password", "coordinator"));
        assertEquals(keycloak.issuer(), claims.getString("iss"));
        assertEquals("coordinator", claims.getString("preferred_username"));
        assertEquals("eom-web", claims.getString("azp"));
        assertTrue(realmRoles(claims).contains("coordinator"), "roles: " + realmRoles(claims));
    }

    @Test
    void clientCredentialsForAPartnerCarryThePartnerRole() throws Exception {
        JsonObject claims = token(Map.of(
                "grant_type", "client_credentials", "client_id", "partner-demo",
                "client_secret", "partner-demo-secret"));
        assertEquals("service-account-partner-demo", claims.getString("preferred_username"));
        assertEquals("partner-demo", claims.getString("azp"));
        assertTrue(realmRoles(claims).contains("partner"), "roles: " + realmRoles(claims));
    }

    @Test
    void passwordGrantThroughTheMobileClient() throws Exception {
        JsonObject claims = token(Map.of(
                "grant_type", "password", "client_id", "eom-mobile",
                "username", "observer1", "password", "observer1"));
        assertEquals("observer1", claims.getString("preferred_username"));
        assertEquals("eom-mobile", claims.getString("azp"));
        assertTrue(realmRoles(claims).contains("observer"), "roles: " + realmRoles(claims));
    }

    @Test
    void aPhoneSignsInWithAnOfflineTokenThatGivesAccessTokensLater() throws Exception {
        JsonObject signIn = tokenResponse(Map.of(
                "grant_type", "password", "client_id", "eom-mobile",
                "username", "observer1", "password", "observer1", "scope", "openid offline_access"));
        String offlineToken = signIn.getString("refresh_token");
        JsonObject offline = claims(offlineToken);
        assertEquals("Offline", offline.getString("typ"));
        // Bounded by the realm's offline session limits (idle 14 days, at most 60), not endless: a lost phone's runs out.
        assertTrue(offline.containsKey("exp"), "an offline token without an end: " + offline);
        long lifetime = offline.getJsonNumber("exp").longValue() - offline.getJsonNumber("iat").longValue();
        assertTrue(lifetime > 0 && lifetime <= 60L * 24 * 3600, "offline token lifetime " + lifetime + " s");

        JsonObject refreshed = claims(tokenResponse(Map.of(
                "grant_type", "refresh_token", "client_id", "eom-mobile", "refresh_token", offlineToken))
                .getString("access_token"));
        assertEquals("observer1", refreshed.getString("preferred_username"));
        assertEquals("eom-mobile", refreshed.getString("azp"));
        assertTrue(realmRoles(refreshed).contains("observer"), "roles: " + realmRoles(refreshed));
    }

    @Test
    void theWebClientIsRefusedAnOfflineToken() throws Exception {
        HttpResponse<String> response = post(Map.of(
                "grant_type", "password", "client_id", "eom-web",
                "username", "observer1", "password", "observer1", "scope", "openid offline_access"));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_scope", json(response.body()).getString("error"));
    }

    @Test
    void theOtherPartnerIsADifferentPartner() throws Exception {
        JsonObject claims = token(Map.of(
                "grant_type", "client_credentials", "client_id", "partner-other",
                "client_secret", "partner-other-secret"));
        assertEquals("partner-other", claims.getString("azp"));
        assertTrue(realmRoles(claims).contains("partner"), "roles: " + realmRoles(claims));
    }

    @Test
    void clientCredentialsForTheCommissionCarryTheCecRole() throws Exception {
        JsonObject claims = token(Map.of(
                "grant_type", "client_credentials", "client_id", "cec-demo", "client_secret", "cec-demo-secret"));
        assertTrue(realmRoles(claims).contains("cec"), "roles: " + realmRoles(claims));
    }

    /** The claims of the access token the token endpoint gives for {@code form}. */
    private static JsonObject token(Map<String, String> form) throws Exception {
        return claims(tokenResponse(form).getString("access_token"));
    }

    private static JsonObject tokenResponse(Map<String, String> form) throws Exception {
        HttpResponse<String> response = post(form);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    private static HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject claims(String jwt) {
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static List<String> realmRoles(JsonObject claims) {
        return claims.getJsonObject("realm_access").getJsonArray("roles")
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
