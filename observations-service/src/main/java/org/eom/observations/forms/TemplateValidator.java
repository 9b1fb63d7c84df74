package org.eom.observations.forms;

import org.eom.observations.domain.Choice;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Localized;
import org.eom.observations.domain.Question;
import org.eom.observations.domain.QuestionType;
import org.eom.platform.problem.Problem.FieldError;
import org.eom.platform.problem.ProblemException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a template before it is published: unique question ids, labels in both languages, valid
 * choices, problem answers among the possible answers, sensible ranges, and (for checklists) the
 * closing four-point overall assessment. The shipped templates pass through it too.
 */
public final class TemplateValidator {

    private static final Pattern QUESTION_ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern CHOICE_VALUE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_QUESTIONS = 200;
    /** A question is read aloud at a polling station: a long paragraph at most. */
    private static final int MAX_LABEL = 1000;

    private TemplateValidator() {
    }

    public static void validate(Form form) {
        List<FieldError> errors = new ArrayList<>();
        if (form.phase() == null) {
            errors.add(new FieldError("phase", "is required"));
        }
        label(form.title(), "title", errors);
        List<Question> questions = form.questions() == null ? List.of() : form.questions();
        if (questions.isEmpty() || questions.size() > MAX_QUESTIONS) {
            errors.add(new FieldError("questions", "must have between 1 and " + MAX_QUESTIONS + " questions"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String at = "questions[" + i + "]";
            if (q == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            if (q.id() == null || !QUESTION_ID.matcher(q.id()).matches()) {
                errors.add(new FieldError(at + ".id", "must be lower case letters, digits and _ (at most 64), starting with a letter"));
            } else if (!ids.add(q.id())) {
                errors.add(new FieldError(at + ".id", "duplicate question id " + q.id()));
            }
            if (q.topic() == null || !QUESTION_ID.matcher(q.topic()).matches()) {
                errors.add(new FieldError(at + ".topic", "must be a stable key of lower case letters, digits and _"));
            }
            label(q.label(), at + ".label", errors);
            if (q.type() == null) {
                errors.add(new FieldError(at + ".type", "is required"));
                continue;
            }
            choices(q, at, errors);
            problemAnswers(q, at, errors);
            range(q, at, errors);
        }
        if (form.phase() != null && !questions.isEmpty() && questions.get(questions.size() - 1) != null) {
            if (form.phase().isChecklist()) {
                overallAssessment(questions.get(questions.size() - 1), "questions[" + (questions.size() - 1) + "]", errors);
            } else if (form.question(Form.INCIDENT_CATEGORY).filter(q -> q.type() == QuestionType.SINGLE_CHOICE).isEmpty()) {
                errors.add(new FieldError("questions", "an incident form needs a single-choice question " + Form.INCIDENT_CATEGORY));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void choices(Question q, String at, List<FieldError> errors) {
        boolean choiceType = q.type() == QuestionType.SINGLE_CHOICE || q.type() == QuestionType.MULTIPLE_CHOICE;
        List<Choice> choices = q.choices();
        if (!choiceType) {
            if (!choices.isEmpty()) {
                errors.add(new FieldError(at + ".choices", "only choice questions have choices"));
            }
            return;
        }
        if (choices.size() < 2) {
            errors.add(new FieldError(at + ".choices", "a choice question needs at least two choices"));
        }
        Set<String> values = new HashSet<>();
        for (int c = 0; c < choices.size(); c++) {
            Choice choice = choices.get(c);
            String cat = at + ".choices[" + c + "]";
            if (choice == null || choice.value() == null || !CHOICE_VALUE.matcher(choice.value()).matches()) {
                errors.add(new FieldError(cat + ".value", "must be upper case letters, digits and _, starting with a letter"));
                continue;
            }
            if (!values.add(choice.value())) {
                errors.add(new FieldError(cat + ".value", "duplicate choice " + choice.value()));
            }
            label(choice.label(), cat + ".label", errors);
        }
    }

    private static void problemAnswers(Question q, String at, List<FieldError> errors) {
        List<String> problems = q.problemAnswers();
        boolean hasAnswerSet = q.type() == QuestionType.YES_NO || q.type() == QuestionType.SINGLE_CHOICE
                || q.type() == QuestionType.MULTIPLE_CHOICE;
        if (!hasAnswerSet) {
            if (!problems.isEmpty()) {
                errors.add(new FieldError(at + ".problemAnswers", "only yes/no and choice questions mark problem answers"));
            }
            return;
        }
        List<String> possible = q.choiceValues();
        for (int p = 0; p < problems.size(); p++) {
            if (!possible.contains(problems.get(p))) {
                errors.add(new FieldError(at + ".problemAnswers[" + p + "]", "must be one of " + possible));
            }
        }
    }

    private static void range(Question q, String at, List<FieldError> errors) {
        if (q.type() != QuestionType.NUMBER) {
            if (q.min() != null || q.max() != null) {
                errors.add(new FieldError(at + ".min", "only number questions have a range"));
            }
            return;
        }
        if (q.min() != null && q.max() != null && q.min().compareTo(q.max()) > 0) {
            errors.add(new FieldError(at + ".max", "must not be less than min"));
        }
    }

    private static void overallAssessment(Question last, String at, List<FieldError> errors) {
        boolean ok = Form.OVERALL_ASSESSMENT.equals(last.id()) && last.type() == QuestionType.SINGLE_CHOICE && last.required()
                && last.choiceValues().equals(Form.ASSESSMENT_SCALE)
                && new HashSet<>(last.problemAnswers()).equals(new HashSet<>(Form.NEGATIVE_ASSESSMENTS));
        if (!ok) {
            errors.add(new FieldError(at, "a checklist ends with the required single-choice question " + Form.OVERALL_ASSESSMENT
                    + " with choices " + Form.ASSESSMENT_SCALE + " of which " + Form.NEGATIVE_ASSESSMENTS + " are problems"));
        }
    }

    private static void label(Localized label, String at, List<FieldError> errors) {
        if (label == null || blank(label.en())) {
            errors.add(new FieldError(at + ".en", "is required"));
        } else if (label.en().length() > MAX_LABEL) {
            errors.add(new FieldError(at + ".en", "must be at most " + MAX_LABEL + " characters"));
        }
        if (label == null || blank(label.ru())) {
            errors.add(new FieldError(at + ".ru", "is required"));
        } else if (label.ru().length() > MAX_LABEL) {
            errors.add(new FieldError(at + ".ru", "must be at most " + MAX_LABEL + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
