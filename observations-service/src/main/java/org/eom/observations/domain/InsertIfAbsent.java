package org.eom.observations.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code insert ... on conflict do nothing} for records whose id the client chose. The primary key,
 * not a check before the insert, decides which of several parallel identical uploads creates the
 * record: PostgreSQL makes the others wait for the first to commit and then inserts nothing.
 */
public final class InsertIfAbsent {

    private static final JsonFactory JSON = new JsonFactory();

    private final String table;
    private final List<String> key;
    private final Map<String, Object> values = new LinkedHashMap<>();
    /** The columns given as JSON text, written into the rows' JSON as they are. */
    private final Set<String> jsonColumns = new HashSet<>();

    private InsertIfAbsent(String table, List<String> key) {
        this.table = table;
        this.key = key;
    }

    /** A row of {@code table}, whose primary key is {@code key} (the columns that decide whether it is absent). */
    public static InsertIfAbsent into(String table, String... key) {
        return new InsertIfAbsent(table, List.of(key));
    }

    /** A column value; enums are stored by name. */
    public InsertIfAbsent set(String column, Object value) {
        values.put(column, value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    /** A json or jsonb column, given as JSON text. */
    public InsertIfAbsent json(String column, String json) {
        jsonColumns.add(column);
        values.put(column, json);
        return this;
    }

    /** True when this call created the row, false when a row with the same key already existed (or was just committed). */
    public boolean execute(EntityManager em) {
        return executeAll(em, List.of(this))[0];
    }

    /**
     * Several rows of one table with the same columns, in one statement: the rows go as one JSON array that PostgreSQL
     * reads with the table's own row type, and the statement returns the keys it created (a JDBC batch executes one
     * statement per row). Element i is true when row i was created.
     */
    public static boolean[] executeAll(EntityManager em, List<InsertIfAbsent> rows) {
        boolean[] created = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return created;
        }
        InsertIfAbsent first = rows.get(0);
        Map<String, Integer> rowOfKey = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            InsertIfAbsent row = rows.get(i);
            if (!row.table.equals(first.table) || !row.values.keySet().equals(first.values.keySet()) || !row.key.equals(first.key)) {
                throw new IllegalArgumentException("rows of one statement must have the same table, columns and key");
            }
            // a key given twice is created by its first row, as in a batch of single inserts
            rowOfKey.putIfAbsent(keyText(row.key.stream().map(row.values::get).toList()), i);
        }
        String columns = String.join(", ", first.values.keySet());
        String sql = "insert into " + first.table + " (" + columns + ") select " + columns
                + " from json_populate_recordset(null::" + first.table + ", cast(? as json)) on conflict do nothing returning "
                + String.join(", ", first.key.stream().map(k -> k + "::text").toList());
        String json = json(rows);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, json);
                try (ResultSet returned = statement.executeQuery()) {
                    List<Object> keyValues = new ArrayList<>(first.key.size());
                    while (returned.next()) {
                        keyValues.clear();
                        for (int k = 1; k <= first.key.size(); k++) {
                            keyValues.add(returned.getString(k));
                        }
                        created[rowOfKey.get(keyText(keyValues))] = true;
                    }
                }
            }
        });
        return created;
    }

    /** Key values as text, as PostgreSQL writes them (uuid, bigint, text): the same for a row and for what returned it. */
    private static String keyText(List<Object> keyValues) {
        return keyValues.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    /** The rows as a JSON array of objects, one member per column: JSON columns as they are, others as JSON values. */
    private static String json(List<InsertIfAbsent> rows) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartArray();
            for (InsertIfAbsent row : rows) {
                out.writeStartObject();
                for (Map.Entry<String, Object> column : row.values.entrySet()) {
                    out.writeFieldName(column.getKey());
                    switch (column.getValue()) {
                        case null -> out.writeNull();
                        case String json when row.jsonColumns.contains(column.getKey()) -> out.writeRawValue(json);
                        case Long number -> out.writeNumber(number);
                        case Integer number -> out.writeNumber(number);
                        case Boolean bool -> out.writeBoolean(bool);
                        // uuid, text, and timestamps in ISO-8601, which PostgreSQL reads as timestamptz
                        default -> out.writeString(column.getValue().toString());
                    }
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
