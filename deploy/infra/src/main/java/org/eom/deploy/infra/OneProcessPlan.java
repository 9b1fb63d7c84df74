package org.eom.deploy.infra;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a service's connections run each statement in one PostgreSQL process (ADR 0029). With parallel query on,
 * PostgreSQL gives a statement it estimates as large two more processes, started for that one execution: on a machine
 * whose cores the services keep busy, starting them took longer than the statement itself.
 */
public final class OneProcessPlan {

    private OneProcessPlan() {
    }

    /** Fails unless a connection of this pool scans a table of 400,000 rows without parallel workers. */
    public static void assertNoParallelWorkers(DataSource pool) throws SQLException {
        String plan;
        try (Connection connection = pool.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // about 14 MB, over min_parallel_table_scan_size (8 MB); a temporary table is never scanned in parallel
                statement.execute("create table parallel_probe as select g from generate_series(1, 400000) g");
                statement.execute("analyze parallel_probe");
                plan = QueryPlan.of(connection, "select count(*) from parallel_probe");
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
        if (plan.contains("Gather") || plan.contains("Parallel")) {
            throw new AssertionError("this pool's connections plan parallel workers:\n" + plan);
        }
    }
}
