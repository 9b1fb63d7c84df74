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
import org.eom.reports.figures.AnswerKeys;
import org.eom.reports.figures.CountedObservation;
import org.eom.reports.figures.CountedObservation.AnswerRow;
import org.eom.reports.figures.CountedObservation.FlagRow;
import org.eom.reports.figures.Tallies;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Applies the observations events: templates, the latest revision of every observation (highest
 * revision wins; its columns and answer keys, not its JSON, ADR 0024) with its counters, and incidents.
 * Plain JDBC on the transaction's connection: this is the path that election-night volume goes through.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ObservationsReadModel {

    private static final TypeReference<List<Flag>> FLAGS = new TypeReference<>() {
    };

    private record TemplateRef(UUID id, int version) {
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
        // observations counted before their template version arrived (a shipped one is published under no mission's key,
        // so on another partition) lack the keys of the questions they left unanswered, which their drill-down reads
        // (ADR 0037), as V15 added them to the rows stored before it; the table is scanned only when such observations exist
        em.createNativeQuery("""
                        update observation set answer_keys = answer_keys || unanswered_keys(template_id, template_version, answer_keys)
                        where template_id = ?1 and template_version = ?2 and counted
                          and exists (select 1 from tally where metric = 'TEMPLATE' and answer = ?3 and observations > 0)
                          and unanswered_keys(template_id, template_version, answer_keys) <> '{}'
                        """)
                .setParameter(1, data.id()).setParameter(2, data.version())
                .setParameter(3, templateKey(data.id(), data.version())).executeUpdate();
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
     * Stores the columns of each snapshot that is newer than the stored row, and adds the difference it makes
     * to the counters to {@code changes}, which the caller applies once for all the events of its transaction.
     * Set-based: a fixed number of statements for the whole batch, whatever the number of snapshots.
     */
    public void observations(List<ObservationData> snapshots, Tallies.Changes changes) {
        // several snapshots of one observation in the batch: only the highest revision can win (the first of equal
        // ones, as when applied one by one), and the counters move once, from the stored state to it. Sorted by id,
        // so that every transaction locks the rows in the same order.
        Map<UUID, ObservationData> latest = new TreeMap<>();
        snapshots.forEach(s -> latest.merge(s.id(), s, (held, other) -> other.revision() > held.revision() ? other : held));
        if (latest.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            Map<UUID, StoredRow> stored = load(connection, latest.keySet());
            List<ObservationData> newer = latest.values().stream()
                    .filter(s -> !stored.containsKey(s.id()) || s.revision() > stored.get(s.id()).revision()).toList();
            if (newer.isEmpty()) {
                return;
            }
            Map<UUID, StationRef> stations = stations(connection, newer);
            Map<TemplateRef, Map<String, String>> types = questionTypes(connection, newer);
            List<Replacement> replacements = new ArrayList<>();
            for (ObservationData data : newer) {
                StationRef station = stations.get(data.id());
                Map<String, String> questions = types.getOrDefault(templateRef(data), Map.of());
                CountedObservation after = data.counts() ? new CountedObservation(data.phase(), station.district(), data.stationId(),
                        templateKey(data.templateId(), data.templateVersion()), data.overallAssessment(),
                        AnswerValues.rows(data.answers(), questions), flagRows(data.flags()))
                        : null;
                StoredRow before = stored.get(data.id());
                replacements.add(new Replacement(data, station, after,
                        after == null ? List.of() : AnswerKeys.of(after.answers(), questions.keySet())));
                changes.add(data.missionId(), CountedObservation.change(before == null ? null : before.contribution(), after));
            }
            save(connection, replacements);
        });
    }

    private record StationRef(String number, String district) {
    }

    /** A newer snapshot, where it is, what it contributes (null: not counted) and its answer keys (none if not counted). */
    private record Replacement(ObservationData data, StationRef station, CountedObservation after, List<String> answerKeys) {
    }

    /** A stored observation's row: its revision and, if it counts, what it contributes. */
    private record StoredRow(long revision, boolean counted, String phase, String district, UUID stationId, String template,
                             String assessment, List<AnswerRow> answers, List<FlagRow> flags) {

        CountedObservation contribution() {
            return counted ? new CountedObservation(phase, district, stationId, template, assessment, answers, flags) : null;
        }
    }

    /**
     * The snapshot names its station's number and district; older producers may not, so the registry fills in
     * (one query for all the snapshots that lack them).
     */
    private static Map<UUID, StationRef> stations(Connection connection, List<ObservationData> snapshots) throws SQLException {
        Map<UUID, StationRef> registry = new HashMap<>();
        Object[] missing = snapshots.stream().filter(s -> s.stationNumber() == null || s.district() == null)
                .map(ObservationData::stationId).distinct().toArray();
        if (missing.length > 0) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id, number, district from polling_station where id = any(?)")) {
                statement.setArray(1, connection.createArrayOf("uuid", missing));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        registry.put(rs.getObject(1, UUID.class), new StationRef(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        Map<UUID, StationRef> stations = new HashMap<>();
        for (ObservationData s : snapshots) {
            StationRef known = registry.get(s.stationId());
            String number = s.stationNumber() != null ? s.stationNumber() : known != null ? known.number() : null;
            String district = s.district() != null ? s.district() : known != null ? known.district() : null;
            // '' where unknown: the drill-down's cursor compares numbers, and a null compares as unknown (V14)
            stations.put(s.id(), new StationRef(number == null ? "" : number, district == null ? "" : district));
        }
        return stations;
    }

    /** The stored rows of the observations, locked until the transaction ends. */
    private Map<UUID, StoredRow> load(Connection connection, Collection<UUID> ids) throws SQLException {
        Map<UUID, StoredRow> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select id, revision, counted, phase, district, station_id, overall_assessment, flags::text, template_id, template_version,
                       answer_keys
                from observation where id = any(?) order by id for update""")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long revision = rs.getLong(2);
                    boolean counted = rs.getBoolean(3);
                    String phase = rs.getString(4);
                    String district = rs.getString(5);
                    UUID stationId = rs.getObject(6, UUID.class);
                    String assessment = rs.getString(7);
                    List<FlagRow> flags = flagRows(read(rs.getString(8)));
                    String template = templateKey(rs.getObject(9, UUID.class), (Integer) rs.getObject(10));
                    List<AnswerRow> answers = AnswerKeys.rows((String[]) rs.getArray(11).getArray());
                    stored.put(rs.getObject(1, UUID.class),
                            new StoredRow(revision, counted, phase, district, stationId, template, assessment, answers, flags));
                }
            }
        }
        return stored;
    }

    /**
     * One multi-row upsert from parallel arrays (as the counters are written): one statement to
     * parse, plan and execute for the whole batch, where a JDBC batch would still execute one statement per row.
     * The batch holds each id once, so no row is updated twice by the same statement.
     */
    private void save(Connection connection, List<Replacement> replacements) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into observation (id, mission_id, station_id, station_number, district, phase, template_id, template_version,
                                         team_id, revision, version, status, review_status, overall_assessment, counted,
                                         arrived_at, received_at, flags, answer_keys)
                select id, mission_id, station_id, station_number, district, phase, template_id, template_version,
                       team_id, revision, version, status, review_status, overall_assessment, counted,
                       arrived_at, received_at, cast(flags as jsonb), array(select json_array_elements_text(answer_keys))
                from rows from (unnest(?::uuid[]), unnest(?::uuid[]), unnest(?::uuid[]), unnest(?::text[]), unnest(?::text[]),
                                unnest(?::text[]), unnest(?::uuid[]), unnest(?::int4[]), unnest(?::uuid[]), unnest(?::int8[]),
                                unnest(?::int8[]), unnest(?::text[]), unnest(?::text[]), unnest(?::text[]), unnest(?::bool[]),
                                unnest(?::timestamptz[]), unnest(?::timestamptz[]), unnest(?::text[]), json_array_elements(?::json))
                    as o(id, mission_id, station_id, station_number, district, phase, template_id, template_version,
                         team_id, revision, version, status, review_status, overall_assessment, counted,
                         arrived_at, received_at, flags, answer_keys)
                on conflict (id) do update set mission_id = excluded.mission_id, station_id = excluded.station_id,
                    station_number = excluded.station_number, district = excluded.district, phase = excluded.phase,
                    template_id = excluded.template_id, template_version = excluded.template_version, team_id = excluded.team_id,
                    revision = excluded.revision, version = excluded.version, status = excluded.status,
                    review_status = excluded.review_status, overall_assessment = excluded.overall_assessment,
                    counted = excluded.counted, arrived_at = excluded.arrived_at, received_at = excluded.received_at,
                    flags = excluded.flags, answer_keys = excluded.answer_keys
                """)) {
            int i = 1;
            statement.setArray(i++, array(connection, "uuid", replacements, r -> r.data().id()));
            statement.setArray(i++, array(connection, "uuid", replacements, r -> r.data().missionId()));
            statement.setArray(i++, array(connection, "uuid", replacements, r -> r.data().stationId()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.station().number()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.station().district()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.data().phase()));
            statement.setArray(i++, array(connection, "uuid", replacements, r -> r.data().templateId()));
            statement.setArray(i++, array(connection, "int4", replacements, r -> r.data().templateVersion()));
            statement.setArray(i++, array(connection, "uuid", replacements, r -> r.data().teamId()));
            statement.setArray(i++, array(connection, "int8", replacements, r -> r.data().revision()));
            statement.setArray(i++, array(connection, "int8", replacements, r -> r.data().version()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.data().status()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.data().review() == null ? null : r.data().review().status()));
            statement.setArray(i++, array(connection, "text", replacements, r -> r.data().overallAssessment()));
            statement.setArray(i++, array(connection, "bool", replacements, r -> r.after() != null));
            statement.setArray(i++, array(connection, "timestamptz", replacements, r -> timestamp(r.data().arrivedAt())));
            statement.setArray(i++, array(connection, "timestamptz", replacements, r -> timestamp(r.data().receivedAt())));
            statement.setArray(i++, array(connection, "text", replacements, r -> json(r.data().flags() == null ? List.of() : r.data().flags())));
            // an array of arrays of different lengths, which an SQL array cannot be
            statement.setString(i, json(replacements.stream().map(Replacement::answerKeys).toList()));
            statement.executeUpdate();
        }
    }

    /** One column of a multi-row statement: {@code column} of every element, as an SQL array of {@code type}. */
    private static <T> Array array(Connection connection, String type, List<T> elements, Function<T, Object> column)
            throws SQLException {
        return connection.createArrayOf(type, elements.stream().map(column).toArray());
    }

    /** As ISO-8601 text, which PostgreSQL reads as timestamptz. */
    private static String timestamp(OffsetDateTime at) {
        return at == null ? null : at.toString();
    }

    private static TemplateRef templateRef(ObservationData data) {
        return data.templateId() == null || data.templateVersion() == null ? null : new TemplateRef(data.templateId(), data.templateVersion());
    }

    /** The question types of the snapshots' template versions: from the cache, the others in one query. */
    private Map<TemplateRef, Map<String, String>> questionTypes(Connection connection, List<ObservationData> snapshots)
            throws SQLException {
        Map<TemplateRef, Map<String, String>> types = new HashMap<>();
        List<TemplateRef> missing = new ArrayList<>();
        snapshots.stream().map(ObservationsReadModel::templateRef).filter(Objects::nonNull).distinct().forEach(ref -> {
            Map<String, String> cached = questionTypes.get(ref);
            if (cached != null) {
                types.put(ref, cached);
            } else {
                missing.add(ref);
            }
        });
        if (missing.isEmpty()) {
            return types;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                select q.template_id, q.template_version, q.question_id, q.type
                from template_question q join unnest(?::uuid[], ?::int4[]) as t(id, version)
                  on q.template_id = t.id and q.template_version = t.version""")) {
            statement.setArray(1, array(connection, "uuid", missing, TemplateRef::id));
            statement.setArray(2, array(connection, "int4", missing, TemplateRef::version));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    types.computeIfAbsent(new TemplateRef(rs.getObject(1, UUID.class), rs.getInt(2)), ref -> new HashMap<>())
                            .put(rs.getString(3), rs.getString(4));
                }
            }
        }
        // a template version not known yet is not cached: it may arrive in a later batch
        missing.stream().filter(types::containsKey).forEach(ref -> questionTypes.put(ref, types.get(ref)));
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
