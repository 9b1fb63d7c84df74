package org.eom.observations.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 of canonical content (named fields, sorted by name): equal content, equal hash, whatever the field order a client sent. */
public final class ContentHash {

    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper();

    private ContentHash() {
    }

    /** Values must already be canonical (strings, numbers, JSON trees); nulls are left out. */
    public static String of(Map<String, ?> fields) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (value != null) {
                sorted.put(name, value);
            }
        });
        try {
            byte[] canonical = CANONICAL_JSON.writeValueAsString(sorted).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash content", e);
        }
    }
}
