package org.eom.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ceiling a submission is up against: how many single-row inserts a second the stack's own PostgreSQL commits
 * (autocommit, so one commit and one WAL flush each, as one submission's transaction needs at least) at the load's
 * concurrency, with a row the size of a stored observation. Runs in a scratch database that it creates and drops.
 */
final class PgCeiling {

    record Result(int concurrency, int rowBytes, long commits, double commitsPerSecond, double p50, double p99) {
    }

    static Result measure(Options options, int concurrency, Duration duration, String rowJson) throws SQLException {
        String database = "eom_bench_ceiling_" + ProcessHandle.current().pid();
        try (Connection admin = options.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
            try {
                return run(options, database, concurrency, duration, rowJson);
            } finally {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    private static Result run(Options options, String database, int concurrency, Duration duration, String rowJson)
            throws SQLException {
        try (Connection setup = options.connect(database);
             Statement statement = setup.createStatement()) {
            // Like the observation table: a uuid key, a few indexed columns, the document in jsonb.
            statement.execute("""
                    create table scratch_observation (
                        id uuid primary key, mission_id uuid not null, received_at timestamptz not null default now(),
                        document jsonb not null)""");
            statement.execute("create index on scratch_observation (mission_id, received_at)");
        }
        UUID mission = UUID.randomUUID();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                connections.add(options.connect(database));
            }
            // A short warm-up, then the measured window.
            insertFor(connections, Duration.ofSeconds(2), mission, rowJson);
            long start = System.nanoTime();
            long[][] latencies = insertFor(connections, duration, mission, rowJson);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).filter(l -> l > 0).sorted().toArray();
            return new Result(concurrency, rowJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, all.length,
                    all.length / seconds, Recorder.percentile(all, 0.5), Recorder.percentile(all, 0.99));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** Every connection inserts as fast as it commits until the time is up; latencies in µs per connection. */
    private static long[][] insertFor(List<Connection> connections, Duration duration, UUID mission, String rowJson) {
        long deadline = System.nanoTime() + duration.toNanos();
        long[][] latencies = new long[connections.size()][];
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                try (PreparedStatement insert = connections.get(n).prepareStatement(
                        "insert into scratch_observation (id, mission_id, document) values (?, ?, ?::jsonb)")) {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        insert.setObject(1, UUID.randomUUID());
                        insert.setObject(2, mission);
                        insert.setString(3, rowJson);
                        insert.executeUpdate();
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, count * 2);
                        }
                        mine[count++] = Math.max(1, (System.nanoTime() - t0) / 1000);
                    }
                } catch (SQLException e) {
                    failed.set(true);
                    System.err.println("ceiling: " + e.getMessage());
                }
                latencies[n] = Arrays.copyOf(mine, count);
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failed.get()) {
            throw new IllegalStateException("PostgreSQL refused the ceiling's inserts (see above)");
        }
        return latencies;
    }
}
