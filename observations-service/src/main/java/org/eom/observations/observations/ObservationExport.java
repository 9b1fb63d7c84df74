package org.eom.observations.observations;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.StreamingOutput;
import org.eom.observations.access.ReadScope;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Question;
import org.eom.observations.forms.Templates;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole mission's observations as CSV or JSON, one column per question. Rows are read through a
 * server-side cursor and written as they come, so an export of any size holds one fetch in memory.
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

    private static final int FETCH_SIZE = 1000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    Templates templates;

    @Inject
    ObjectMapper mapper;

    /** Every question of the template versions the mission's observations answer: by phase, then in template order. */
    public List<String> questionColumns(UUID missionId) {
        List<Object[]> used = em.createQuery(
                "select distinct o.templateId, o.templateVersion from Observation o where o.missionId = ?1", Object[].class)
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

    private void query(UUID missionId, ReadScope scope, RowWriter writer) throws IOException {
        String sql = "select " + String.join(", ", FIXED_COLUMNS) + ", answers from observation where mission_id = ?"
                + (scope.wholeMission() ? "" : " and partner_client_id = ?") + " order by received_at, id";
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL streams with a fetch size only inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setObject(1, missionId);
                if (!scope.wholeMission()) {
                    statement.setString(2, scope.partnerClientId());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        writer.row(rows, mapper.readTree(rows.getString("answers")));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("export of mission " + missionId + " failed", e);
        }
    }

    private interface RowWriter {
        void row(ResultSet row, JsonNode answers) throws SQLException, IOException;

        void finish() throws IOException;
    }

    /** RFC 4180: a header, then one line per observation; lists are joined with ';'. */
    private final class CsvWriter implements RowWriter {
        private static final String FORMULA_STARTS = "=+-@\t\r";
        private final Writer out;
        private final List<String> questions;

        CsvWriter(OutputStream output, List<String> questions) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            this.questions = questions;
            List<String> header = new ArrayList<>(FIXED_COLUMNS);
            header.addAll(questions);
            line(header);
        }

        @Override
        public void row(ResultSet row, JsonNode answers) throws SQLException, IOException {
            List<String> cells = new ArrayList<>(FIXED_COLUMNS.size() + questions.size());
            for (String column : FIXED_COLUMNS) {
                String value = row.getString(column);
                cells.add(switch (column) {
                    case "delegate_usernames" -> joined(mapper.readTree(value));
                    case "flags" -> joined(mapper.readTree(value).findValues("code"));
                    default -> value;
                });
            }
            Map<String, JsonNode> byQuestion = byQuestion(answers);
            for (String question : questions) {
                JsonNode value = byQuestion.get(question);
                cells.add(value == null ? null : value.isArray() ? joined(value) : value.asText());
            }
            line(cells);
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        private void line(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(escape(cells.get(i)));
            }
            out.write("\r\n");
        }

        private static String joined(Iterable<JsonNode> values) {
            List<String> parts = new ArrayList<>();
            values.forEach(v -> parts.add(v.asText()));
            return String.join(";", parts);
        }

        private static String escape(String cell) {
            if (cell == null) {
                return "";
            }
            if (!cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell; // a spreadsheet would run it as a formula (OWASP CSV injection)
            }
            if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
                return cell;
            }
            return '"' + cell.replace("\"", "\"\"") + '"';
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
        public void row(ResultSet row, JsonNode answers) throws SQLException, IOException {
            json.writeStartObject();
            for (String column : FIXED_COLUMNS) {
                String value = row.getString(column);
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
            for (Map.Entry<String, JsonNode> answer : byQuestion(answers).entrySet()) {
                json.writeFieldName(answer.getKey());
                json.writeTree(answer.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }

        @Override
        public void finish() throws IOException {
            json.writeEndArray();
            json.flush();
        }
    }

    private static Map<String, JsonNode> byQuestion(JsonNode answers) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        answers.forEach(answer -> values.put(answer.get("questionId").asText(), answer.get("value")));
        return values;
    }
}
