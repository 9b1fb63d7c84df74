package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Flag;
import org.eom.observations.domain.FlagCode;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.Question;
import org.eom.observations.domain.QuestionType;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
     * CONFLICT and REPEATED_VISIT for every active observation of one station and phase. A later visit of the same team
     * is a repeated visit of its nearest earlier one. Where teams answered a yes/no or single-choice question differently,
     * each visit is flagged once on that question, pointing at the earliest visit of another team that answered otherwise
     * (ADR 0036): a visit's flags grow with its questions, not with the visits, and a later visit seldom changes a stored one.
     */
    public Map<UUID, List<Flag>> visitFlags(List<Observation> activeVisits) {
        List<Observation> ordered = activeVisits.stream().sorted(VISIT_ORDER).toList();
        Map<UUID, List<Flag>> flags = new HashMap<>();
        Map<String, Observation> latestOfVisitor = new HashMap<>();
        Map<String, Map<String, Question>> questionsOfForm = new HashMap<>();
        Map<Categorical, List<Answered>> answeredInVisitOrder = new HashMap<>();
        for (Observation o : ordered) {
            List<Flag> visitFlags = new ArrayList<>();
            flags.put(o.id, visitFlags);
            String visitor = o.visitorKey();
            Observation earlier = latestOfVisitor.put(visitor, o);
            if (earlier != null) {
                visitFlags.add(new Flag(FlagCode.REPEATED_VISIT, null, earlier.id, "the same team already reported this station in this phase"));
            }
            Map<String, Question> questions = questions(o, questionsOfForm);
            for (Answer answer : o.answers) {
                Question question = questions.get(answer.questionId());
                if (question != null && question.type().categorical()) {
                    answeredInVisitOrder.computeIfAbsent(new Categorical(question.id(), question.type()), key -> new ArrayList<>())
                            .add(new Answered(o, visitor, answer.value()));
                }
            }
        }
        answeredInVisitOrder.forEach((question, answers) -> flagConflicts(question.questionId(), answers, flags));
        return flags;
    }

    /** A question as two forms ask it alike: the same id and type (a later template version may change the type). */
    private record Categorical(String questionId, QuestionType type) {
    }

    private record Answered(Observation visit, String visitor, JsonNode value) {
    }

    /**
     * Flags each visit that another team's visit contradicts on one question. The earliest such visit is, for one of the
     * other answers, either that answer's earliest visit or its earliest visit by a second visitor: so each visit is
     * compared with at most two visits an answer given, not with every visit.
     */
    private static void flagConflicts(String questionId, List<Answered> inVisitOrder, Map<UUID, List<Flag>> flags) {
        Map<JsonNode, List<Answered>> firstTwoVisitorsOfAnswer = new HashMap<>();
        List<Answered> candidates = new ArrayList<>(); // in visit order, as they are found
        for (Answered a : inVisitOrder) {
            List<Answered> first = firstTwoVisitorsOfAnswer.computeIfAbsent(a.value(), value -> new ArrayList<>(2));
            if (first.isEmpty() || (first.size() == 1 && !first.getFirst().visitor().equals(a.visitor()))) {
                first.add(a);
                candidates.add(a);
            }
        }
        for (Answered a : inVisitOrder) {
            for (Answered other : candidates) {
                if (!other.value().equals(a.value()) && !other.visitor().equals(a.visitor())) {
                    flags.get(a.visit().id).add(new Flag(FlagCode.CONFLICT, questionId, other.visit().id,
                            "this visit answered " + a.value().asText() + ", another team's visit " + other.value().asText()));
                    break;
                }
            }
        }
    }

    /** The flags of an observation: its own ones and those its station and phase's visits give it, in a stable order. */
    public static List<Flag> combine(List<Flag> own, List<Flag> fromVisits) {
        return Stream.concat(own.stream(), fromVisits.stream()).sorted(Flag.ORDER).toList();
    }

    /** An observation's flags with those derived from other visits replaced. */
    public static List<Flag> withVisitFlags(List<Flag> current, List<Flag> fromVisits) {
        return combine(current.stream().filter(f -> !f.code().dependsOnOtherVisits()).toList(), fromVisits);
    }

    /** The questions of an observation's form by id, read once a form. */
    private Map<String, Question> questions(Observation o, Map<String, Map<String, Question>> known) {
        return known.computeIfAbsent(o.templateId + ":" + o.templateVersion, key -> byQuestion(form(o).questions()));
    }

    /** The first item of each question id, as Form.question and a list search would find it. */
    private static Map<String, Question> byQuestion(List<Question> questions) {
        Map<String, Question> index = new HashMap<>();
        questions.forEach(question -> index.putIfAbsent(question.id(), question));
        return index;
    }

    private Form form(Observation o) {
        return templates.find(o.templateId, o.templateVersion)
                .orElseThrow(() -> new IllegalStateException("template " + o.templateId + " v" + o.templateVersion + " vanished"));
    }
}
