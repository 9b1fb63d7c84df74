package org.eom.deploy.infra;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL's plan for a statement: for the tests that show which plan a statement gets. */
public final class QueryPlan {

    private static final Pattern PREPARE = Pattern.compile("^prepare (\\w+)", Pattern.CASE_INSENSITIVE);

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

    /**
     * EXPLAIN's text for {@code sql} on a connection of this pool (so with the pool's settings) after {@code setUp}'s
     * statements, in a transaction that is rolled back: the tables and rows made to plan it are gone, and the
     * connection goes back to the pool as it came.
     */
    public static String inRolledBackTransaction(DataSource pool, List<String> setUp, String sql) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            List<String> prepared = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                try {
                    for (String step : setUp) {
                        statement.execute(step);
                        Matcher prepare = PREPARE.matcher(step.strip());
                        if (prepare.find()) {
                            prepared.add(prepare.group(1).toLowerCase(Locale.ROOT));
                        }
                    }
                    return of(connection, sql);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(autoCommit);
                    // a statement prepared in SQL outlives its transaction: the pool's connection must not keep it
                    for (String name : prepared) {
                        statement.execute("deallocate " + name);
                    }
                }
            }
        }
    }
}
