package org.eom.observations.observations;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.observations.access.ReadScope;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Question;
import org.eom.observations.forms.Templates;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A whole mission's observations as CSV or JSON, one column per question. Rows are read through COPY and
 * written as they come, so an export of any size holds one row in memory.
 */
@ApplicationScoped
public class ObservationExport {

    public enum Format {
        CSV("text/csv"), JSON("application/json");

        public final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    /** The columns before the question columns, as named in the table. */
    static final List<String> FIXED_COLUMNS = List.of("id", "version", "revision", "status", "phase", "station_id",
            "station_number", "district", "team_id", "delegate_usernames", "submitted_by", "source", "partner_client_id",
            "arrived_at", "departed_at", "received_at", "template_id", "template_version", "overall_assessment",
            "review_status", "flags", "withdrawal_reason", "notes");

    /**
     * Reads the stored answers: without the request reader's check for duplicate keys (the service wrote them), and
     * without looking every key up in a table of names (the largest single cost of parsing here, for two distinct names).
     */
    private static final JsonFactory ANSWERS_JSON = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    /** The pool's database and credentials, for the export's own connection ({@link #query}). */
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** Rows a statement of the export reads before the next one goes on from its last row ({@link #query}). */
    @ConfigProperty(name = "eom.observations.export.rows-per-statement", defaultValue = "10000")
    int rowsPerStatement;

    @Inject
    EntityManager em;

    @Inject
    Templates templates;

    @Inject
    ObjectMapper mapper;

    /**
     * Every question of the template versions the mission's observations have been written with, by phase, then in
     * template order. The database notes each version as an observation is written (V7), so the mission's observations
     * are not read for it; a version an amendment left behind keeps its columns, empty.
     */
    public List<String> questionColumns(UUID missionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> used = em.createNativeQuery(
                        "select template_id, template_version from mission_template where mission_id = ?1")
                .setParameter(1, missionId).getResultList();
        List<Form> forms = used.stream().map(row -> templates.find((UUID) row[0], (Integer) row[1]).orElseThrow())
                .sorted(Comparator.comparing(Form::phase).thenComparing(Form::id).thenComparing(Form::version)).toList();
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        forms.forEach(form -> form.questions().stream().map(Question::id).forEach(columns::add));
        return List.copyOf(columns);
    }

    public StreamingOutput stream(UUID missionId, ReadScope scope, Format format) {
        List<String> questions = questionColumns(missionId);
        return output -> {
            RowWriter writer = format == Format.CSV ? new CsvWriter(output, questions) : new JsonWriter(output, mapper);
            query(missionId, scope, writer);
            writer.finish();
        };
    }

    /**
     * COPY rather than a cursor: PostgreSQL sends rows as fast as the socket takes them and keeps producing while
     * this thread writes, where a cursor waits idle for each next fetch, so the two overlap. The answers are json,
     * which PostgreSQL sends as stored (ADR 0016). Memory stays one row here and the socket's buffers.
     * <p>
     * One COPY of at most {@link #rowsPerStatement} rows after another, each going on after the last row of the one
     * before, in its own transaction: a single statement held its snapshot for the whole export, a minute or more for
     * a million rows under load, and for that long PostgreSQL kept every outbox row deleted meanwhile, which each of
     * the relay's polls then walked (ADR 0028, docs/performance.md item 55). A row's position ({@code received_at, id})
     * never changes, so each row is sent once, as it was when its statement read it.
     */
    private void query(UUID missionId, ReadScope scope, RowWriter writer) throws IOException {
        try (Connection connection = connect()) {
            PGConnection postgres = connection.unwrap(PGConnection.class);
            String copy = "copy (" + select(scope, rowsPerStatement) + ") to stdout";
            CopyText text = new CopyText();
            After after = After.FIRST;
            int sent;
            do {
                from(connection, missionId, scope, after);
                CopyOut rows = postgres.getCopyAPI().copyOut(copy);
                sent = 0;
                String[] last = null;
                for (byte[] row; (row = rows.readFromCopy()) != null; sent++) {
                    last = text.fields(row, FIXED_COLUMNS.size() + 1);
                    writer.row(last);
                }
                // the statement's last row is where the next one goes on
                after = last == null ? after : After.of(last);
            } while (sent == rowsPerStatement);
        } catch (SQLException e) {
            throw new IOException("export of mission " + missionId + " failed", e);
        }
    }

    /** The last row a statement of the export sent, as COPY wrote its position: where the next statement goes on. */
    public record After(String receivedAt, String id) {
        /** Before every row: {@code received_at} is never null. */
        public static final After FIRST = new After("-infinity", "00000000-0000-0000-0000-000000000000");
        private static final int RECEIVED_AT = FIXED_COLUMNS.indexOf("received_at");
        private static final int ID = FIXED_COLUMNS.indexOf("id");

        static After of(String[] row) {
            return new After(row[RECEIVED_AT], row[ID]);
        }
    }

    /**
     * The export's own connection, not the pool's: when the client hangs up, closing it ends PostgreSQL's COPY.
     * Cancelling the COPY instead left a pooled connection that the cancel request could still reach after the COPY
     * had ended, cancelling whatever statement the connection ran next (a missions event was dead-lettered so).
     * <p>
     * It reads the rows in the order of an index and in one process. PostgreSQL's own choice for a million rows was to
     * sort them in three processes (two parallel workers), spilling 1.2 GB to disk, and to send nothing until the sort
     * had ended: 24 to 29 s of its CPU against 11 to 15 s read in order (docs/performance.md item 50), and on two
     * cores those workers took the CPU that submissions needed.
     */
    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, username, password.orElse(null));
        try (Statement settings = connection.createStatement()) {
            settings.execute("set enable_sort = off");
            settings.execute("set max_parallel_workers_per_gather = 0");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Up to {@code rows} rows of the mission, or of the partner's part of it, that {@link #from} names, oldest first
     * after its position: in the order of {@code observation_list_idx} or {@code observation_partner_idx} (V9).
     */
    public static String select(ReadScope scope, int rows) {
        return "select " + String.join(", ", FIXED_COLUMNS) + ", answers from observation"
                + " where mission_id = cast(current_setting('eom.export.mission_id') as uuid)"
                + (scope.wholeMission() ? "" : " and partner_client_id = current_setting('eom.export.partner_client_id')")
                + " and (received_at, id) > (cast(current_setting('eom.export.after_received_at') as timestamptz),"
                + " cast(current_setting('eom.export.after_id') as uuid))"
                + " order by received_at, id limit " + rows;
    }

    /**
     * What {@link #select} reads next, as the connection's settings: COPY takes no parameters, and with them in its
     * text every statement of every export would be a statement of its own in pg_stat_statements, which keeps one
     * entry for each text of a statement like COPY. This way an export is two statements there (whole mission, partner).
     */
    public static void from(Connection connection, UUID missionId, ReadScope scope, After after) throws SQLException {
        try (PreparedStatement settings = connection.prepareStatement("select set_config('eom.export.mission_id', ?, false),"
                + " set_config('eom.export.partner_client_id', ?, false), set_config('eom.export.after_received_at', ?, false),"
                + " set_config('eom.export.after_id', ?, false)")) {
            settings.setString(1, missionId.toString());
            settings.setString(2, scope.wholeMission() ? "" : scope.partnerClientId());
            settings.setString(3, after.receivedAt());
            settings.setString(4, after.id());
            settings.executeQuery().close();
        }
    }

    /** Writes one row: the values of {@link #FIXED_COLUMNS}, then the answers, as PostgreSQL writes them as text. */
    private interface RowWriter {
        void row(String[] row) throws IOException;

        void finish() throws IOException;
    }

    /** RFC 4180: a header, then one line per observation; lists are joined with ';'. */
    private final class CsvWriter implements RowWriter {
        private static final String FORMULA_STARTS = "=+-@\t\r";
        private static final int DELEGATES = FIXED_COLUMNS.indexOf("delegate_usernames");
        private static final int FLAGS = FIXED_COLUMNS.indexOf("flags");
        private final OutputStream out;
        /** The line being written: the cells go here, and the line to the stream as a whole. */
        private final StringBuilder line = new StringBuilder(1024);
        /** Question id to its position among the question columns. */
        private final Map<String, Integer> questionColumns = new HashMap<>();
        /** The current row's answer cells, in question column order. */
        private final String[] answerCells;
        /** Reads one value in the middle of the answers: what follows it is no error. */
        private final ObjectReader valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        CsvWriter(OutputStream output, List<String> questions) throws IOException {
            this.out = new BufferedOutputStream(output, 1 << 16);
            for (String question : questions) {
                questionColumns.put(question, questionColumns.size());
            }
            this.answerCells = new String[questions.size()];
            List<String> header = new ArrayList<>(FIXED_COLUMNS);
            header.addAll(questions);
            for (int i = 0; i < header.size(); i++) {
                cell(i, header.get(i));
            }
            endLine();
        }

        @Override
        public void row(String[] row) throws IOException {
            for (int i = 0; i < FIXED_COLUMNS.size(); i++) {
                String value = row[i];
                cell(i, i == DELEGATES ? joined(mapper.readTree(value))
                        : i == FLAGS ? joined(mapper.readTree(value).findValues("code")) : value);
            }
            Arrays.fill(answerCells, null);
            readAnswers(row[FIXED_COLUMNS.size()]);
            for (int i = 0; i < answerCells.length; i++) {
                cell(FIXED_COLUMNS.size() + i, answerCells[i]);
            }
            endLine();
        }

        /** One write per line: a buffered writer takes a lock and encodes for every cell. */
        private void endLine() throws IOException {
            line.append("\r\n");
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            line.setLength(0);
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        /** Fills {@link #answerCells}; of two answers to one question the last counts, as it did in the map the tree was read into. */
        private void readAnswers(String answers) throws IOException {
            eachAnswer(answers, (question, value) -> {
                String cell = value == null ? null : value.currentToken() == JsonToken.START_ARRAY ? joined(value) : text(value);
                Integer column = questionColumns.get(question);
                if (column != null) {
                    answerCells[column] = cell;
                }
            });
        }

        /** The elements of the array the parser is at, joined with ';'. */
        private String joined(JsonParser json) throws IOException {
            StringBuilder joined = new StringBuilder();
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (!joined.isEmpty()) {
                    joined.append(';');
                }
                joined.append(text(json));
            }
            return joined.toString();
        }

        /** The value the parser is at as {@link JsonNode#asText()} gives it; only strings skip the tree. */
        private String text(JsonParser json) throws IOException {
            return json.currentToken() == JsonToken.VALUE_STRING ? json.getText() : valueReader.<JsonNode>readTree(json).asText();
        }

        private static String joined(Iterable<JsonNode> values) {
            List<String> parts = new ArrayList<>();
            values.forEach(v -> parts.add(v.asText()));
            return String.join(";", parts);
        }

        /** Appends one cell to the line, preceded by a comma unless it is the first. */
        private void cell(int column, String cell) {
            if (column > 0) {
                line.append(',');
            }
            if (cell == null) {
                return;
            }
            // a spreadsheet would run it as a formula (OWASP CSV injection)
            boolean formula = !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0;
            boolean quoted = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
            if (quoted) {
                line.append('"');
            }
            if (formula) {
                line.append('\'');
            }
            line.append(quoted ? cell.replace("\"", "\"\"") : cell);
            if (quoted) {
                line.append('"');
            }
        }
    }

    /** A JSON array of objects: the fixed columns, then {@code answers} keyed by question id. */
    private static final class JsonWriter implements RowWriter {
        private final JsonGenerator json;
        private final ObjectMapper mapper;

        JsonWriter(OutputStream output, ObjectMapper mapper) throws IOException {
            this.mapper = mapper;
            this.json = mapper.getFactory().createGenerator(output);
            json.writeStartArray();
        }

        @Override
        public void row(String[] row) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < FIXED_COLUMNS.size(); i++) {
                String column = FIXED_COLUMNS.get(i);
                String value = row[i];
                json.writeFieldName(column);
                if (value == null) {
                    json.writeNull();
                } else if (column.equals("delegate_usernames") || column.equals("flags")) {
                    json.writeTree(mapper.readTree(value));
                } else if (column.equals("version") || column.equals("revision") || column.equals("template_version")) {
                    json.writeNumber(Long.parseLong(value));
                } else {
                    json.writeString(value);
                }
            }
            json.writeObjectFieldStart("answers");
            copyAnswers(row[FIXED_COLUMNS.size()]);
            json.writeEndObject();
            json.writeEndObject();
        }

        private void copyAnswers(String answers) throws IOException {
            eachAnswer(answers, (question, value) -> {
                json.writeFieldName(question);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.copyCurrentStructure(value);
                }
            });
        }

        @Override
        public void finish() throws IOException {
            json.writeEndArray();
            json.flush();
        }
    }

    /** What is done with one answer: the parser is at its value (null: the answer has none) and must be moved past it. */
    private interface AnswerAction {
        void accept(String questionId, JsonParser value) throws IOException;
    }

    /**
     * Walks a stored answers array, [{"questionId": ..., "value": ...}, ...], as tokens: a tree per row was most of a
     * large export's time. Answers stored before ADR 0016 have the value first (jsonb's key order); it is held until
     * its question id has been read.
     */
    private static void eachAnswer(String answers, AnswerAction action) throws IOException {
        try (JsonParser parser = ANSWERS_JSON.createParser(answers)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String question = null;
                TokenBuffer heldValue = null;
                boolean done = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("questionId")) {
                        question = parser.getText();
                    } else if (field.equals("value") && question != null) {
                        action.accept(question, parser);
                        done = true;
                    } else if (field.equals("value")) {
                        heldValue = new TokenBuffer(parser);
                        heldValue.copyCurrentStructure(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!done && question != null) {
                    if (heldValue == null) {
                        action.accept(question, null);
                    } else {
                        try (JsonParser value = heldValue.asParser()) {
                            value.nextToken();
                            action.accept(question, value);
                        }
                    }
                }
            }
        }
    }
}
