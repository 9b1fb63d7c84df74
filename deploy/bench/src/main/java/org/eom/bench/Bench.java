package org.eom.bench;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark: {@code java -jar deploy/bench/target/eom-bench.jar [options]} against the stack that the run command
 * ({@code java -jar deploy/local/target/eom-local.jar}) started. Sets up a mission through the real APIs, optionally
 * preloads it, drives an election day, waits until reports-service has counted everything, checks that every
 * accepted observation is counted exactly once, measures the PostgreSQL ceiling and each service's readiness, and
 * prints one table (and writes it as JSON). Exit status: 0, 1 when the correctness check fails, 2 when the run could
 * not be made. docs/performance.md has the latest results.
 */
public final class Bench {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int STATEMENTS_SHOWN = 15;
    /** Beyond the load's end, for its grace and the drain: no token falls due while the load is measured. */
    private static final Duration RENEWAL_MARGIN = Duration.ofMinutes(2);

    private final Options options;

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("eom-bench: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        int status;
        try {
            status = new Bench(options).run();
        } catch (RuntimeException e) {
            System.err.println("eom-bench: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private int run() {
        String startedAt = Instant.now().toString();
        say("Benchmark against missions " + options.missionsUrl() + ", observations " + options.observationsUrl() + ", reports "
                + options.reportsUrl() + ", Keycloak " + options.keycloakUrl() + ", PostgreSQL " + options.postgresHost() + ":"
                + options.postgresPort());
        try (Http http = new Http(REQUEST_TIMEOUT)) {
            Keycloak keycloak = new Keycloak(http, options.keycloakUrl());
            long setupStart = System.nanoTime();
            Setup.Mission mission = new Setup(options, http, keycloak, Bench::say).run();
            double setupSeconds = seconds(setupStart);
            say(String.format("Mission %s ready in %.0f s", mission.missionId(), setupSeconds));

            Ledger ledger = new Ledger(options.seed());
            Freshness freshness = new Freshness();
            Observations observations = new Observations(mission.templates(), mission.stations(), mission.observers(),
                    mission.electionDay(), ledger, options.seed());
            try (ProcessStats processes = ProcessStats.watch(ports())) {
                for (ProcessStats.Component c : processes.components()) {
                    if (c.pid() < 0) {
                        say("No process found for " + c.name() + ": its CPU and memory are not measured");
                    }
                }
                LoadPlan plan = new LoadPlan(options, http, keycloak, mission, observations, ledger, freshness, processes);
                Report.Preload preload = options.preload() > 0 ? preload(plan, ledger) : null;
                plan.setUpPhones(Bench::say);
                int renewed = keycloak.renewDueBefore(Instant.now().plus(options.warmup()).plus(options.duration()).plus(RENEWAL_MARGIN));
                if (renewed > 0) {
                    say("Tokens renewed that would fall due during the load: " + renewed);
                }

                if (!options.warmup().isZero()) {
                    say("Warm-up for " + options.warmup() + " …");
                    plan.run(options.warmup(), new Recorder(), false);
                }
                say("Election day for " + options.duration() + " …");
                Recorder recorder = new Recorder();
                PgStatements statements = PgStatements.start(options);
                long loadStart = System.nanoTime();
                plan.run(options.duration(), recorder, true);
                long loadEnd = System.nanoTime();
                List<PgStatements.Entry> statementProfile = statements == null ? List.of() : statements.top(STATEMENTS_SHOWN);
                List<Recorder.Stats> operations = recorder.stats(loadStart, options.duration());
                List<ProcessStats.Usage> usage = processes.usage(loadStart, loadEnd);

                say("Waiting for reports-service to count all " + ledger.acceptedCount() + " accepted observations …");
                long counted = drain(plan, ledger.acceptedCount());
                double drainSeconds = seconds(loadEnd);
                Freshness.Result fresh = freshness.result();
                Report.Flood flood = plan.flood() == null ? null : Report.Flood.of(plan.flood(), freshness);

                Verified verified = verify(plan, ledger, processes, counted);
                Correctness correctness = verified.correctness();

                PgCeiling.Result ceiling = ceiling(http, keycloak, mission, ledger);
                double submissions = Report.submissionsPerSecond(operations);
                List<Readiness.Result> readiness = List.of();
                if (options.readiness()) {
                    say("Timing each service's readiness (a second instance on a scratch database) …");
                    readiness = Readiness.measure(options, options.output().getParent());
                }

                Map<String, Object> setup = new LinkedHashMap<>();
                setup.put("electionId", mission.electionId());
                setup.put("missionId", mission.missionId());
                setup.put("stations", mission.stations().size());
                setup.put("observers", mission.observers().size());
                setup.put("analysts", mission.analysts().size());
                setup.put("seconds", setupSeconds);
                Report report = new Report(startedAt, Report.machineFacts(), Report.parametersOf(options), setup, preload, operations,
                        fresh, drainSeconds, flood, usage, statementProfile, plan.exports(), verified.export(), ceiling,
                        ceiling == null ? Double.NaN : submissions / ceiling.commitsPerSecond(), readiness, correctness,
                        correctness.ok(), Report.targets(options, operations, fresh, preload, plan.exports(), verified.export(),
                        correctness.summaryTotal(), readiness));
                System.out.print(report.table());
                report.write(options.output());
                say("Written " + options.output());
                return correctness.ok() ? 0 : 1;
            }
        }
    }

    private record Verified(Correctness correctness, LoadPlan.ExportRun export) {
    }

    /**
     * Exports the mission and matches it against the ledger; the export is timed (at rest, after the load) and
     * observations-service's memory watched meanwhile.
     */
    private Verified verify(LoadPlan plan, Ledger ledger, ProcessStats processes, long counted) {
        say("Checking every accepted observation is counted once (summary and a full export) …");
        long start = System.nanoTime();
        double memoryBefore = processes.memoryNowMb("observations-service");
        Correctness.Tally tally = new Correctness.Tally(ledger);
        LoadPlan.ExportResult export = plan.export(tally::add);
        long end = System.nanoTime();
        if (export.rows() > counted) {
            // Stored although the answer was lost (timeouts): wait until the summary counts those too.
            counted = drain(plan, export.rows());
        }
        return new Verified(tally.result(counted, export), new LoadPlan.ExportRun((end - start) / 1e9, export.rows(),
                export.bytes(), memoryBefore, processes.memoryPeakMb("observations-service", start, end)));
    }

    /** Bulk-loads the mission, then waits until reports-service counts it all, so the load starts from a settled state. */
    private Report.Preload preload(LoadPlan plan, Ledger ledger) {
        say(String.format("Preloading %,d observations through partner batches …", options.preload()));
        long start = System.nanoTime();
        long stored = plan.preload(options.preload(), new Recorder(), Bench::say);
        double seconds = seconds(start);
        say(String.format("Preloaded %,d in %.0f s (%.0f/s); waiting for reports-service to count them …", stored, seconds,
                stored / seconds));
        drain(plan, ledger.acceptedCount());
        return new Report.Preload(stored, seconds, stored / seconds, seconds(start));
    }

    /**
     * Polls the summary until it counts {@code target} observations; gives up when the count has not moved for
     * --drain-timeout. Returns the last count.
     */
    private long drain(LoadPlan plan, long target) {
        long counted = -1;
        long movedAt = System.nanoTime();
        long reportedAt = System.nanoTime();
        while (true) {
            long now = plan.countedNow();
            if (now != counted) {
                counted = now;
                movedAt = System.nanoTime();
            }
            if (counted >= target) {
                return counted;
            }
            if (System.nanoTime() - movedAt > options.drainTimeout().toNanos()) {
                say("reports-service counts " + counted + " of " + target + " and has not moved for " + options.drainTimeout());
                return counted;
            }
            if (System.nanoTime() - reportedAt > 10_000_000_000L) {
                say(String.format("  counted %,d of %,d", counted, target));
                reportedAt = System.nanoTime();
            }
            sleep(200);
        }
    }

    /** PostgreSQL's commit rate for one row the size of a stored observation (one accepted single, as the API shows it). */
    private PgCeiling.Result ceiling(Http http, Keycloak keycloak, Setup.Mission mission, Ledger ledger) {
        if (options.ceilingDuration().isZero()) {
            return null;
        }
        long seq = ledger.recentSingle(0);
        UUID id = seq < 0 ? null : ledger.id(seq);
        Http.Response stored = id == null ? null : http.get(options.observationsUrl() + "/api/v1/missions/" + mission.missionId()
                + "/observations/" + id, keycloak.user(mission.analysts().getFirst()));
        if (stored == null || stored.status() != 200) {
            say("No stored observation to size the ceiling's row by: ceiling skipped");
            return null;
        }
        say("PostgreSQL ceiling: " + options.ceilingConcurrency() + " connections inserting " + stored.body().length()
                + "-byte rows for " + options.ceilingDuration() + " …");
        try {
            return PgCeiling.measure(options, options.ceilingConcurrency(), options.ceilingDuration(), stored.body());
        } catch (SQLException e) {
            say("PostgreSQL ceiling failed: " + e.getMessage());
            return null;
        }
    }

    private Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("missions-service", port(options.missionsUrl()));
        ports.put("observations-service", port(options.observationsUrl()));
        ports.put("reports-service", port(options.reportsUrl()));
        ports.put("postgresql", options.postgresPort());
        ports.put("kafka", options.kafkaPort());
        ports.put("keycloak", port(options.keycloakUrl()));
        return ports;
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void say(String line) {
        System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
    }
}
