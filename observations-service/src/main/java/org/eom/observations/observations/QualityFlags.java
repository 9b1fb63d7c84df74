package org.eom.observations.observations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Flag;
import org.eom.observations.domain.FlagCode;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.Question;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Accept-and-flag: what a phone with a wrong clock or an old plan causes, and what two visits to one
 * station and phase reveal, is stored and flagged for an analyst rather than refused.
 */
@ApplicationScoped
public class QualityFlags {

    private static final Comparator<Observation> VISIT_ORDER = Comparator
            .comparing((Observation o) -> o.arrivedAt.toInstant())
            .thenComparing(o -> o.receivedAt.toInstant())
            .thenComparing(o -> o.id);

    @Inject
    Templates templates;

    @Inject
    MissionDirectory directory;

    /** OUTSIDE_WINDOW and NOT_IN_PLAN: they depend on the observation and the mission's data only. */
    public List<Flag> ownFlags(Observation o, Mission mission) {
        List<Flag> flags = new ArrayList<>();
        boolean outside = !mission.withinObservationWindow(o.arrivedAt.toInstant())
                || (o.departedAt != null && !mission.withinObservationWindow(o.departedAt.toInstant()));
        if (outside) {
            flags.add(new Flag(FlagCode.OUTSIDE_WINDOW, null, null, "visit " + o.arrivedAt + (o.departedAt == null ? "" : " to " + o.departedAt)
                    + " lies outside the observation window " + mission.observationStart + " to " + mission.observationEnd));
        }
        if (o.teamId != null && directory.teamHasPlan(o.teamId) && !directory.planned(o.teamId, o.stationId, o.phase)) {
            flags.add(new Flag(FlagCode.NOT_IN_PLAN, null, null,
                    "station " + o.stationNumber + " is not in the team's deployment plan for " + o.phase));
        }
        return flags;
    }

    /**
     * What comparing visits learns that stays true while their answers do not change: each visit's answers by question,
     * each form's questions, and what each pair of visits disagrees on. A group of submissions keeps one, so that a
     * stored visit compared again for the group's next submission at its station is not compared anew: the pairs grow
     * with the square of the visits, and recomputing them was a tenth of the writers' samples at saturation.
     */
    public static final class Comparisons {

        /** Two visits, the earlier first in {@link #VISIT_ORDER}. */
        private record Pair(UUID earlier, UUID later) {
        }

        private final Map<UUID, Map<String, Answer>> answers = new HashMap<>();
        private final Map<String, Map<String, Question>> questions = new HashMap<>();
        private final Map<Pair, List<Answer>> disagreements = new HashMap<>();
    }

    /**
     * CONFLICT and REPEATED_VISIT for every active observation of one station and phase: a later visit
     * of the same team is a repeated visit; two teams answering a yes/no or single-choice question
     * differently is a conflict, flagged on both.
     */
    public Map<UUID, List<Flag>> visitFlags(List<Observation> activeVisits) {
        return visitFlags(activeVisits, new Comparisons());
    }

    /** As {@link #visitFlags(List)}, reusing what {@code known} learnt: none of its visits' answers may have changed since. */
    public Map<UUID, List<Flag>> visitFlags(List<Observation> activeVisits, Comparisons known) {
        List<Observation> ordered = activeVisits.stream().sorted(VISIT_ORDER).toList();
        Map<UUID, Map<String, Answer>> answers = known.answers;
        ordered.forEach(o -> answers.computeIfAbsent(o.id, id -> byQuestion(o.answers, Answer::questionId)));
        Map<UUID, List<Flag>> flags = new HashMap<>();
        ordered.forEach(o -> flags.put(o.id, new ArrayList<>()));
        for (int later = 0; later < ordered.size(); later++) {
            Observation b = ordered.get(later);
            boolean repeated = false;
            for (int earlier = later - 1; earlier >= 0; earlier--) {
                Observation a = ordered.get(earlier);
                if (a.visitorKey().equals(b.visitorKey())) {
                    if (!repeated) {
                        flags.get(b.id).add(new Flag(FlagCode.REPEATED_VISIT, null, a.id,
                                "the same team already reported this station in this phase"));
                        repeated = true;
                    }
                    continue;
                }
                for (Answer answer : known.disagreements.computeIfAbsent(new Comparisons.Pair(a.id, b.id),
                        pair -> disagreements(a, b, answers, known.questions))) {
                    String theirs = Optional.ofNullable(answers.get(b.id).get(answer.questionId())).map(x -> x.value().asText()).orElse("");
                    flags.get(a.id).add(new Flag(FlagCode.CONFLICT, answer.questionId(), b.id,
                            "this visit answered " + answer.value().asText() + ", another team's visit " + theirs));
                    flags.get(b.id).add(new Flag(FlagCode.CONFLICT, answer.questionId(), a.id,
                            "this visit answered " + theirs + ", another team's visit " + answer.value().asText()));
                }
            }
        }
        return flags;
    }

    /** The flags of an observation: its own ones and those its station and phase's visits give it, in a stable order. */
    public static List<Flag> combine(List<Flag> own, List<Flag> fromVisits) {
        return Stream.concat(own.stream(), fromVisits.stream()).sorted(Flag.ORDER).toList();
    }

    /** An observation's flags with those derived from other visits replaced. */
    public static List<Flag> withVisitFlags(List<Flag> current, List<Flag> fromVisits) {
        return combine(current.stream().filter(f -> !f.code().dependsOnOtherVisits()).toList(), fromVisits);
    }

    /** a's answers to categorical questions that both forms ask alike and b answered differently. */
    private List<Answer> disagreements(Observation a, Observation b, Map<UUID, Map<String, Answer>> answers,
                                       Map<String, Map<String, Question>> questions) {
        Map<String, Question> questionsA = questions(a, questions);
        Map<String, Question> questionsB = questions(b, questions);
        Map<String, Answer> answersB = answers.get(b.id);
        List<Answer> differing = new ArrayList<>();
        for (Answer answer : a.answers) {
            Question qa = questionsA.get(answer.questionId());
            Question qb = questionsB.get(answer.questionId());
            Answer other = answersB.get(answer.questionId());
            if (qa != null && qa.type().categorical() && qb != null && qb.type() == qa.type() && other != null
                    && !other.value().equals(answer.value())) {
                differing.add(answer);
            }
        }
        return differing;
    }

    /** The questions of an observation's form by id, read when a pair first needs them and kept for the others. */
    private Map<String, Question> questions(Observation o, Map<String, Map<String, Question>> known) {
        return known.computeIfAbsent(o.templateId + ":" + o.templateVersion, key -> byQuestion(form(o).questions(), Question::id));
    }

    /** The first item of each question id, as Form.question and a list search would find it. */
    private static <T> Map<String, T> byQuestion(List<T> items, Function<T, String> questionId) {
        Map<String, T> index = new HashMap<>();
        items.forEach(item -> index.putIfAbsent(questionId.apply(item), item));
        return index;
    }

    private Form form(Observation o) {
        return templates.find(o.templateId, o.templateVersion)
                .orElseThrow(() -> new IllegalStateException("template " + o.templateId + " v" + o.templateVersion + " vanished"));
    }
}
