package org.eom.reports.figures;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
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
import java.util.Set;
import java.util.UUID;

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
        Query count = em.createNativeQuery("select count(*) from observation o where " + where);
        bind(count, parameters);
        long total = ((Number) count.getSingleResult()).longValue();

        Query select = em.createNativeQuery("""
                select o.id, o.phase, o.station_id, o.station_number, o.district, o.overall_assessment, o.revision, o.arrived_at
                from observation o where %s
                order by o.phase, o.station_number, o.id""".formatted(where));
        bind(select, parameters);
        select.setFirstResult(page.page() * page.size()).setMaxResults(page.size());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        List<ObservationRef> items = rows.stream().map(r -> new ObservationRef((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3],
                (String) r[4], (String) r[5], ((Number) r[6]).longValue(), toOffsetDateTime(r[7]))).toList();
        return new Page<>(items, page.page(), page.size(), total, (int) ((total + page.size() - 1) / page.size()));
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
        return new Page<>(items, page.page(), page.size(), total, (int) ((total + page.size() - 1) / page.size()));
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
            String flag = "\"code\": " + jsonString(filter.flag())
                    + (filter.flagQuestionId() == null ? "" : ", \"questionId\": " + jsonString(filter.flagQuestionId()));
            clauses.add("o.flags @> cast(" + bind(parameters, "[{" + flag + "}]") + " as jsonb)");
        }
        if (filter.questionId() != null || filter.topic() != null) {
            StringBuilder answers = new StringBuilder("select 1 from observation_answer a where a.observation_id = o.id");
            if (filter.questionId() != null) {
                answers.append(" and a.question_id = ").append(bind(parameters, filter.questionId()));
            } else {
                answers.append(" and a.question_id in (select q.question_id from template_question q where q.topic = ")
                        .append(bind(parameters, filter.topic())).append(")");
            }
            if (filter.answer() != null) {
                answers.append(" and a.answer = ").append(bind(parameters, filter.answer()));
            }
            if (Boolean.TRUE.equals(filter.problem())) {
                answers.append(" and a.problem");
            }
            boolean unanswered = Boolean.FALSE.equals(filter.answered());
            clauses.add((unanswered ? "not exists (" : "exists (") + answers + ")");
        }
        return String.join(" and ", clauses);
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
