package org.eom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * java.net.http over HTTP/1.1 (what phones and partner systems speak). The client keeps idle connections for reuse;
 * the callers bound how many requests are in flight, which bounds the connections. Answers are handled on the client's
 * selector thread (a direct executor): handing each one to another thread only adds a wake-up, and the bodies are
 * small strings or, for an export, buffers queued for the reading thread. A transport failure is an
 * answer with status {@link #IO_ERROR} or {@link #TIMEOUT}, so that the load counts it instead of dying.
 */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int IO_ERROR = -1;
    static final int TIMEOUT = -2;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Runnable::run)
            .build();
    private final Duration timeout;

    Http(Duration timeout) {
        this.timeout = timeout;
    }

    record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + abbreviated(), e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        String abbreviated() {
            String text = body == null ? "" : body.strip();
            return text.length() <= 600 ? text : text.substring(0, 600) + "…";
        }
    }

    static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    static HttpRequest.BodyPublisher json(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(value instanceof String s ? s : JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    Response get(String url, String token) {
        return send(request(url, token).GET());
    }

    Response post(String url, String token, Object body) {
        return send(request(url, token).header("Content-Type", "application/json").POST(json(body)));
    }

    Response send(HttpRequest.Builder request) {
        return send(request, timeout);
    }

    Response send(HttpRequest.Builder request, Duration requestTimeout) {
        try {
            HttpResponse<String> response = client.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (HttpTimeoutException e) {
            return new Response(TIMEOUT, e.toString(), Map.of());
        } catch (IOException e) {
            return new Response(IO_ERROR, e.toString(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(IO_ERROR, "interrupted", Map.of());
        }
    }

    /** Streams a large body (an export) through {@code reader} without holding it; the status comes first. */
    <T> T stream(String url, String token, Duration streamTimeout, StreamReader<T> reader) {
        try {
            HttpResponse<InputStream> response = client.send(request(url, token).timeout(streamTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return reader.read(response.statusCode(), body);
            }
        } catch (HttpTimeoutException e) {
            return reader.failed(TIMEOUT, e);
        } catch (IOException e) {
            return reader.failed(IO_ERROR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reader.failed(IO_ERROR, e);
        }
    }

    interface StreamReader<T> {
        T read(int status, InputStream body) throws IOException;

        T failed(int status, Exception cause);
    }

    /** Fails with the answer unless its status is one of {@code expected}; for the setup, where nothing may go wrong. */
    static Response expect(Response response, String what, int... expected) {
        for (int status : expected) {
            if (response.status() == status) {
                return response;
            }
        }
        throw new IllegalStateException(what + " answered " + describe(response.status()) + ": " + response.abbreviated());
    }

    static String describe(int status) {
        return switch (status) {
            case IO_ERROR -> "io-error";
            case TIMEOUT -> "timeout";
            default -> Integer.toString(status);
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
