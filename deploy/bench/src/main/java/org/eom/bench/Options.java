package org.eom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The benchmark's parameters, from {@code --name=value} arguments; the stack's ports default to those of the run
 * command and follow the same EOM_*_PORT variables.
 */
record Options(
        Duration duration, Duration warmup, double rate, double replayShare,
        double batchRate, int batchSize, double summaryRate, double drilldownRate, double syncRate, Duration exportInterval,
        int observers, int phones, int floodPhones, int floodBacklog, Duration floodSpread, int analysts, int stations,
        int connections,
        long preload, int preloadConcurrency, Duration drainTimeout,
        Duration ceilingDuration, int ceilingConcurrency, boolean readiness,
        String missionsUrl, String observationsUrl, String reportsUrl, String keycloakUrl,
        String postgresHost, int postgresPort, String postgresUser, String postgresPassword, int kafkaPort,
        Path projectDir, Path output, long seed) {

    static final String USAGE = """
            java -jar deploy/bench/target/eom-bench.jar [--name=value ...]   (docs/performance.md)

            Load (open loop: requests start on schedule whether or not earlier ones have answered)
              --duration=PT2M          measured load after the warm-up
              --warmup=PT10S           same load before, not measured (JIT, pools)
              --rate=1000              single submissions per second (delegates, each with their own token)
              --replay-share=0.01      share of them that re-send an accepted observation (expects 200, counts once)
              --batch-rate=0.2         partner batches per second (partner-demo, client credentials)
              --batch-size=500         observations per batch (at most 1000)
              --summary-rate=10        analysts' summary reads per second (also the freshness probe)
              --drilldown-rate=2       analysts' drill-down reads per second (links of the latest summary)
              --sync-rate=2            observers' phones syncing per second (each from its own cursor, every page)
              --phones=25              observers whose phones sync (at most --observers); each first syncs every station before the load
              --export-interval=PT60S  a CSV export every so often, one at a time (PT0S: none)
              --flood-phones=0         phones offline for hours that come back together halfway through the load (a
                                       region's network returning): each uploads its backlog as one batch, then catches
                                       up; the last observers', apart from --phones, each first synced before the load
              --flood-backlog=10       forms each of them holds (at most 1000)
              --flood-spread=PT10S     the window over which they come back, one after another
              --connections=64         requests in flight for single submissions at most (the connection pool)
            Data
              --observers=200 --analysts=4
              --stations=50000         polling stations (a national network; few visits per station and phase)
              --preload=0              observations bulk-loaded by partner batches before the load (e.g. 1000000)
              --preload-concurrency=2  batches in flight while preloading
              --drain-timeout=PT2M     how long to wait for reports-service to count everything
            Ceiling and readiness
              --ceiling-duration=PT10S --ceiling-concurrency=<connections>
              --readiness=true         start each packaged service once more to time its readiness and RSS at rest
            Stack (defaults: the run command's ports, EOM_*_PORT variables honoured)
              --missions=http://127.0.0.1:8081 --observations=http://127.0.0.1:8082 --reports=http://127.0.0.1:8083
              --keycloak=http://127.0.0.1:8180 --postgres=127.0.0.1:5432 --pg-user=postgres --pg-password=postgres
              --kafka-port=9092 --project-dir=<the build's>
            Output
              --output=<jar's folder>/bench-<timestamp>.json   --seed=<random>
            """;

    static Options parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new UsageException("Not an option: " + arg);
            }
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Set<String> known = Set.of("duration", "warmup", "rate", "replay-share", "batch-rate", "batch-size", "summary-rate",
                "drilldown-rate", "sync-rate", "export-interval", "observers", "phones", "flood-phones", "flood-backlog",
                "flood-spread", "analysts", "stations", "connections", "preload",
                "preload-concurrency", "drain-timeout", "ceiling-duration", "ceiling-concurrency", "readiness", "missions",
                "observations", "reports", "keycloak", "postgres", "pg-user", "pg-password", "kafka-port", "project-dir",
                "output", "seed");
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new UsageException("Unknown option --" + name);
            }
        }
        Reader r = new Reader(given);
        int connections = r.integer("connections", 64);
        int observers = r.integer("observers", 200);
        String postgres = r.text("postgres", "127.0.0.1:" + port(env, "EOM_POSTGRES_PORT", 5432));
        int colon = postgres.lastIndexOf(':');
        Options options = new Options(
                r.duration("duration", Duration.ofMinutes(2)), r.duration("warmup", Duration.ofSeconds(10)),
                r.decimal("rate", 1000), r.decimal("replay-share", 0.01),
                r.decimal("batch-rate", 0.2), r.integer("batch-size", 500),
                r.decimal("summary-rate", 10), r.decimal("drilldown-rate", 2), r.decimal("sync-rate", 2),
                r.duration("export-interval", Duration.ofSeconds(60)),
                observers, r.integer("phones", Math.min(25, observers)), r.integer("flood-phones", 0), r.integer("flood-backlog", 10),
                r.duration("flood-spread", Duration.ofSeconds(10)), r.integer("analysts", 4), r.integer("stations", 50_000), connections,
                r.integer("preload", 0), r.integer("preload-concurrency", 2), r.duration("drain-timeout", Duration.ofMinutes(2)),
                r.duration("ceiling-duration", Duration.ofSeconds(10)), r.integer("ceiling-concurrency", connections),
                Boolean.parseBoolean(r.text("readiness", "true")),
                r.text("missions", "http://127.0.0.1:" + port(env, "EOM_MISSIONS_PORT", 8081)),
                r.text("observations", "http://127.0.0.1:" + port(env, "EOM_OBSERVATIONS_PORT", 8082)),
                r.text("reports", "http://127.0.0.1:" + port(env, "EOM_REPORTS_PORT", 8083)),
                r.text("keycloak", "http://127.0.0.1:" + port(env, "EOM_KEYCLOAK_PORT", 8180)),
                postgres.substring(0, colon), Integer.parseInt(postgres.substring(colon + 1)),
                r.text("pg-user", "postgres"), r.text("pg-password", "postgres"),
                r.integer("kafka-port", port(env, "EOM_KAFKA_PORT", 9092)),
                Path.of(r.text("project-dir", defaultProjectDir(env))).toAbsolutePath().normalize(),
                Path.of(r.text("output", defaultOutput())).toAbsolutePath().normalize(),
                Long.parseLong(r.text("seed", Long.toString(System.nanoTime()))));
        options.check();
        return options;
    }

    private void check() {
        if (batchSize < 1 || batchSize > 1000) {
            throw new UsageException("--batch-size must be 1..1000 (the API's limit)");
        }
        if (replayShare < 0 || replayShare >= 1) {
            throw new UsageException("--replay-share must be in [0, 1)");
        }
        if (observers < 1 || analysts < 1 || stations < 1 || connections < 1 || preloadConcurrency < 1 || ceilingConcurrency < 1) {
            throw new UsageException("--observers, --analysts, --stations and the concurrencies must be at least 1");
        }
        if (phones < 1 || phones > observers) {
            throw new UsageException("--phones must be 1..--observers (" + observers + ")");
        }
        if (floodPhones < 0 || floodPhones > observers - phones) {
            throw new UsageException("--flood-phones must be 0..--observers minus --phones (" + (observers - phones)
                    + "): a phone offline for hours is not one that syncs during the load");
        }
        if (floodBacklog < 1 || floodBacklog > 1000) {
            throw new UsageException("--flood-backlog must be 1..1000 (one batch, the API's limit)");
        }
        if (floodSpread.isNegative()) {
            throw new UsageException("--flood-spread must not be negative");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("--duration must be positive");
        }
    }

    String keycloakIssuer() {
        return keycloakUrl + "/realms/eom";
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    /** A connection to one of the stack's PostgreSQL databases, with the run's credentials. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), postgresUser, postgresPassword);
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /** EOM_PROJECT_DIR, else the directory the build recorded (like the run command). */
    private static String defaultProjectDir(Map<String, String> env) {
        String explicit = env.get("EOM_PROJECT_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        try (InputStream in = Options.class.getResourceAsStream("/eom-bench.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String dir = properties.getProperty("project.dir", "");
            return dir.isBlank() || dir.contains("${") ? "." : dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Beside the jar (deploy/bench/target), so that runs collect where the benchmark was built. */
    private static String defaultOutput() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path dir = Path.of("target");
        try {
            Path jar = Path.of(Options.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.toString().endsWith(".jar")) {
                dir = jar.getParent();
            }
        } catch (Exception e) {
            // Not from a jar (an IDE): target/ of the working directory.
        }
        return dir.resolve("bench-" + stamp + ".json").toString();
    }

    /** Wrong arguments: print the usage. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    private record Reader(Map<String, String> given) {
        String text(String name, String fallback) {
            return given.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            String value = given.get(name);
            try {
                return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number, not " + value);
            }
        }

        double decimal(String name, double fallback) {
            String value = given.get(name);
            try {
                return value == null ? fallback : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, not " + value);
            }
        }

        Duration duration(String name, Duration fallback) {
            String value = given.get(name);
            try {
                return value == null ? fallback : Duration.parse(value);
            } catch (RuntimeException e) {
                throw new UsageException("--" + name + " must be an ISO-8601 duration such as PT3M, not " + value);
            }
        }
    }
}
