package org.eom.reports.figures;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.eom.platform.http.Cursor;
import org.eom.platform.http.Filter;
import org.eom.platform.http.Page;
import org.eom.platform.http.PageRequest;
import org.eom.platform.problem.ProblemException;
import org.eom.reports.readmodel.Incident;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Opens a figure: the counted observations behind it, selected by the same dimensions the
 * counters use, so that a figure and its list always agree.
 */
@ApplicationScoped
public class DrillDown {

    private static final Set<String> ASSESSMENT_FILTERS = Set.of("VERY_GOOD", "GOOD", "BAD", "VERY_BAD",
            Metric.NEGATIVE, Metric.ANSWERED_KEY, Metric.NONE);

    /**
     * The filters of a drill-down; null means "any". {@code answer}, {@code answered} and
     * {@code problem} apply to {@code questionId}, or to the questions of {@code topic}.
     */
    public record ObservationFilter(String phase, String district, UUID stationId, String questionId, String topic, String answer,
                         Boolean answered, Boolean problem, String assessment, String flag, String flagQuestionId) {
    }

    public record ObservationRef(UUID id, String phase, UUID stationId, String stationNumber, String district,
                                 String overallAssessment, long revision, OffsetDateTime arrivedAt) {
    }

    public record IncidentRef(UUID id, String category, String severity, UUID stationId, OffsetDateTime occurredAt,
                              String followUpStatus) {
    }

    public record DeploymentRef(UUID id, String phase, UUID teamId, UUID stationId, String stationNumber, String district,
                                OffsetDateTime plannedStart, OffsetDateTime plannedEnd) {
    }

    @Inject
    EntityManager em;

    public Page<ObservationRef> observations(UUID missionId, ObservationFilter filter, PageRequest page) {
        validate(filter);
        List<Object> parameters = new ArrayList<>();
        String where = where(missionId, filter, parameters);
        Optional<IndexedCriterion> indexed = indexedCriterion(missionId, filter);
        // the rows a walk of the phase (or of the district) reads at most, asked only when an index could be read instead
        long scope = indexed.isEmpty() ? 0 : counted(missionId, orAllPhases(filter.phase()), filter.district(), Metric.VISITS, "", "");
        OptionalLong counter = counter(missionId, filter);
        long total;
        if (counter.isPresent()) {
            total = counter.getAsLong();
        } else {
            List<Object> countParameters = new ArrayList<>(parameters);
            Query count = em.createNativeQuery(source("select count(*)", where,
                    indexed.filter(c -> c.rows() < scope).map(c -> c.condition().apply(countParameters))));
            bind(count, countParameters);
            total = ((Number) count.getSingleResult()).longValue();
        }
        List<String> after = page.afterKey(3);
        if (total == 0 || after == null && page.offset() >= total) {
            return Page.of(List.of(), page, total);
        }
        // a walk in station order reads about (page end) / (the matching share) rows; the criterion's index reads its rows
        double walked = (double) (page.offset() + page.size()) * scope / total;
        String selectWhere = after == null ? where : where + " and " + following(filter, after, parameters);
        Query select = em.createNativeQuery(source("select " + COLUMNS, selectWhere,
                indexed.filter(c -> c.rows() < walked).map(c -> c.condition().apply(parameters))) + " order by o.phase, o.station_number, o.id");
        bind(select, parameters);
        select.setFirstResult((int) page.offset()).setMaxResults(page.sizeAndOneMore());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        return Page.withNext(rows.stream().map(r -> new ObservationRef((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3],
                        (String) r[4], (String) r[5], ((Number) r[6]).longValue(), toOffsetDateTime(r[7]))).toList(), page, total,
                o -> List.of(o.phase(), o.stationNumber(), o.id().toString()));
    }

    /**
     * The rows after a cursor's in the pages' order (ADR 0032), as one row comparison that the station-order indexes
     * start their walk from: within one phase the number and id, since the district's index puts the district between
     * the phase and the number.
     */
    private static String following(ObservationFilter filter, List<String> after, List<Object> parameters) {
        String numberAndId = bind(parameters, after.get(1)) + ", cast(" + bind(parameters, Cursor.uuid(after.get(2))) + " as uuid)";
        return filter.phase() != null
                ? "(o.station_number, o.id) > (" + numberAndId + ")"
                : "(o.phase, o.station_number, o.id) > (" + bind(parameters, after.get(0)) + ", " + numberAndId + ")";
    }

    private static final String COLUMNS = "o.id, o.phase, o.station_id, o.station_number, o.district, o.overall_assessment, o.revision, o.arrived_at";

    /**
     * One criterion of a filter that an index finds across the mission: an answer (reports-service V9), a question left
     * unanswered (V15) or a flag (V13).
     * {@code rows} is how many rows that index gives for it, in every phase and district: its counter. {@code condition}
     * writes the condition that index answers, its parameters appended to the list it is given.
     */
    private record IndexedCriterion(long rows, Function<List<Object>, String> condition) {
    }

    private Optional<IndexedCriterion> indexedCriterion(UUID missionId, ObservationFilter f) {
        if (f.answer() != null && f.questionId() != null) {
            return Optional.of(new IndexedCriterion(counted(missionId, null, "", Metric.ANSWER, f.questionId(), f.answer()),
                    holdsKey(missionId, AnswerKeys.answer(f.questionId(), f.answer()))));
        }
        if (Boolean.FALSE.equals(f.answered()) && f.questionId() != null) {
            return unanswered(missionId, f.questionId(), f.phase());
        }
        if (f.flag() != null) {
            return Optional.of(new IndexedCriterion(counted(missionId, null, null, Metric.FLAG,
                    f.flagQuestionId() == null ? "" : f.flagQuestionId(), f.flag()),
                    p -> "flag_hashes_in_mission(o.mission_id, o.flags) @> flag_hashes_in_mission(" + bind(p, missionId)
                            + ", cast(" + bind(p, flagContainment(f)) + " as jsonb))"));
        }
        return Optional.empty();
    }

    /** The condition that the answers' index (reports-service V9, V15) answers: the row holds this answer key. */
    private static Function<List<Object>, String> holdsKey(UUID missionId, String key) {
        return p -> "answer_hashes_in_mission(o.mission_id, o.answer_keys) @> answer_hashes_in_mission(" + bind(p, missionId)
                + ", array[cast(" + bind(p, key) + " as text)])";
    }

    /**
     * The observations that left a question unanswered, found by their {@code question?} keys (ADR 0037). Only an
     * observation whose template version asks the question holds that key; one of another version, or of none, did not
     * answer it either. So the keys give the whole list only when every counted observation of the filter's phases
     * used a version that asks it, as the TEMPLATE counters tell; otherwise the phase is walked.
     */
    private Optional<IndexedCriterion> unanswered(UUID missionId, String questionId, String phase) {
        @SuppressWarnings("unchecked")
        List<Object[]> askedByPhase = em.createNativeQuery("""
                        select tl.phase, sum(tl.observations)
                        from tally tl
                        join form_template t on tl.answer = t.id::text || ':' || t.version
                        join template_question q on q.template_id = t.id and q.template_version = t.version and q.question_id = ?2
                        where tl.mission_id = ?1 and tl.metric = 'TEMPLATE'
                        group by tl.phase""")
                .setParameter(1, missionId).setParameter(2, questionId).getResultList();
        long askedInScope = 0;
        long asked = 0;
        for (Object[] row : askedByPhase) {
            long observations = ((Number) row[1]).longValue();
            asked += observations;
            if (phase == null || phase.equals(row[0])) {
                askedInScope += observations;
            }
        }
        if (askedInScope != counted(missionId, orAllPhases(phase), null, Metric.VISITS, "", "")) {
            return Optional.empty();
        }
        long answered = counted(missionId, null, "", Metric.ANSWERED, questionId, "");
        return Optional.of(new IndexedCriterion(asked - answered, holdsKey(missionId, AnswerKeys.unanswered(questionId))));
    }

    /**
     * The filter's rows as {@code select} reads them: walked in station order by {@code observation_in_station_order_idx}
     * (or, for one district, {@code observation_district_in_station_order_idx}), each checked against the filter; or,
     * given the condition of an {@link IndexedCriterion}, first the rows that criterion's index finds (ADR 0018). Those are
     * materialized with the same condition, so that PostgreSQL reads that index whichever plan it keeps for the statement:
     * joined back to the observations by id, the generic plan hashed them against a walk of the whole phase.
     */
    private static String source(String select, String where, Optional<String> indexCondition) {
        return indexCondition.map(condition -> "with matching as materialized (select " + COLUMNS + " from observation o where "
                        + condition + " and " + where + ") " + select + " from matching o")
                .orElse(select + " from observation o where " + where);
    }

    /**
     * The filter's total read from the counters, when the filter is exactly one of them, as every link of the summary
     * is: the figure itself, from a few counter rows, whatever the number of observations. Empty for other
     * combinations (a station, a topic, two criteria at once, a question in one district), which are counted.
     */
    private OptionalLong counter(UUID missionId, ObservationFilter f) {
        boolean question = f.questionId() != null;
        int criteria = (question ? 1 : 0) + (f.assessment() != null ? 1 : 0) + (f.flag() != null ? 1 : 0);
        int aboutAnswers = (f.answer() != null ? 1 : 0) + (f.answered() != null ? 1 : 0) + (f.problem() != null ? 1 : 0);
        // ALL is the counters' key for every phase together, not a phase an observation has: counted, it finds none
        if (f.stationId() != null || f.topic() != null || criteria > 1 || aboutAnswers > 1 || Metric.ALL_PHASES.equals(f.phase())) {
            return OptionalLong.empty();
        }
        String phase = f.phase();
        if (f.assessment() != null) {
            boolean assessed = Metric.NEGATIVE.equals(f.assessment()) || Metric.ANSWERED_KEY.equals(f.assessment());
            return OptionalLong.of(counted(missionId, phase, f.district(), assessed ? Metric.ASSESSED : Metric.ASSESSMENT, "",
                    f.assessment()));
        }
        if (f.flag() != null) {
            return OptionalLong.of(counted(missionId, phase, f.district(), Metric.FLAG,
                    f.flagQuestionId() == null ? "" : f.flagQuestionId(), f.flag()));
        }
        if (question) {
            // the counters per question are kept per phase, not per district; free answers are not counted by value
            if (f.district() != null || CountedObservation.UNCATEGORISED.equals(f.answer())) {
                return OptionalLong.empty();
            }
            if (f.answer() != null) {
                return OptionalLong.of(counted(missionId, phase, "", Metric.ANSWER, f.questionId(), f.answer()));
            }
            if (Boolean.TRUE.equals(f.problem())) {
                return OptionalLong.of(counted(missionId, phase, "", Metric.PROBLEM, f.questionId(), ""));
            }
            long answered = counted(missionId, phase, "", Metric.ANSWERED, f.questionId(), "");
            return OptionalLong.of(Boolean.FALSE.equals(f.answered())
                    ? counted(missionId, orAllPhases(phase), null, Metric.VISITS, "", "") - answered
                    : answered);
        }
        return OptionalLong.of(counted(missionId, orAllPhases(phase), f.district(), Metric.VISITS, "", ""));
    }

    /** The phase a visits counter is read under: the filter's, or the counters' key for all phases together. */
    private static String orAllPhases(String phase) {
        return phase == null ? Metric.ALL_PHASES : phase;
    }

    /** One counter summed over districts (or in one) and over phases (or in one; the ALL_PHASES rows only when asked). */
    private long counted(UUID missionId, String phase, String district, Metric metric, String questionId, String answer) {
        List<Object> parameters = new ArrayList<>();
        String sql = "select coalesce(sum(observations), 0) from tally where mission_id = " + bind(parameters, missionId)
                + " and phase " + (phase == null ? "<> " + bind(parameters, Metric.ALL_PHASES) : "= " + bind(parameters, phase))
                + (district == null ? "" : " and district = " + bind(parameters, district))
                + " and metric = " + bind(parameters, metric.name()) + " and question_id = " + bind(parameters, questionId)
                + " and answer = " + bind(parameters, answer);
        Query sum = em.createNativeQuery(sql);
        bind(sum, parameters);
        return ((Number) sum.getSingleResult()).longValue();
    }

    public Page<IncidentRef> incidents(UUID missionId, String category, String severity, PageRequest page) {
        Filter filter = new Filter().eq("missionId", missionId).eq("category", category).eq("severity", severity);
        var found = Incident.<Incident>find(filter.query("occurredAt, id"), filter.parameters());
        return Page.of(found.page(page.panache()).list(), page, found.count(),
                i -> new IncidentRef(i.id, i.category, i.severity, i.stationId, i.occurredAt, i.followUpStatus));
    }

    /** Planned visits (deployment, station and phase) for which no counted observation exists yet. */
    public Page<DeploymentRef> unreportedDeployments(UUID missionId, String phase, PageRequest page) {
        String from = """
                from deployment d left join polling_station s on s.id = d.station_id
                where d.mission_id = ?1 and (cast(?2 as text) is null or d.phase = ?2)
                  and not exists (select 1 from station_tally st where st.mission_id = d.mission_id and st.phase = d.phase
                                  and st.metric = 'VISITS' and st.question_id = '' and st.answer = ''
                                  and st.station_id = d.station_id and st.observations > 0)""";
        long total = ((Number) em.createNativeQuery("select count(*) " + from)
                .setParameter(1, missionId).setParameter(2, phase).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select d.id, d.phase, d.team_id, d.station_id, s.number, s.district, d.planned_start, d.planned_end
                        %s order by d.phase, s.number, d.id""".formatted(from))
                .setParameter(1, missionId).setParameter(2, phase)
                .setFirstResult(page.page() * page.size()).setMaxResults(page.size())
                .getResultList();
        List<DeploymentRef> items = rows.stream().map(r -> new DeploymentRef((UUID) r[0], (String) r[1], (UUID) r[2], (UUID) r[3],
                (String) r[4], (String) r[5], toOffsetDateTime(r[6]), toOffsetDateTime(r[7]))).toList();
        return Page.of(items, page, total);
    }

    /** The SQL condition on {@code observation o} for a filter, with numbered parameters ?1, ?2... appended to {@code parameters}. */
    public static String where(UUID missionId, ObservationFilter filter, List<Object> parameters) {
        List<String> clauses = new ArrayList<>();
        clauses.add("o.mission_id = " + bind(parameters, missionId));
        clauses.add("o.counted");
        if (filter.phase() != null) {
            clauses.add("o.phase = " + bind(parameters, filter.phase()));
        }
        if (filter.district() != null) {
            clauses.add("o.district = " + bind(parameters, filter.district()));
        }
        if (filter.stationId() != null) {
            clauses.add("o.station_id = " + bind(parameters, filter.stationId()));
        }
        if (filter.assessment() != null) {
            switch (filter.assessment()) {
                case Metric.NEGATIVE -> clauses.add("o.overall_assessment in ('BAD', 'VERY_BAD')");
                case Metric.ANSWERED_KEY -> clauses.add("o.overall_assessment is not null");
                case Metric.NONE -> clauses.add("o.overall_assessment is null");
                default -> {
                    clauses.add("o.overall_assessment = " + bind(parameters, filter.assessment()));
                }
            }
        }
        if (filter.flag() != null) {
            clauses.add("o.flags @> cast(" + bind(parameters, flagContainment(filter)) + " as jsonb)");
        }
        if (filter.questionId() != null || filter.topic() != null) {
            // the answer keys the observation must hold (AnswerKeys), of the question or of one of the topic's questions
            String question = filter.questionId() != null ? "cast(" + bind(parameters, filter.questionId()) + " as text)" : "q.question_id";
            List<String> keys = new ArrayList<>(List.of(question));
            if (filter.answer() != null) {
                keys.add(question + " || '=' || " + bind(parameters, filter.answer()));
            }
            if (Boolean.TRUE.equals(filter.problem())) {
                keys.add(question + " || '!'");
            }
            String holds = "o.answer_keys @> array[" + String.join(", ", keys) + "]";
            if (filter.questionId() == null) {
                holds = "exists (select 1 from template_question q where q.topic = " + bind(parameters, filter.topic()) + " and " + holds + ")";
            }
            clauses.add(Boolean.FALSE.equals(filter.answered()) ? "not (" + holds + ")" : holds);
        }
        return String.join(" and ", clauses);
    }

    /** The flags, as JSON, that an observation's flags contain when it has the filter's flag (on its question, if any). */
    private static String flagContainment(ObservationFilter filter) {
        return "[{\"code\": " + jsonString(filter.flag())
                + (filter.flagQuestionId() == null ? "" : ", \"questionId\": " + jsonString(filter.flagQuestionId())) + "}]";
    }

    private static void validate(ObservationFilter filter) {
        if (filter.assessment() != null && !ASSESSMENT_FILTERS.contains(filter.assessment())) {
            throw ProblemException.invalid("assessment", "must be one of " + ASSESSMENT_FILTERS.stream().sorted().toList());
        }
        boolean aboutAnswers = filter.answer() != null || filter.answered() != null || filter.problem() != null;
        if (aboutAnswers && filter.questionId() == null && filter.topic() == null) {
            throw ProblemException.invalid("questionId", "answer, answered and problem need a questionId or a topic");
        }
        if (Boolean.FALSE.equals(filter.answered()) && (filter.answer() != null || filter.problem() != null)) {
            throw ProblemException.invalid("answered", "answered=false cannot be combined with answer or problem");
        }
        if (Boolean.FALSE.equals(filter.problem())) {
            throw ProblemException.invalid("problem", "only problem=true is supported");
        }
        if (filter.flagQuestionId() != null && filter.flag() == null) {
            throw ProblemException.invalid("flagQuestionId", "needs flag");
        }
    }

    /** Adds a parameter and returns its placeholder. */
    private static String bind(List<Object> parameters, Object value) {
        parameters.add(value);
        return "?" + parameters.size();
    }

    private static void bind(Query query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
    }

    private static String jsonString(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime odt -> odt;
            case Instant instant -> instant.atOffset(ZoneOffset.UTC);
            case Timestamp timestamp -> timestamp.toInstant().atOffset(ZoneOffset.UTC);
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
