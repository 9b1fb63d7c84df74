package org.eom.deploy.infra;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

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
        String plan = QueryPlan.inRolledBackTransaction(pool, List.of(
                // about 14 MB, over min_parallel_table_scan_size (8 MB); a temporary table is never scanned in parallel
                "create table parallel_probe as select g from generate_series(1, 400000) g",
                "analyze parallel_probe"), "select count(*) from parallel_probe");
        if (plan.contains("Gather") || plan.contains("Parallel")) {
            throw new AssertionError("this pool's connections plan parallel workers:\n" + plan);
        }
    }
}
