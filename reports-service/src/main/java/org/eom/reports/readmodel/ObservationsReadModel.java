package org.eom.reports.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eom.reports.events.ObservationsEventData.Flag;
import org.eom.reports.events.ObservationsEventData.IncidentData;
import org.eom.reports.events.ObservationsEventData.ObservationData;
import org.eom.reports.events.ObservationsEventData.Question;
import org.eom.reports.events.ObservationsEventData.TemplateData;
import org.eom.reports.figures.CountedObservation;
import org.eom.reports.figures.CountedObservation.AnswerRow;
import org.eom.reports.figures.CountedObservation.FlagRow;
import org.eom.reports.figures.Tallies;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the observations events: templates, the latest snapshot of every observation (highest
 * revision wins) with its counters, and incidents. Plain JDBC on the transaction's connection:
 * this is the path that election-night volume goes through.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ObservationsReadModel {

    private static final TypeReference<List<Flag>> FLAGS = new TypeReference<>() {
    };

    private record TemplateRef(UUID id, int version) {
    }

    /** The stored state of an observation: its revision and what it contributes (null when it does not count). */
    private record Stored(long revision, CountedObservation contribution) {
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /** Template versions are immutable, so their question types are cached once they are known. */
    private final Map<TemplateRef, Map<String, String>> questionTypes = new ConcurrentHashMap<>();

    public void template(TemplateData data) {
        em.createNativeQuery("""
                        insert into form_template (id, version, mission_id, phase, title) values (?1, ?2, ?3, ?4, cast(?5 as jsonb))
                        on conflict (id, version) do update set mission_id = excluded.mission_id, phase = excluded.phase, title = excluded.title
                        """)
                .setParameter(1, data.id()).setParameter(2, data.version()).setParameter(3, data.missionId())
                .setParameter(4, data.phase()).setParameter(5, json(data.title() == null ? Map.of() : data.title()))
                .executeUpdate();
        em.createNativeQuery("delete from template_question where template_id = ?1 and template_version = ?2")
                .setParameter(1, data.id()).setParameter(2, data.version()).executeUpdate();
        List<Question> questions = data.questions() == null ? List.of() : data.questions();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            em.createNativeQuery("""
                            insert into template_question (template_id, template_version, question_id, position, type, label, problem_answers, topic)
                            values (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb), cast(?7 as jsonb), ?8)
                            on conflict do nothing
                            """)
                    .setParameter(1, data.id()).setParameter(2, data.version()).setParameter(3, q.id()).setParameter(4, i)
                    .setParameter(5, q.type()).setParameter(6, json(q.label() == null ? Map.of() : q.label()))
                    .setParameter(7, json(q.problemAnswers() == null ? List.of() : q.problemAnswers()))
                    .setParameter(8, q.topic())
                    .executeUpdate();
        }
        questionTypes.remove(new TemplateRef(data.id(), data.version()));
    }

    public void incident(IncidentData data) {
        Incident i = Incident.findById(data.id());
        if (i == null) {
            i = new Incident();
            i.id = data.id();
        } else if (data.version() < i.version) {
            return;
        }
        i.missionId = data.missionId();
        i.version = data.version();
        i.stationId = data.stationId();
        i.category = data.category();
        i.severity = data.severity();
        i.occurredAt = data.occurredAt();
        i.description = data.description();
        i.followUpStatus = data.followUpStatus();
        i.reportedBy = data.reportedBy();
        i.persist();
    }

    /**
     * Keeps the snapshot if it is newer than the stored one, and adds the difference it makes to the
     * counters to {@code changes}, which the caller applies once for all the events of its transaction.
     */
    public void observation(ObservationData data, Tallies.Changes changes) {
        em.unwrap(Session.class).doWork(connection -> {
            Stored stored = load(connection, data.id());
            if (stored != null && data.revision() <= stored.revision()) {
                return;
            }
            StationRef station = station(connection, data);
            CountedObservation after = data.counts() ? new CountedObservation(data.phase(), station.district(), data.stationId(),
                    templateKey(data.templateId(), data.templateVersion()), data.overallAssessment(),
                    AnswerValues.rows(data.answers(), questionTypes(connection, data)), flagRows(data.flags()))
                    : null;
            save(connection, data, station, after != null);
            replaceAnswers(connection, data, stored != null, after);
            changes.add(data.missionId(), CountedObservation.change(stored == null ? null : stored.contribution(), after));
        });
    }

    private record StationRef(String number, String district) {
    }

    /** The snapshot names its station's number and district; older producers may not, so the registry fills in. */
    private static StationRef station(Connection connection, ObservationData data) throws SQLException {
        if (data.stationNumber() != null && data.district() != null) {
            return new StationRef(data.stationNumber(), data.district());
        }
        try (PreparedStatement statement = connection.prepareStatement("select number, district from polling_station where id = ?")) {
            statement.setObject(1, data.stationId());
            try (ResultSet rs = statement.executeQuery()) {
                boolean known = rs.next();
                String number = data.stationNumber() != null ? data.stationNumber() : known ? rs.getString(1) : null;
                String district = data.district() != null ? data.district() : known ? rs.getString(2) : null;
                return new StationRef(number, district == null ? "" : district);
            }
        }
    }

    private Stored load(Connection connection, UUID id) throws SQLException {
        String phase;
        String district;
        UUID stationId;
        String assessment;
        String template;
        long revision;
        boolean counted;
        List<FlagRow> flags;
        try (PreparedStatement statement = connection.prepareStatement("""
                select revision, counted, phase, district, station_id, overall_assessment, flags::text, template_id, template_version
                from observation where id = ? for update""")) {
            statement.setObject(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                revision = rs.getLong(1);
                counted = rs.getBoolean(2);
                phase = rs.getString(3);
                district = rs.getString(4);
                stationId = rs.getObject(5, UUID.class);
                assessment = rs.getString(6);
                flags = flagRows(read(rs.getString(7)));
                template = templateKey(rs.getObject(8, UUID.class), (Integer) rs.getObject(9));
            }
        }
        if (!counted) {
            return new Stored(revision, null);
        }
        List<AnswerRow> answers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select question_id, answer, problem from observation_answer where observation_id = ?")) {
            statement.setObject(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    answers.add(new AnswerRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return new Stored(revision, new CountedObservation(phase, district, stationId, template, assessment, answers, flags));
    }

    private void save(Connection connection, ObservationData data, StationRef station, boolean counted) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into observation (id, mission_id, station_id, station_number, district, phase, template_id, template_version,
                                         team_id, revision, version, status, review_status, overall_assessment, counted,
                                         arrived_at, received_at, flags, snapshot)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))
                on conflict (id) do update set mission_id = excluded.mission_id, station_id = excluded.station_id,
                    station_number = excluded.station_number, district = excluded.district, phase = excluded.phase,
                    template_id = excluded.template_id, template_version = excluded.template_version, team_id = excluded.team_id,
                    revision = excluded.revision, version = excluded.version, status = excluded.status,
                    review_status = excluded.review_status, overall_assessment = excluded.overall_assessment,
                    counted = excluded.counted, arrived_at = excluded.arrived_at, received_at = excluded.received_at,
                    flags = excluded.flags, snapshot = excluded.snapshot
                """)) {
            int i = 1;
            statement.setObject(i++, data.id());
            statement.setObject(i++, data.missionId());
            statement.setObject(i++, data.stationId());
            statement.setString(i++, station.number());
            statement.setString(i++, station.district());
            statement.setString(i++, data.phase());
            statement.setObject(i++, data.templateId());
            statement.setObject(i++, data.templateVersion(), Types.INTEGER);
            statement.setObject(i++, data.teamId());
            statement.setLong(i++, data.revision());
            statement.setLong(i++, data.version());
            statement.setString(i++, data.status());
            statement.setString(i++, data.review() == null ? null : data.review().status());
            statement.setString(i++, data.overallAssessment());
            statement.setBoolean(i++, counted);
            statement.setObject(i++, data.arrivedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(i++, data.receivedAt(), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setString(i++, json(data.flags() == null ? List.of() : data.flags()));
            statement.setString(i, json(data));
            statement.executeUpdate();
        }
    }

    /** {@code held}: an earlier snapshot is stored (a first one has no answers to delete: one statement less per submission). */
    private static void replaceAnswers(Connection connection, ObservationData data, boolean held, CountedObservation after)
            throws SQLException {
        if (held) {
            try (PreparedStatement statement = connection.prepareStatement("delete from observation_answer where observation_id = ?")) {
                statement.setObject(1, data.id());
                statement.executeUpdate();
            }
        }
        if (after == null || after.answers().isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into observation_answer (observation_id, question_id, answer, problem, mission_id)
                select ?, question_id, answer, problem, ? from unnest(?::text[], ?::text[], ?::bool[]) as a(question_id, answer, problem)
                """)) {
            statement.setObject(1, data.id());
            statement.setObject(2, data.missionId());
            statement.setArray(3, connection.createArrayOf("text", after.answers().stream().map(AnswerRow::questionId).toArray()));
            statement.setArray(4, connection.createArrayOf("text", after.answers().stream().map(AnswerRow::answer).toArray()));
            statement.setArray(5, connection.createArrayOf("bool", after.answers().stream().map(AnswerRow::problem).toArray()));
            statement.executeUpdate();
        }
    }

    private Map<String, String> questionTypes(Connection connection, ObservationData data) throws SQLException {
        if (data.templateId() == null || data.templateVersion() == null) {
            return Map.of();
        }
        TemplateRef ref = new TemplateRef(data.templateId(), data.templateVersion());
        Map<String, String> cached = questionTypes.get(ref);
        if (cached != null) {
            return cached;
        }
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select question_id, type from template_question where template_id = ? and template_version = ?")) {
            statement.setObject(1, ref.id());
            statement.setInt(2, ref.version());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (!types.isEmpty()) {
            questionTypes.put(ref, types);
        }
        return types;
    }

    private static String templateKey(UUID templateId, Integer templateVersion) {
        return templateId == null || templateVersion == null ? null : templateId + ":" + templateVersion;
    }

    private static List<FlagRow> flagRows(List<Flag> flags) {
        if (flags == null) {
            return List.of();
        }
        return flags.stream().filter(f -> f.code() != null)
                .map(f -> new FlagRow(f.code(), f.questionId())).distinct().toList();
    }

    private List<Flag> read(String flagsJson) {
        try {
            return mapper.readValue(flagsJson, FLAGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored flags are not JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
