package org.eom.deploy.infra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL's plan for a statement: for the tests that show which plan a statement gets. */
public final class QueryPlan {

    private QueryPlan() {
    }

    /** EXPLAIN's text for {@code sql} on this connection, with its settings and its session's prepared statements. */
    public static String of(Connection connection, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement explain = connection.createStatement(); ResultSet lines = explain.executeQuery("explain " + sql)) {
            while (lines.next()) {
                plan.append(lines.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
