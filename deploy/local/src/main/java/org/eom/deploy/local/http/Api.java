package org.eom.deploy.local.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small HTTP client for the services' JSON APIs (java.net.http): requests with a bearer token, responses that
 * explain themselves when they are not what the caller expected (RFC 9457 problem details included).
 */
public final class Api implements AutoCloseable {

    public static final String PROBLEM_JSON = "application/problem+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Request get(String url) {
        return new Request("GET", url);
    }

    public Request post(String url) {
        return new Request("POST", url);
    }

    public Request put(String url) {
        return new Request("PUT", url);
    }

    public Request delete(String url) {
        return new Request("DELETE", url);
    }

    @Override
    public void close() {
        http.close();
    }

    /** One request being built. */
    public final class Request {
        private final String method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Request(String method, String url) {
            this.method = method;
            this.uri = URI.create(url);
            headers.put("Accept", "application/json, " + PROBLEM_JSON);
        }

        /** Authorization: Bearer token; null sends no Authorization header. */
        public Request token(String token) {
            if (token == null) {
                headers.remove("Authorization");
            } else {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a Jackson tree, a String of JSON, or anything Jackson can write. */
        public Request json(Object value) {
            headers.put("Content-Type", "application/json");
            body = value instanceof String text ? text : Json.write(value);
            return this;
        }

        public Request form(Map<String, String> fields) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            StringBuilder form = new StringBuilder();
            fields.forEach((name, value) -> {
                if (!form.isEmpty()) {
                    form.append('&');
                }
                form.append(encode(name)).append('=').append(encode(value));
            });
            body = form.toString();
            return this;
        }

        public Request body(String contentType, String text) {
            headers.put("Content-Type", contentType);
            body = text;
            return this;
        }

        public Response send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Response(method, uri, response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + uri + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during " + method + " " + uri, e);
            }
        }

        /** Sends and fails with a full explanation unless the status is one of {@code expected}. */
        public Response expect(int... expected) {
            return send().expect(expected);
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** What came back. */
    public record Response(String method, URI uri, int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return Json.parse(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The ETag as sent, quotes included, for If-Match. */
        public String etag() {
            return header("ETag").orElseThrow(() -> new ApiException(this, "no ETag header"));
        }

        public boolean isProblem() {
            return contentType().startsWith(PROBLEM_JSON);
        }

        public Response expect(int... expected) {
            if (Arrays.stream(expected).noneMatch(s -> s == status)) {
                throw new ApiException(this, "expected HTTP " + Arrays.toString(expected));
            }
            return this;
        }

        /** "POST http://…/api/v1/missions → 409 Conflict: Mission … exists with different content" */
        public String describe() {
            String detail = body == null || body.isBlank() ? "(no body)" : Json.abbreviate(body.strip(), 1500);
            if (isProblem() || contentType().startsWith("application/json")) {
                try {
                    JsonNode problem = json();
                    if (problem.hasNonNull("title") || problem.hasNonNull("detail")) {
                        detail = problem.path("title").asText("") + ": " + problem.path("detail").asText("")
                                + (problem.has("errors") ? " " + problem.get("errors") : "");
                    }
                } catch (RuntimeException notJson) {
                    // keep the raw body
                }
            }
            return method + " " + uri + " -> " + status + " " + detail;
        }
    }

    /** A response the caller did not expect. */
    public static final class ApiException extends RuntimeException {
        private final transient Response response;

        public ApiException(Response response, String expectation) {
            super(response.describe() + " (" + expectation + ")");
            this.response = response;
        }

        public Response response() {
            return response;
        }

        public int status() {
            return response.status();
        }
    }
}
