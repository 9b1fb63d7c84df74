package org.eom.deploy.infra;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * How a connection gets a mission's first page planned when the mission arrived after the table's last statistics:
 * every new mission's election day on a database that keeps its past missions (ADR 0025). Planned for the new
 * mission's value, PostgreSQL believes it has a row or so, reads all of it by the mission's index and sorts it; planned
 * for any mission, it walks the index in page order and stops at the page's end.
 */
public final class NewMissionPlan {

    private NewMissionPlan() {
    }

    /**
     * Fails unless a connection of this pool plans a new mission's first page as any mission's: down the index in page
     * order, with no sort. With PostgreSQL's default plan choice, it reads the mission by its index and sorts it.
     */
    public static void assertPlannedLikeAnyOther(DataSource pool) throws SQLException {
        String plan = QueryPlan.inRolledBackTransaction(pool, List.of(
                "create temporary table mission_rows (mission_id uuid not null, position int not null) on commit drop",
                "create index on mission_rows (mission_id)",
                "create index on mission_rows (position)",
                "insert into mission_rows select '00000000-0000-0000-0000-00000000000a', g from generate_series(1, 20000) g",
                "analyze mission_rows",
                "insert into mission_rows select '00000000-0000-0000-0000-00000000000b', g from generate_series(1, 20000) g",
                // prepared in SQL, the statement goes through PostgreSQL's plan cache, as the driver's prepared statements do
                "prepare new_mission_page(uuid) as select * from mission_rows where mission_id = $1 order by position limit 50"),
                "execute new_mission_page('00000000-0000-0000-0000-00000000000b')");
        if (!plan.contains("Index Scan using mission_rows_position_idx") || plan.contains("Sort")) {
            throw new AssertionError("a new mission's page is planned for its value, not for any mission:\n" + plan);
        }
    }
}
