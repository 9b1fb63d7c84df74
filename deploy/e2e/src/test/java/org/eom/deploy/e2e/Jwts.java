package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eom.deploy.local.http.Json;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/** Tokens an attacker could make from a real one: none of them may get past a service. */
final class Jwts {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Jwts() {
    }

    static JsonNode header(String jwt) {
        return Json.parse(new String(DECODER.decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    static JsonNode payload(String jwt) {
        return Json.parse(new String(DECODER.decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** The payload with the admin role added, under the original header and signature. */
    static String tamperedPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(withAdminRole(payload(jwt))) + "." + parts[2];
    }

    /** A well-formed RS256 token with the real key id and the admin role, signed by a key Keycloak never had. */
    static String signedByAnotherKey(String jwt) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            String signingInput = encode(header(jwt)) + "." + encode(withAdminRole(payload(jwt)));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature: the classic. */
    static String unsigned(String jwt) {
        ObjectNode header = Json.object().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + encode(withAdminRole(payload(jwt))) + ".";
    }

    private static JsonNode withAdminRole(JsonNode payload) {
        ObjectNode copy = payload.deepCopy();
        ObjectNode realmAccess = copy.has("realm_access") ? (ObjectNode) copy.get("realm_access") : copy.putObject("realm_access");
        ArrayNode roles = realmAccess.has("roles") ? (ArrayNode) realmAccess.get("roles") : realmAccess.putArray("roles");
        roles.add("admin");
        return copy;
    }

    private static String encode(JsonNode json) {
        return ENCODER.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
