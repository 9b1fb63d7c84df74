package org.eom.reports.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.reports.figures.Summary.AssessmentFigures;
import org.eom.reports.figures.Summary.Count;
import org.eom.reports.figures.Summary.CoverageFigure;
import org.eom.reports.figures.Summary.DistrictFigures;
import org.eom.reports.figures.Summary.FlagFigure;
import org.eom.reports.figures.Summary.IncidentCount;
import org.eom.reports.figures.Summary.IncidentFigures;
import org.eom.reports.figures.Summary.PhaseFigures;
import org.eom.reports.figures.Summary.QuestionFigures;
import org.eom.reports.figures.Summary.ValueCount;
import org.eom.reports.readmodel.Incident;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads a mission's figures from the counters: one indexed range of {@code tally} (a few
 * thousand rows at most, whatever the number of observations) plus small queries for
 * templates, incidents and coverage.
 */
@ApplicationScoped
public class SummaryQuery {

    private static final Logger LOG = Logger.getLogger(SummaryQuery.class);

    private static final List<String> ASSESSMENTS = List.of("VERY_GOOD", "GOOD", "BAD", "VERY_BAD");

    @Inject
    EntityManager em;

    @Inject
    TemplateQuestions templateQuestions;

    @Inject
    ObjectMapper mapper;

    /** A computed summary with its JSON, written once: at a million observations it is a megabyte, and polled all day. */
    private record Computed(Summary summary, byte[] json, long atNanos) {
    }

    private final Map<UUID, Computed> recent = new ConcurrentHashMap<>();
    private final Map<UUID, Object> computing = new ConcurrentHashMap<>();
    private final Set<UUID> refreshing = ConcurrentHashMap.newKeySet();

    @ConfigProperty(name = "eom.reports.summary-max-age", defaultValue = "PT0.5S")
    Duration maxAge;

    /** A summary older than max-age but not this is answered at once, while a fresh one is computed behind it. */
    @ConfigProperty(name = "eom.reports.summary-stale-limit", defaultValue = "PT5S")
    Duration staleLimit;

    /** One counter row. */
    record Row(String phase, String district, Metric metric, String questionId, String answer, long observations, long stations) {
    }

    /**
     * The mission's summary, as the JSON the API answers (written when it was computed), as of at most
     * {@code eom.reports.summary-max-age} ago: many analysts poll the same mission.
     * Up to {@code summary-stale-limit}, the last one is answered at once and the next computed in the background, so
     * that a dashboard's poll never waits for a computation that load makes slow; its {@code asOf} says how old it is.
     * Older than that (a mission nobody polled for a while), it is computed while the request waits.
     */
    public byte[] recentJson(UUID missionId) {
        return recentComputed(missionId).json();
    }

    /** {@link #recentJson} before it was written, for RecentSummaryTest. */
    Summary recent(UUID missionId) {
        return recentComputed(missionId).summary();
    }

    /** A query with the same collaborators, other ages and no summary held yet, for RecentSummaryTest. */
    SummaryQuery withAges(Duration maxAge, Duration staleLimit) {
        SummaryQuery query = new SummaryQuery();
        query.em = em;
        query.templateQuestions = templateQuestions;
        query.mapper = mapper;
        query.maxAge = maxAge;
        query.staleLimit = staleLimit;
        return query;
    }

    private Computed recentComputed(UUID missionId) {
        long asked = System.nanoTime();
        Computed last = recent.get(missionId);
        if (last != null && asked - last.atNanos() < maxAge.toNanos()) {
            return last;
        }
        if (last != null && asked - last.atNanos() < staleLimit.toNanos()) {
            refreshInBackground(missionId);
            return last;
        }
        return computed(missionId, asked);
    }

    /**
     * One computation per mission at a time: under load a computation takes longer than the maximum age, and without
     * this every request that found the summary stale computed it again, side by side.
     */
    private Computed computed(UUID missionId, long asked) {
        synchronized (computing.computeIfAbsent(missionId, id -> new Object())) {
            Computed last = recent.get(missionId);
            // one begun after this request arrived counts everything this request could have counted
            if (last != null && (last.atNanos() >= asked || System.nanoTime() - last.atNanos() < maxAge.toNanos())) {
                return last;
            }
            long begun = System.nanoTime();
            Summary summary = summary(missionId);
            Computed computed = new Computed(summary, json(summary), begun);
            recent.put(missionId, computed);
            forgetUnpolled(begun);
            return computed;
        }
    }

    /**
     * Drops the summaries older than the stale limit: a poll would compute them afresh anyway, and each holds its JSON
     * (a megabyte at a million observations) for a mission that may never be polled again.
     */
    private void forgetUnpolled(long now) {
        recent.values().removeIf(c -> now - c.atNanos() > staleLimit.toNanos());
    }

    /** The missions whose last summary is held. */
    Set<UUID> heldMissions() {
        return Set.copyOf(recent.keySet());
    }

    private byte[] json(Summary summary) {
        try {
            return mapper.writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary of mission " + summary.missionId(), e);
        }
    }

    private void refreshInBackground(UUID missionId) {
        if (!refreshing.add(missionId)) {
            return;
        }
        Thread.ofVirtual().name("summary-refresh").start(() -> {
            try {
                QuarkusTransaction.requiringNew().call(() -> computed(missionId, System.nanoTime()));
            } catch (RuntimeException e) {
                // the next request past the stale limit computes it while it waits, and meets the error itself
                LOG.warnf(e, "The summary of mission %s could not be refreshed", missionId);
            } finally {
                refreshing.remove(missionId);
            }
        });
    }

    public Summary summary(UUID missionId) {
        OffsetDateTime asOf = OffsetDateTime.now(ZoneOffset.UTC);
        List<Row> rows = rows(missionId);
        Figures figures = new Figures(missionId, rows);
        List<TemplateQuestions.Question> questions = templateQuestions.of(missionId);

        Set<String> phases = new TreeSet<>(Phases.BY_ELECTION_DAY);
        rows.stream().filter(r -> r.metric() == Metric.VISITS && !r.phase().equals(Metric.ALL_PHASES) && r.observations() > 0)
                .forEach(r -> phases.add(r.phase()));
        // every figure below reads only the rows of its phase and metric: O(rows) in all, whatever the number of districts
        List<PhaseFigures> phaseFigures = phases.stream().map(phase -> phase(figures, phase, questions)).toList();

        return new Summary(missionId, figures.count(Metric.ALL_PHASES, null, Metric.VISITS, "", "", Links.observations(missionId)),
                phaseFigures, flags(figures), incidents(missionId), coverage(figures, phases), asOf);
    }

    private PhaseFigures phase(Figures figures, String phase, List<TemplateQuestions.Question> questions) {
        UUID missionId = figures.missionId;
        Count visits = figures.count(phase, null, Metric.VISITS, "", "", Links.observations(missionId, "phase", phase));
        Set<String> districts = new TreeSet<>();
        figures.rows(phase, Metric.VISITS).stream().filter(r -> r.observations() > 0).forEach(r -> districts.add(r.district()));
        Set<String> assessmentValues = new LinkedHashSet<>(ASSESSMENTS);
        figures.rows(phase, Metric.ASSESSMENT).stream().filter(r -> !r.answer().equals(Metric.NONE))
                .map(Row::answer).sorted().forEach(assessmentValues::add);
        List<DistrictFigures> districtFigures = districts.stream().map(district -> new DistrictFigures(district,
                figures.count(phase, district, Metric.VISITS, "", "", Links.observations(missionId, "phase", phase, "district", district)),
                assessment(figures, phase, district, assessmentValues))).toList();

        Map<String, TemplateQuestions.Question> asked = new LinkedHashMap<>();
        questions.stream().filter(q -> q.phase().equals(phase)).forEach(q -> asked.put(q.questionId(), q));
        Set<String> questionIds = new LinkedHashSet<>(asked.keySet());
        figures.rows(phase, Metric.ANSWERED).stream().map(Row::questionId).sorted().forEach(questionIds::add);
        Map<String, List<Row>> answersByQuestion = figures.rows(phase, Metric.ANSWER).stream()
                .filter(r -> r.observations() > 0).collect(Collectors.groupingBy(Row::questionId));
        List<QuestionFigures> questionFigures = questionIds.stream()
                .map(id -> question(figures, phase, id, asked.get(id), visits.observations(), answersByQuestion.getOrDefault(id, List.of())))
                .toList();

        return new PhaseFigures(phase, visits, assessment(figures, phase, null, assessmentValues), districtFigures, questionFigures);
    }

    private static AssessmentFigures assessment(Figures figures, String phase, String district, Set<String> values) {
        UUID missionId = figures.missionId;
        List<ValueCount> distribution = values.stream().map(value -> {
            Count c = figures.count(phase, district, Metric.ASSESSMENT, "", value,
                    Links.observations(missionId, "phase", phase, "district", district, "assessment", value));
            return new ValueCount(value, c.observations(), c.stations(), c.href());
        }).toList();
        Count answered = figures.count(phase, district, Metric.ASSESSED, "", Metric.ANSWERED_KEY,
                Links.observations(missionId, "phase", phase, "district", district, "assessment", Metric.ANSWERED_KEY));
        Count notAnswered = figures.count(phase, district, Metric.ASSESSMENT, "", Metric.NONE,
                Links.observations(missionId, "phase", phase, "district", district, "assessment", Metric.NONE));
        Count negative = figures.count(phase, district, Metric.ASSESSED, "", Metric.NEGATIVE,
                Links.observations(missionId, "phase", phase, "district", district, "assessment", Metric.NEGATIVE));
        return new AssessmentFigures(distribution, answered, notAnswered, negative,
                share(negative.observations(), answered.observations()), share(negative.stations(), answered.stations()));
    }

    private static QuestionFigures question(Figures figures, String phase, String questionId, TemplateQuestions.Question meta,
                                            long phaseObservations, List<Row> answerRows) {
        UUID missionId = figures.missionId;
        Count answered = figures.count(phase, "", Metric.ANSWERED, questionId, "",
                Links.observations(missionId, "phase", phase, "questionId", questionId, "answered", "true"));
        Count notAnswered = new Count(phaseObservations - answered.observations(), null,
                Links.observations(missionId, "phase", phase, "questionId", questionId, "answered", "false"));
        Count problems = figures.count(phase, "", Metric.PROBLEM, questionId, "",
                Links.observations(missionId, "phase", phase, "questionId", questionId, "problem", "true"));
        List<ValueCount> answers = answerRows.stream()
                .sorted(Comparator.comparing(Row::answer))
                .map(r -> new ValueCount(r.answer(), r.observations(), null,
                        Links.observations(missionId, "phase", phase, "questionId", questionId, "answer", r.answer())))
                .toList();
        return new QuestionFigures(questionId, meta == null ? null : meta.type(), meta == null ? null : meta.topic(),
                meta == null ? Map.of() : meta.label(), withoutStations(answered), notAnswered, withoutStations(problems), answers);
    }

    /** Flags by phase, code and question (conflicts name the question the teams disagreed on). */
    private static List<FlagFigure> flags(Figures figures) {
        return figures.rows.stream().filter(r -> r.metric() == Metric.FLAG && r.observations() > 0)
                .map(r -> List.of(r.phase(), r.answer(), r.questionId()))
                .distinct()
                .sorted(Comparator.comparing((List<String> k) -> k.get(0), Phases.BY_ELECTION_DAY)
                        .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)))
                .map(k -> {
                    String phase = k.get(0);
                    String code = k.get(1);
                    String questionId = k.get(2).isEmpty() ? null : k.get(2);
                    return new FlagFigure(phase, code, questionId, figures.count(phase, null, Metric.FLAG, k.get(2), code,
                            Links.observations(figures.missionId, "phase", phase, "flag", code, "flagQuestionId", questionId)));
                })
                .toList();
    }

    private IncidentFigures incidents(UUID missionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select category, severity, count(*) from incident where mission_id = ?1
                        group by category, severity order by category, severity""")
                .setParameter(1, missionId).getResultList();
        List<IncidentCount> counts = rows.stream().map(r -> new IncidentCount((String) r[0], (String) r[1], ((Number) r[2]).longValue(),
                Links.incidents(missionId, "category", (String) r[0], "severity", (String) r[1]))).toList();
        long total = counts.stream().mapToLong(IncidentCount::incidents).sum();
        long serious = counts.stream().filter(c -> Incident.SERIOUS.contains(c.severity())).mapToLong(IncidentCount::incidents).sum();
        return new IncidentFigures(total, serious, counts, Links.incidents(missionId));
    }

    /**
     * Planned visits against reported ones, per phase. One probe of the visit counters per planned visit (lateral with
     * a limit, so that no plan can turn it into reading every visit of the mission): a mission plans hundreds of
     * visits where its observers may report from tens of thousands of stations. The stations
     * visited are the phase's station figure, so the unplanned ones are those visited less those planned and reported.
     */
    private List<CoverageFigure> coverage(Figures figures, Set<String> visitedPhases) {
        UUID missionId = figures.missionId;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select p.phase, count(*), count(v.visited)
                        from (select distinct phase, station_id from deployment where mission_id = ?1) p
                        left join lateral (
                            select true as visited from station_tally v
                            where v.mission_id = ?1 and v.phase = p.phase and v.station_id = p.station_id
                              and v.metric = 'VISITS' and v.question_id = '' and v.answer = '' and v.observations > 0
                            limit 1) v on true
                        group by p.phase""")
                .setParameter(1, missionId).getResultList();
        Map<String, long[]> plannedAndReported = new HashMap<>();
        rows.forEach(r -> plannedAndReported.put((String) r[0], new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()}));
        Set<String> phases = new TreeSet<>(Phases.BY_ELECTION_DAY);
        phases.addAll(visitedPhases);
        phases.addAll(plannedAndReported.keySet());
        return phases.stream().map(phase -> {
                    long[] counts = plannedAndReported.getOrDefault(phase, new long[2]);
                    long planned = counts[0];
                    long reported = counts[1];
                    long visited = figures.count(phase, null, Metric.VISITS, "", "", null).stations();
                    return new CoverageFigure(phase, planned, reported, planned - reported, visited - reported,
                            Links.unreportedDeployments(missionId, phase));
                })
                .toList();
    }

    private List<Row> rows(UUID missionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> result = em.createNativeQuery("""
                        select phase, district, metric, question_id, answer, observations, stations
                        from tally where mission_id = ?1""")
                .setParameter(1, missionId).getResultList();
        return result.stream().map(r -> new Row((String) r[0], (String) r[1], Metric.valueOf((String) r[2]), (String) r[3],
                (String) r[4], ((Number) r[5]).longValue(), ((Number) r[6]).longValue())).toList();
    }

    private static Count withoutStations(Count count) {
        return new Count(count.observations(), null, count.href());
    }

    /** Share rounded to 4 decimals; null when nothing was answered (no denominator). */
    static Double share(Long part, Long whole) {
        if (part == null || whole == null || whole == 0) {
            return null;
        }
        return Math.round(part * 10000.0 / whole) / 10000.0;
    }

    /** The counter rows of one mission, indexed by key and, summed over districts, by key without district. */
    private static final class Figures {
        final UUID missionId;
        final List<Row> rows;
        private final Map<List<Object>, List<Row>> byPhaseAndMetric = new HashMap<>();
        private final Map<List<Object>, long[]> byDistrict = new HashMap<>();
        private final Map<List<Object>, long[]> allDistricts = new HashMap<>();

        Figures(UUID missionId, List<Row> rows) {
            this.missionId = missionId;
            this.rows = rows;
            for (Row r : rows) {
                byPhaseAndMetric.computeIfAbsent(List.of(r.phase(), r.metric()), k -> new ArrayList<>()).add(r);
                add(byDistrict, List.of(r.phase(), r.district(), r.metric(), r.questionId(), r.answer()), r);
                add(allDistricts, List.of(r.phase(), r.metric(), r.questionId(), r.answer()), r);
            }
        }

        /** The rows of one phase and metric, every district. */
        List<Row> rows(String phase, Metric metric) {
            return byPhaseAndMetric.getOrDefault(List.of(phase, metric), List.of());
        }

        /** A null district means all districts. */
        Count count(String phase, String district, Metric metric, String questionId, String answer, String href) {
            long[] sums = district == null
                    ? allDistricts.get(List.of(phase, metric, questionId, answer))
                    : byDistrict.get(List.of(phase, district, metric, questionId, answer));
            long observations = sums == null ? 0 : sums[0];
            long stations = sums == null ? 0 : sums[1];
            return new Count(observations, metric.countsStations() ? stations : null, href);
        }

        private static void add(Map<List<Object>, long[]> index, List<Object> key, Row r) {
            long[] sums = index.computeIfAbsent(key, k -> new long[2]);
            sums[0] += r.observations();
            sums[1] += r.stations();
        }
    }
}
