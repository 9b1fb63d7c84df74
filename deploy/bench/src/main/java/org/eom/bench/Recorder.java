package org.eom.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each operation came to in one phase of the run: every latency (kept exactly: a few hundred thousand longs,
 * so percentiles need no histogram approximation), successes, observations carried, and errors by status.
 * Latency runs from the moment the request was scheduled, not sent, so a queue in front of a slow service shows.
 */
final class Recorder {

    private final Map<String, Op> ops = new LinkedHashMap<>();

    synchronized Op op(String name) {
        return ops.computeIfAbsent(name, Op::new);
    }

    /**
     * Rates are per second of the window, or of the time until the operation's last answer when a backlog made it
     * answer later than the window's end: a service that falls behind does not get credit for the offered rate.
     */
    synchronized List<Stats> stats(long startNanos, Duration window) {
        List<Stats> stats = new ArrayList<>();
        ops.values().forEach(op -> stats.add(op.stats(startNanos, window)));
        return stats;
    }

    /** One operation's figures; latencies in milliseconds, rates per second of the window. */
    record Stats(String operation, long count, long ok, long items, double okPerSecond, double itemsPerSecond,
                 double p50, double p95, double p99, double max, Map<String, Long> errors) {

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final class Op {
        private final String name;
        private long[] micros = new long[1024];
        private int count;
        private long ok;
        private long items;
        private final Map<String, Long> errors = new TreeMap<>();
        private long lastAnswer;

        private Op(String name) {
            this.name = name;
        }

        synchronized void ok(long nanos, long carried) {
            add(nanos);
            ok++;
            items += carried;
        }

        synchronized void error(String status, long nanos) {
            add(nanos);
            errors.merge(status, 1L, Long::sum);
        }

        /** An error with no latency of its own: a request never sent, or one item of a batch. */
        synchronized void dropped(String reason) {
            errors.merge(reason, 1L, Long::sum);
        }

        String name() {
            return name;
        }

        private void add(long nanos) {
            lastAnswer = Math.max(lastAnswer, System.nanoTime());
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = nanos / 1000;
        }

        synchronized Stats stats(long startNanos, Duration window) {
            long[] sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            double seconds = Math.max(window.toNanos(), lastAnswer - startNanos) / 1e9;
            return new Stats(name, count, ok, items, ok / seconds, items / seconds, percentile(sorted, 0.50),
                    percentile(sorted, 0.95), percentile(sorted, 0.99), count == 0 ? Double.NaN : sorted[count - 1] / 1000.0,
                    new TreeMap<>(errors));
        }
    }

    /** Nearest rank, in milliseconds; NaN when nothing was recorded. */
    static double percentile(long[] sortedMicros, double quantile) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sortedMicros.length);
        return sortedMicros[Math.max(0, rank - 1)] / 1000.0;
    }
}
