package org.eom.bench;

import org.eom.deploy.local.ServiceJvmOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast each packaged service is ready and how much memory it holds at rest: starts its jar the way the run
 * command does (same JVM options, and its AOT cache {@code target/quarkus-app/app.aot} when the run command has
 * recorded one), against a scratch database and consumer groups of its own that start at the end
 * of the topics, so the stack under test is not disturbed. The first start migrates the scratch database; the
 * second, timed from process start to the first 200 of /q/health/ready, is a restart as in production.
 */
final class Readiness {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration AT_REST = Duration.ofSeconds(5);
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    /** A service and the Kafka channels it consumes (their groups are replaced). */
    enum Service {
        MISSIONS("missions-service", "observations-in"),
        OBSERVATIONS("observations-service", "missions-in"),
        REPORTS("reports-service", "missions-in", "observations-in");

        final String module;
        final List<String> channels;

        Service(String module, String... channels) {
            this.module = module;
            this.channels = List.of(channels);
        }
    }

    /** {@code quarkusStartedSeconds}: what the service logs as "started in", for comparison; NaN if absent. */
    record Result(String service, boolean aotCache, double readySeconds, double quarkusStartedSeconds, double rssAtRestMb,
                  String failure) {
    }

    static List<Result> measure(Options options, Path logDir) {
        List<Result> results = new ArrayList<>();
        for (Service service : Service.values()) {
            results.add(measure(options, service, logDir));
        }
        return results;
    }

    private static Result measure(Options options, Service service, Path logDir) {
        Path jar = options.projectDir().resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            return new Result(service.module, false, Double.NaN, Double.NaN, Double.NaN, "not built: " + jar);
        }
        String database = "eom_bench_ready_" + service.name().toLowerCase();
        try {
            sql(options, "drop database if exists " + database + " with (force)");
            sql(options, "create database " + database);
            Path log = logDir.resolve("bench-readiness-" + service.module + ".log");
            Started migrating = start(options, service, jar, database, log);
            try {
                migrating.awaitReady();
            } finally {
                migrating.kill();
            }
            Started restarted = start(options, service, jar, database, log);
            try {
                double ready = restarted.awaitReady();
                Thread.sleep(AT_REST.toMillis());
                return new Result(service.module, aotCache(jar).isPresent(), ready, restarted.loggedStartSeconds(),
                        restarted.rssMb(), null);
            } finally {
                restarted.kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(service.module, false, Double.NaN, Double.NaN, Double.NaN, "interrupted");
        } catch (IOException | SQLException | RuntimeException e) {
            return new Result(service.module, false, Double.NaN, Double.NaN, Double.NaN, e.getMessage());
        } finally {
            try {
                sql(options, "drop database if exists " + database + " with (force)");
            } catch (SQLException e) {
                System.err.println("Could not drop the scratch database " + database + ": " + e.getMessage());
            }
        }
    }

    private record Started(Process process, long startNanos, int port, Path log) {

        /** Seconds from process start to the first 200 of the readiness check. */
        double awaitReady() throws InterruptedException {
            try (Http http = new Http(Duration.ofSeconds(2))) {
                long deadline = startNanos + READY_TIMEOUT.toNanos();
                while (http.get("http://127.0.0.1:" + port + "/q/health/ready", null).status() != 200) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("not ready (" + (process.isAlive() ? "timeout" : "exited") + "); see " + log);
                    }
                    Thread.sleep(20);
                }
                return (System.nanoTime() - startNanos) / 1e9;
            }
        }

        double rssMb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
            return Double.NaN;
        }

        double loggedStartSeconds() throws IOException {
            Matcher started = STARTED_IN.matcher(Files.readString(log));
            double logged = Double.NaN;
            while (started.find()) {
                logged = Double.parseDouble(started.group(1));
            }
            return logged;
        }

        /**
         * Not a graceful stop: a scratch instance has nothing to keep, and stopping spent 2 to 3 s closing its Kafka
         * consumers, six times a run (item 47).
         */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Started start(Options options, Service service, Path jar, String database, Path log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ServiceJvmOptions.from(System.getenv()));
        aotCache(jar).ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", options.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", options.postgresUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", options.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + options.kafkaPort());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", options.keycloakIssuer());
        for (String channel : service.channels) {
            String prefix = "MP_MESSAGING_INCOMING_" + channel.toUpperCase().replace('-', '_') + "_";
            // a group of its own per start: a killed instance's members stay in their group until their session ends
            env.put(prefix + "GROUP_ID", "eom-bench-readiness-" + ProcessHandle.current().pid() + "-" + database + "-" + port);
            env.put(prefix + "AUTO_OFFSET_RESET", "latest");
        }
        builder.environment().putAll(env);
        long startNanos = System.nanoTime();
        return new Started(builder.start(), startNanos, port, log);
    }

    /**
     * The cache the run command records on a build's first start (deploy/local AotCache), on JDK 25+ like it; the JVM
     * ignores a stale one.
     */
    private static java.util.Optional<Path> aotCache(Path jar) {
        Path cache = jar.resolveSibling("app.aot");
        return Runtime.version().feature() >= 25 && Files.isRegularFile(cache) ? java.util.Optional.of(cache)
                : java.util.Optional.empty();
    }

    private static void sql(Options options, String statement) throws SQLException {
        try (Connection c = options.connect("postgres");
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
