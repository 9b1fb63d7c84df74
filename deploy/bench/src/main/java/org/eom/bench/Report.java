package org.eom.bench;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run: printed as one table, written as JSON with the same figures so that runs can be compared.
 * Targets are reported against, never asserted: "not exercised" where the run's parameters did not test one.
 */
record Report(String startedAt, Map<String, Object> machine, Map<String, Object> parameters, Map<String, Object> setup,
              Preload preload, List<Recorder.Stats> operations, Freshness.Result freshness, double drainSeconds, Flood flood,
              List<ProcessStats.Usage> processes, List<PgStatements.Entry> postgresStatements, List<LoadPlan.ExportRun> exports, LoadPlan.ExportRun finalExport,
              PgCeiling.Result ceiling, double submissionsToCeiling, List<Readiness.Result> readiness,
              Correctness correctness, boolean correct, List<Target> targets) {

    /** The bulk load before the run: stored observations, time, and how long reports-service took to count them. */
    record Preload(long observations, double seconds, double perSecond, double countedAfterSeconds) {
    }

    /**
     * Phones back online together (--flood-phones): what they stored, and seconds from the first one's return until
     * every upload was answered, every catch-up ended, and the summary counted everything accepted until the last
     * upload's answer (NaN: no summary did).
     */
    record Flood(int phones, int backlog, double spreadSeconds, long stored, long busyAnswers, double uploadsAnsweredSeconds,
                 double catchUpsEndedSeconds, double countedSeconds) {

        static Flood of(LoadPlan.FloodRun run, Freshness freshness) {
            // Not before the last answer, as freshness counts from the 201: a phone knows its forms are in from then.
            long counted = freshness.countedAt(run.lastUploadAnswered());
            counted = counted < 0 ? counted : Math.max(counted, run.lastUploadAnswered());
            return new Flood(run.phones(), run.backlog(), run.spread().toMillis() / 1000.0, run.stored(), run.busyAnswers(),
                    (run.lastUploadAnswered() - run.firstBack()) / 1e9, (run.lastCatchUpEnded() - run.firstBack()) / 1e9,
                    counted < 0 ? Double.NaN : (counted - run.firstBack()) / 1e9);
        }
    }

    record Target(String target, String measured, String verdict) {
    }

    static final String MET = "met";
    static final String MISSED = "MISSED";
    static final String NOT_EXERCISED = "not exercised";

    static Map<String, Object> machineFacts() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", procLine("/proc/cpuinfo", "model name").replaceFirst(".*:\\s*", ""));
        machine.put("memoryGiB", Math.round(Double.parseDouble(procLine("/proc/meminfo", "MemTotal").replaceAll("\\D", ""))
                / 1048576.0 * 10) / 10.0);
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    static Map<String, Object> parametersOf(Options o) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("duration", o.duration().toString());
        p.put("warmup", o.warmup().toString());
        p.put("rate", o.rate());
        p.put("replayShare", o.replayShare());
        p.put("batchRate", o.batchRate());
        p.put("batchSize", o.batchSize());
        p.put("summaryRate", o.summaryRate());
        p.put("drilldownRate", o.drilldownRate());
        p.put("syncRate", o.syncRate());
        p.put("exportInterval", o.exportInterval().toString());
        p.put("connections", o.connections());
        p.put("observers", o.observers());
        p.put("phones", o.phones());
        p.put("floodPhones", o.floodPhones());
        p.put("floodBacklog", o.floodBacklog());
        p.put("floodSpread", o.floodSpread().toString());
        p.put("analysts", o.analysts());
        p.put("stations", o.stations());
        p.put("preload", o.preload());
        p.put("preloadConcurrency", o.preloadConcurrency());
        p.put("ceilingDuration", o.ceilingDuration().toString());
        p.put("ceilingConcurrency", o.ceilingConcurrency());
        p.put("seed", o.seed());
        return p;
    }

    /** Single submissions per second that the services stored or recognised as replays. */
    static double submissionsPerSecond(List<Recorder.Stats> operations) {
        return operations.stream().filter(s -> s.operation().equals(LoadPlan.SUBMIT) || s.operation().equals(LoadPlan.REPLAY))
                .mapToDouble(Recorder.Stats::okPerSecond).sum();
    }

    static List<Target> targets(Options o, List<Recorder.Stats> operations, Freshness.Result freshness, Preload preload,
                                List<LoadPlan.ExportRun> exports, LoadPlan.ExportRun finalExport, long observationsAtEnd,
                                List<Readiness.Result> readiness) {
        List<Target> targets = new ArrayList<>();
        Recorder.Stats submit = find(operations, LoadPlan.SUBMIT);
        Recorder.Stats replay = find(operations, LoadPlan.REPLAY);
        double singles = submissionsPerSecond(operations);
        long errors = submit.errorCount() + replay.errorCount();
        double p99 = Math.max(submit.p99(), replay.count() == 0 ? 0 : replay.p99());
        boolean full = o.rate() >= 1000 && o.duration().compareTo(Duration.ofMinutes(3)) >= 0;
        boolean singlesOk = singles >= 990 && p99 < 100 && errors == 0;
        targets.add(new Target("single submissions >= 1,000/s for 3 min, p99 < 100 ms, no errors",
                f("%.0f/s offered %.0f/s for %s, p99 %.0f ms, %d errors", singles, o.rate(), human(o.duration()), p99, errors),
                full ? (singlesOk ? MET : MISSED) : (singlesOk || o.rate() < 1000 && p99 < 100 && errors == 0 ? NOT_EXERCISED : MISSED)));

        Recorder.Stats batch = find(operations, LoadPlan.BATCH);
        if (preload != null) {
            targets.add(new Target("partner batches >= 10,000 observations/s",
                    f("%.0f/s (preload: %,d in batches of 1,000, %d in flight)", preload.perSecond(), preload.observations(),
                            o.preloadConcurrency()), preload.perSecond() >= 10_000 ? MET : MISSED));
        } else {
            targets.add(new Target("partner batches >= 10,000 observations/s",
                    f("%.0f/s stored of %.0f/s offered, batch p99 %.0f ms (--preload measures capacity)", batch.itemsPerSecond(),
                            o.batchRate() * o.batchSize(), batch.p99()),
                    o.batchRate() * o.batchSize() >= 10_000 ? (batch.itemsPerSecond() >= 10_000 ? MET : MISSED) : NOT_EXERCISED));
        }

        boolean fresh = freshness.p99() < 2000 && freshness.unseen() == 0;
        targets.add(new Target("freshness p99 < 2 s at 500 submissions/s",
                f("p99 %.0f ms at %.0f/s (%d of %d never counted)", freshness.p99(), o.rate(), freshness.unseen(), freshness.samples()),
                o.rate() >= 500 ? (fresh ? MET : MISSED) : (fresh ? NOT_EXERCISED : MISSED)));

        Recorder.Stats summary = find(operations, LoadPlan.SUMMARY);
        boolean summaryOk = summary.p99() < 100;
        targets.add(new Target("summary p99 < 100 ms with 1,000,000 observations",
                f("p99 %.0f ms with %,d observations", summary.p99(), observationsAtEnd),
                observationsAtEnd >= 1_000_000 ? (summaryOk ? MET : MISSED) : (summaryOk ? NOT_EXERCISED : MISSED)));

        List<LoadPlan.ExportRun> all = new ArrayList<>(exports);
        if (finalExport != null) {
            all.add(finalExport);
        }
        LoadPlan.ExportRun largest = all.stream().max((a, b) -> Long.compare(a.rows(), b.rows())).orElse(null);
        if (largest == null) {
            targets.add(new Target("CSV export < 30 s, memory flat", "no export ran", NOT_EXERCISED));
        } else {
            double growth = largest.serviceMemoryPeakMb() - largest.serviceMemoryBeforeMb();
            boolean exportOk = largest.seconds() < 30 && growth < 100;
            targets.add(new Target("CSV export < 30 s, memory flat",
                    f("%.1f s for %,d rows (%.0f MB), observations-service %.0f → peak %.0f MB (flat: < +100 MB)",
                            largest.seconds(), largest.rows(), largest.bytes() / 1048576.0, largest.serviceMemoryBeforeMb(),
                            largest.serviceMemoryPeakMb()),
                    largest.rows() >= 1_000_000 ? (exportOk ? MET : MISSED) : (exportOk ? NOT_EXERCISED : MISSED)));
        }

        if (readiness.isEmpty()) {
            targets.add(new Target("each service ready < 3 s, < 300 MB RSS at rest", "--readiness=false", NOT_EXERCISED));
        } else {
            StringBuilder measured = new StringBuilder();
            boolean ok = true;
            for (Readiness.Result r : readiness) {
                measured.append(measured.isEmpty() ? "" : "; ").append(r.failure() != null ? r.service() + " failed: " + r.failure()
                        : f("%s %.1f s, %.0f MB", r.service(), r.readySeconds(), r.rssAtRestMb()));
                ok &= r.failure() == null && r.readySeconds() < 3 && r.rssAtRestMb() < 300;
            }
            targets.add(new Target("each service ready < 3 s, < 300 MB RSS at rest", measured.toString(), ok ? MET : MISSED));
        }
        return targets;
    }

    private static Recorder.Stats find(List<Recorder.Stats> operations, String name) {
        return operations.stream().filter(s -> s.operation().equals(name)).findFirst()
                .orElse(new Recorder.Stats(name, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of()));
    }

    /** The one table. */
    String table() {
        String rule = "─".repeat(118) + "\n";
        StringBuilder t = new StringBuilder();
        t.append(rule);
        t.append(f("EOM benchmark %s  ·  %s cores %s, %s GiB, %s%n", startedAt, machine.get("cpus"), machine.get("cpuModel"),
                machine.get("memoryGiB"), machine.get("jdk")));
        t.append(f("load %s after %s warm-up: %s submissions/s (%s%% replays), %s batch/s × %s, %s summaries/s, %s drill-downs/s, "
                        + "%s phone syncs/s, export every %s%n", parameters.get("duration"), parameters.get("warmup"), num(parameters.get("rate")),
                num(100 * (double) parameters.get("replayShare")), num(parameters.get("batchRate")), parameters.get("batchSize"),
                num(parameters.get("summaryRate")), num(parameters.get("drilldownRate")), num(parameters.get("syncRate")),
                parameters.get("exportInterval")));
        t.append(f("mission %s: %s stations, %s observers, %s analysts; setup %.0f s%s%n", setup.get("missionId"),
                setup.get("stations"), setup.get("observers"), setup.get("analysts"), (double) setup.get("seconds"),
                preload == null ? "" : f("; preload %,d at %.0f/s, all counted after %.0f s", preload.observations(),
                        preload.perSecond(), preload.countedAfterSeconds())));
        t.append(rule);
        t.append(f("%-28s %9s %9s %9s %9s %9s %9s %9s  %s%n", "operation", "count", "ok/s", "items/s", "p50 ms", "p95 ms",
                "p99 ms", "max ms", "errors"));
        for (Recorder.Stats s : operations) {
            t.append(f("%-28s %9d %9.1f %9s %9.1f %9.1f %9.1f %9.1f  %s%n", s.operation(), s.count(), s.okPerSecond(),
                    s.items() == 0 ? "" : f("%.0f", s.itemsPerSecond()), s.p50(), s.p95(), s.p99(), s.max(),
                    s.errors().isEmpty() ? "none" : s.errors().toString()));
        }
        t.append(f("%-28s %9d %9s %9s %9.1f %9.1f %9.1f %9.1f  %s%n", "freshness 201 → summary", freshness.samples(), "", "",
                freshness.p50(), freshness.p95(), freshness.p99(), freshness.max(),
                (freshness.unseen() == 0 ? "all counted" : freshness.unseen() + " never counted")
                        + (correctness.storedWithoutAnswer() == 0 ? "" : "; approximate: " + correctness.storedWithoutAnswer()
                        + " stored without an answer moved the counts"))
                + f("%-28s %9s %9s %9s %9s %9s %9s %9s  reports-service caught up %.1f s after the load%n", "", "", "", "", "", "", "",
                "", drainSeconds));
        if (flood != null) {
            t.append(f("flood: %d phones back over %.0f s, %d forms each: %,d stored (%,d answers 503, sent again after Retry-After); "
                            + "every upload answered %.1f s after the first came back, every catch-up ended after %.1f s, the summary "
                            + "counted them all after %.1f s%n", flood.phones(), flood.spreadSeconds(), flood.backlog(), flood.stored(),
                    flood.busyAnswers(), flood.uploadsAnsweredSeconds(), flood.catchUpsEndedSeconds(), flood.countedSeconds()));
        }
        if (ceiling != null) {
            t.append(f("%-28s %9d %9.0f %9s %9.1f %9s %9.1f %9s  %d connections, %d-byte jsonb rows; submissions/ceiling = %.3f%n",
                    "PostgreSQL ceiling (commits)", ceiling.commits(), ceiling.commitsPerSecond(), "", ceiling.p50(), "",
                    ceiling.p99(), "", ceiling.concurrency(), ceiling.rowBytes(), submissionsToCeiling));
        }
        t.append(rule);
        t.append(f("%-28s %9s %9s %12s %12s %12s%n", "process (load window)", "pid", "cpu s", "cpu %", "MB at start", "MB peak"));
        for (ProcessStats.Usage u : processes) {
            t.append(f("%-28s %9s %9s %12s %12s %12s%n", u.name(), u.pid() < 0 ? "" : Long.toString(u.pid()),
                    orBlank("%.1f", u.cpuSeconds()), orBlank("%.0f", u.cpuPercent()), orBlank("%.0f", u.memoryStartMb()),
                    orBlank("%.0f", u.memoryPeakMb())));
        }
        t.append(f("%-28s (cpu %% of one core; memory: RSS, PostgreSQL: PSS summed over its processes, read every 5 s)%n", ""));
        if (!postgresStatements.isEmpty()) {
            double total = postgresStatements.stream().mapToDouble(PgStatements.Entry::totalMs).sum();
            t.append(rule);
            t.append(f("%-13s %9s %8s %6s %8s %9s  %s%n", "PostgreSQL", "calls", "total s", "share", "mean ms", "rows/call",
                    "statement (load window, by execution time; share of the statements shown)"));
            for (PgStatements.Entry e : postgresStatements) {
                t.append(f("%-13s %9d %8.1f %5.1f%% %8.2f %9.1f  %s%n", e.database(), e.calls(), e.totalMs() / 1000,
                        100 * e.totalMs() / total, e.meanMs(), (double) e.rows() / Math.max(1, e.calls()),
                        e.query().length() > 70 ? e.query().substring(0, 69) + "…" : e.query()));
            }
        }
        if (!readiness.isEmpty()) {
            t.append(rule);
            t.append(f("%-28s %9s %9s %12s  %s%n", "readiness (restart)", "ready s", "logged s", "RSS at rest", "AOT cache"));
            for (Readiness.Result r : readiness) {
                t.append(r.failure() != null ? f("%-28s failed: %s%n", r.service(), r.failure())
                        : f("%-28s %9.2f %9.2f %9.0f MB  %s%n", r.service(), r.readySeconds(), r.quarkusStartedSeconds(),
                                r.rssAtRestMb(), r.aotCache() ? "yes" : "none recorded yet"));
            }
        }
        t.append(rule);
        t.append("correctness: ").append(correctness.describe()).append('\n');
        t.append(rule);
        for (Target target : targets) {
            t.append(f("%-14s %-62s %s%n", target.verdict(), target.target(), target.measured()));
        }
        t.append(rule);
        return t.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Http.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String num(Object value) {
        double d = ((Number) value).doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String orBlank(String format, double value) {
        return Double.isNaN(value) ? "" : f(format, value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
