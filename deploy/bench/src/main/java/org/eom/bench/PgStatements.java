package org.eom.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where PostgreSQL's time went during the load, statement by statement: pg_stat_statements (loaded by the run
 * command's server), emptied when the load starts and read when it ends. Its times are the server's execution
 * times, waits included, not CPU; they rank the statements, and the processes' CPU says what the server cost.
 * A server without the module gives no profile, and the run goes on.
 */
final class PgStatements {

    /** One normalised statement over the load: its database, calls, execution time, rows, buffers and WAL. */
    record Entry(String database, long calls, double totalMs, double meanMs, long rows, long blocksHit, long blocksRead,
                 long walBytes, String query) {
    }

    private static final String DATABASE = "postgres";

    private final Options options;

    private PgStatements(Options options) {
        this.options = options;
    }

    /** Empties the statistics so that what is read later is the load's; null when the server has no pg_stat_statements. */
    static PgStatements start(Options options) {
        try (Connection connection = options.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            statement.execute("select pg_stat_statements_reset()");
            return new PgStatements(options);
        } catch (SQLException e) {
            Bench.say("No statement profile of PostgreSQL (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    /** The statements that took most of the server's time since {@link #start}, longest first. */
    List<Entry> top(int limit) {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = options.connect(DATABASE); PreparedStatement select = connection.prepareStatement("""
                select d.datname, s.calls, s.total_exec_time, s.mean_exec_time, s.rows, s.shared_blks_hit,
                       s.shared_blks_read, s.wal_bytes, s.query
                  from pg_stat_statements s join pg_database d on d.oid = s.dbid
                 where d.datname <> ?
                 order by s.total_exec_time desc
                 limit ?""")) {
            // The benchmark's own look-ups in this database are not the services' work.
            select.setString(1, DATABASE);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4),
                            rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getBigDecimal(8).longValue(),
                            rows.getString(9).replaceAll("\\s+", " ").strip()));
                }
            }
        } catch (SQLException e) {
            Bench.say("PostgreSQL's statement profile could not be read: " + e.getMessage());
        }
        return entries;
    }
}
