package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Question;
import org.eom.platform.http.StorableText;
import org.eom.platform.problem.Problem.FieldError;
import org.eom.platform.problem.ProblemException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks answers against the template version they answer: known questions, each once, required ones
 * present, values of the question's type, in range and among its choices. Errors name
 * {@code answers.<questionId>} (or {@code answers[i].questionId} for an unknown question).
 */
final class AnswerValidator {

    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final int MAX_TEXT = 4000;

    private AnswerValidator() {
    }

    /** The answers in template order, canonical, each marked whether it is a problem answer. */
    static List<Answer> validate(Form form, List<ObservationRequest.AnswerInput> inputs) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, JsonNode> given = new HashMap<>();
        Set<String> seen = new HashSet<>();
        // a set, not Form.question: searching the questions for every answer was nearly a third of resolving a visit
        Set<String> known = new HashSet<>();
        form.questions().forEach(q -> known.add(q.id()));
        for (int i = 0; i < inputs.size(); i++) {
            String questionId = inputs.get(i).questionId();
            if (!known.contains(questionId)) {
                errors.add(new FieldError("answers[" + i + "].questionId",
                        "template " + form.id() + " version " + form.version() + " has no question " + questionId));
            } else if (!seen.add(questionId)) {
                errors.add(new FieldError("answers[" + i + "].questionId", "question " + questionId + " is answered twice"));
            } else {
                JsonNode value = Values.canonical(inputs.get(i).value());
                if (value != null) {
                    given.put(questionId, value);
                }
            }
        }
        List<Answer> answers = new ArrayList<>();
        for (Question q : form.questions()) {
            JsonNode value = given.get(q.id());
            String field = "answers." + q.id();
            if (value == null) {
                if (q.required()) {
                    errors.add(new FieldError(field, "is required"));
                }
                continue;
            }
            String reason = check(q, value);
            if (reason != null) {
                errors.add(new FieldError(field, reason));
            } else {
                answers.add(new Answer(q.id(), value, isProblem(q, value)));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return answers;
    }

    /** Why the value does not fit the question, or null when it does. */
    private static String check(Question q, JsonNode value) {
        return switch (q.type()) {
            case YES_NO, SINGLE_CHOICE -> value.isTextual() && q.choiceValues().contains(value.asText())
                    ? null : "must be one of " + q.choiceValues();
            case MULTIPLE_CHOICE -> checkChoices(q, value);
            case NUMBER -> checkNumber(q, value);
            case TIME -> value.isTextual() && TIME.matcher(value.asText()).matches() ? null : "must be a time of day HH:mm";
            case TEXT -> !value.isTextual() || value.asText().length() > MAX_TEXT ? "must be a text of at most " + MAX_TEXT + " characters"
                    : StorableText.problem(value.asText());
        };
    }

    private static String checkChoices(Question q, JsonNode value) {
        String reason = "must be a list of distinct values among " + q.choiceValues();
        if (!value.isArray() || (q.required() && value.isEmpty())) {
            return q.required() && value.isArray() ? "choose at least one of " + q.choiceValues() : reason;
        }
        Set<String> distinct = new HashSet<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || !q.choiceValues().contains(element.asText()) || !distinct.add(element.asText())) {
                return reason;
            }
        }
        return null;
    }

    private static String checkNumber(Question q, JsonNode value) {
        if (!value.isNumber()) {
            return "must be a number";
        }
        if ((q.min() != null && value.decimalValue().compareTo(q.min()) < 0)
                || (q.max() != null && value.decimalValue().compareTo(q.max()) > 0)) {
            return "must be between " + (q.min() == null ? "-∞" : q.min().toPlainString()) + " and "
                    + (q.max() == null ? "∞" : q.max().toPlainString());
        }
        return null;
    }

    private static boolean isProblem(Question q, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (q.problemAnswers().contains(element.asText())) {
                    return true;
                }
            }
            return false;
        }
        return value.isTextual() && q.problemAnswers().contains(value.asText());
    }
}
