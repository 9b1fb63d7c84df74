package org.eom.observations.domain;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code insert ... on conflict do nothing} for records whose id the client chose. The primary key,
 * not a check before the insert, decides which of several parallel identical uploads creates the
 * record: PostgreSQL makes the others wait for the first to commit and then inserts nothing.
 */
public final class InsertIfAbsent {

    private final String table;
    private final Map<String, Object> values = new LinkedHashMap<>();
    /** The SQL type of each JSON column's parameter, which JDBC sends as text. */
    private final Map<String, String> jsonTypes = new HashMap<>();

    private InsertIfAbsent(String table) {
        this.table = table;
    }

    public static InsertIfAbsent into(String table) {
        return new InsertIfAbsent(table);
    }

    /** A column value; enums are stored by name. */
    public InsertIfAbsent set(String column, Object value) {
        values.put(column, value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    /** A json column (stored as written, never queried inside), given as JSON text. */
    public InsertIfAbsent json(String column, String json) {
        jsonTypes.put(column, "json");
        values.put(column, json);
        return this;
    }

    /** A jsonb column (queried inside), given as JSON text. */
    public InsertIfAbsent jsonb(String column, String json) {
        jsonTypes.put(column, "jsonb");
        values.put(column, json);
        return this;
    }

    /** True when this call created the row, false when a row with the same key already existed (or was just committed). */
    public boolean execute(EntityManager em) {
        return executeAll(em, List.of(this))[0];
    }

    /**
     * Several rows of one table with the same columns, sent as one JDBC batch (one round trip); element i is true when
     * row i was created.
     */
    public static boolean[] executeAll(EntityManager em, List<InsertIfAbsent> rows) {
        boolean[] created = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return created;
        }
        InsertIfAbsent first = rows.get(0);
        List<String> columns = new ArrayList<>(first.values.keySet());
        String placeholders = String.join(", ", columns.stream().map(c -> first.jsonTypes.containsKey(c) ? "cast(? as " + first.jsonTypes.get(c) + ")" : "?").toList());
        String sql = "insert into " + first.table + " (" + String.join(", ", columns) + ") values (" + placeholders + ") on conflict do nothing";
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (InsertIfAbsent row : rows) {
                    if (!row.table.equals(first.table) || !row.values.keySet().equals(first.values.keySet())) {
                        throw new IllegalArgumentException("rows of one batch must have the same table and columns");
                    }
                    for (int i = 0; i < columns.size(); i++) {
                        statement.setObject(i + 1, row.values.get(columns.get(i)));
                    }
                    statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    created[i] = counts[i] == 1;
                }
            }
        });
        return created;
    }
}
