package org.eom.bench;

import java.util.Arrays;

/**
 * End-to-end freshness: from a submission's 201 to the first summary that counts it. The summary only says how many
 * observations it counts, so the k-th acceptance (in time order) is taken as counted by the first summary answer
 * with at least k; the mission is new, so its count starts at zero. Polling resolution (the summary rate) bounds
 * the precision: at 10 polls a second, a value is at most 100 ms late.
 */
final class Freshness {

    private long[] accepts = new long[1024];
    private int acceptCount;
    private long[] sampled = new long[1024];
    private int sampledCount;
    private long[] pollTimes = new long[1024];
    private long[] pollCounts = new long[1024];
    private int pollCount;

    /** {@code count} observations stored at {@code nanos}; {@code sample}: a single submission of the measured phase. */
    synchronized void accepted(long nanos, int count, boolean sample) {
        for (int i = 0; i < count; i++) {
            if (acceptCount == accepts.length) {
                accepts = Arrays.copyOf(accepts, acceptCount * 2);
            }
            accepts[acceptCount++] = nanos;
        }
        if (sample) {
            if (sampledCount == sampled.length) {
                sampled = Arrays.copyOf(sampled, sampledCount * 2);
            }
            sampled[sampledCount++] = nanos;
        }
    }

    /** A summary answer that arrived at {@code nanos} counting {@code counted} observations. */
    synchronized void counted(long nanos, long counted) {
        if (pollCount == pollTimes.length) {
            pollTimes = Arrays.copyOf(pollTimes, pollCount * 2);
            pollCounts = Arrays.copyOf(pollCounts, pollCount * 2);
        }
        pollTimes[pollCount] = nanos;
        pollCounts[pollCount++] = counted;
    }

    /** Latencies in ms; {@code unseen}: samples no summary had counted when polling stopped. */
    record Result(long samples, long unseen, double p50, double p95, double p99, double max) {
    }

    synchronized Result result() {
        Counting counting = counting();
        long[] micros = new long[sampledCount];
        int seen = 0;
        for (int s = 0; s < sampledCount; s++) {
            long countedAt = counting.countedAt(sampled[s]);
            if (countedAt >= 0) {
                micros[seen++] = Math.max(0, countedAt - sampled[s]) / 1000;
            }
        }
        long[] sorted = Arrays.copyOf(micros, seen);
        Arrays.sort(sorted);
        return new Result(sampledCount, sampledCount - seen, Recorder.percentile(sorted, 0.50), Recorder.percentile(sorted, 0.95),
                Recorder.percentile(sorted, 0.99), seen == 0 ? Double.NaN : sorted[seen - 1] / 1000.0);
    }

    /** When the first summary answer came that counted every observation accepted at or before {@code nanos}; -1: none. */
    synchronized long countedAt(long nanos) {
        return counting().countedAt(nanos);
    }

    /** The accepts in time order, and the summary answers in arrival order with the highest count seen so far. */
    private Counting counting() {
        long[] acceptTimes = Arrays.copyOf(accepts, acceptCount);
        Arrays.sort(acceptTimes);
        long[][] polls = new long[pollCount][];
        for (int i = 0; i < pollCount; i++) {
            polls[i] = new long[] {pollTimes[i], pollCounts[i]};
        }
        Arrays.sort(polls, (a, b) -> Long.compare(a[0], b[0]));
        long[] times = new long[pollCount];
        long[] highest = new long[pollCount];
        for (int i = 0; i < pollCount; i++) {
            times[i] = polls[i][0];
            // Counts never go back: a later answer with a lower count is one that was computed earlier.
            highest[i] = Math.max(polls[i][1], i == 0 ? 0 : highest[i - 1]);
        }
        return new Counting(acceptTimes, times, highest);
    }

    private record Counting(long[] acceptTimes, long[] pollTimes, long[] highest) {

        long countedAt(long nanos) {
            int poll = firstAtLeast(highest, upperBound(acceptTimes, nanos));
            return poll < 0 ? -1 : pollTimes[poll];
        }
    }

    /** How many accepts happened at or before {@code time}: the rank of the last of equals, the pessimistic one. */
    private static long upperBound(long[] sorted, long time) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int firstAtLeast(long[] ascending, long value) {
        int low = 0;
        int high = ascending.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ascending[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low < ascending.length ? low : -1;
    }
}
