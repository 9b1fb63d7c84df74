package org.eom.deploy.local;

import org.eom.deploy.infra.ProcessTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One packaged service ({@code java -jar target/quarkus-app/quarkus-run.jar}) running as a child process of this
 * JVM, on the same java launcher, with its output in a log file. The one place that launches, waits for and stops
 * services: the run command and the end-to-end tests both use it.
 */
public final class ServiceProcess implements AutoCloseable {

    /** About 5 s each on an idle machine; -Deom.service.start-timeout=seconds (or EOM_SERVICE_START_TIMEOUT) changes it. */
    public static final Duration READY_TIMEOUT = timeout("eom.service.start-timeout", Duration.ofSeconds(300));
    /** Long enough for a JVM that records its AOT cache to write it on the way out (tens of seconds on a busy machine). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(120);

    private final Service service;
    private final Process process;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final Path log;

    private ServiceProcess(Service service, Process process, Path jar, int port, Map<String, String> env,
                           List<String> jvmOptions, Path log) {
        this.service = service;
        this.process = process;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.jvmOptions = jvmOptions;
        this.log = log;
    }

    /**
     * Starts the service; does not wait for it ({@link #awaitReady}).
     *
     * @param env        added to this JVM's environment (Quarkus reads QUARKUS_HTTP_PORT and the like)
     * @param jvmOptions options before -jar
     * @param log        the service's console output, replaced on every start
     */
    public static ServiceProcess start(Service service, Path jar, int port, Map<String, String> env,
                                       List<String> jvmOptions, Path log) {
        return launch(service, jar, port, Map.copyOf(env), List.copyOf(jvmOptions), log, false);
    }

    /**
     * The same service again, on the same port with the same settings, its output appended to the same log; does not
     * wait for it ({@link #awaitReady}). For a restart after {@link #kill()}.
     */
    public ServiceProcess startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException(service.module() + " is still running (pid " + process.pid() + ")");
        }
        return launch(service, jar, port, env, jvmOptions, log, true);
    }

    private static ServiceProcess launch(Service service, Path jar, int port, Map<String, String> env,
                                         List<String> jvmOptions, Path log, boolean appendLog) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(service.module() + " is not packaged: " + jar + " is missing");
        }
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, appendLog ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                            : new OpenOption[0]);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(service, builder.start(), jar, port, env, jvmOptions, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.module(), e);
        }
    }

    /** A timeout in seconds from a system property, else the variable of the same name (EOM_..._TIMEOUT), else the default. */
    public static Duration timeout(String property, Duration defaultTimeout) {
        String value = System.getProperty(property,
                System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')));
        if (value == null || value.isBlank()) {
            return defaultTimeout;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number of seconds, not '" + value + "'", e);
        }
    }

    /** The java launcher of this JVM, so that the services run on the same JDK. */
    public static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 (database and Kafka up).
     *
     * @param cancelled checked while waiting; true stops waiting with an exception
     */
    public void awaitReady(Duration timeout, BooleanSupplier cancelled) {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = URI.create(baseUrl() + "/q/health/ready");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build();
            String lastAnswer = "no answer";
            while (true) {
                if (cancelled.getAsBoolean()) {
                    throw new IllegalStateException("Stopped while waiting for " + service.module());
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.module() + " exited with code " + process.exitValue()
                            + "; last lines of " + log + ":\n" + tail(40));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(service.module() + " not ready after " + timeout.toSeconds() + " s ("
                            + lastAnswer + "); last lines of " + log + ":\n" + tail(40));
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastAnswer = "health " + response.statusCode() + ": " + response.body().replaceAll("\\s+", " ");
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + service.module(), e);
        }
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    /** http://127.0.0.1:port */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The code the service's JVM ended with (3 after -XX:+ExitOnOutOfMemoryError, 137 after SIGKILL); only once it ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ")";
        }
    }

    /** SIGKILL to the service and its descendants, as a crash would: no shutdown hook, no graceful end of requests. */
    public void kill() {
        ProcessTree.kill(process);
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after the grace period; waits until it is gone. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
