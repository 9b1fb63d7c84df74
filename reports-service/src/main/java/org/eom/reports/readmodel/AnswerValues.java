package org.eom.reports.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import org.eom.reports.figures.CountedObservation;
import org.eom.reports.figures.CountedObservation.AnswerRow;
import org.eom.reports.events.ObservationsEventData.Answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns answers into counted rows. Yes/no answers count as YES or NO whether they arrive as
 * booleans or strings; choice answers count by value; free answers (text, number, time) count as
 * answered only, so a question with thousands of distinct values never bloats the figures.
 */
final class AnswerValues {

    static final String YES = "YES";
    static final String NO = "NO";
    private static final Set<String> CATEGORICAL_TYPES = Set.of("YES_NO", "SINGLE_CHOICE", "MULTIPLE_CHOICE");
    /** Longer values are cut: they are keys of counters and index entries, not text to read. */
    private static final int MAX_VALUE_LENGTH = 200;
    /** Without a known template, a string this short is taken for a choice value. */
    private static final int MAX_GUESSED_CHOICE_LENGTH = 64;

    private AnswerValues() {
    }

    /**
     * @param questionTypes the question types of the observation's template version, empty if that
     *                      template has not arrived yet (the value's JSON shape decides then)
     */
    static List<AnswerRow> rows(List<Answer> answers, Map<String, String> questionTypes) {
        Map<String, Set<String>> valuesByQuestion = new LinkedHashMap<>();
        Map<String, Boolean> problemByQuestion = new LinkedHashMap<>();
        for (Answer answer : answers == null ? List.<Answer>of() : answers) {
            if (answer.questionId() == null) {
                continue;
            }
            List<String> values = values(answer.value());
            if (values.isEmpty()) {
                continue;
            }
            String type = questionTypes.get(answer.questionId());
            boolean categorical = type != null ? CATEGORICAL_TYPES.contains(type) : looksCategorical(answer.value());
            valuesByQuestion.computeIfAbsent(answer.questionId(), q -> new LinkedHashSet<>())
                    .addAll(categorical ? values : List.of(CountedObservation.UNCATEGORISED));
            problemByQuestion.merge(answer.questionId(), answer.problem(), Boolean::logicalOr);
        }
        List<AnswerRow> rows = new ArrayList<>();
        valuesByQuestion.forEach((question, values) -> values.forEach(
                value -> rows.add(new AnswerRow(question, value, problemByQuestion.get(question)))));
        return rows;
    }

    private static List<String> values(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return List.of();
        }
        if (value.isArray()) {
            List<String> values = new ArrayList<>();
            value.forEach(element -> values.addAll(values(element)));
            return values;
        }
        if (value.isBoolean()) {
            return List.of(value.booleanValue() ? YES : NO);
        }
        String text = value.isValueNode() ? value.asText().strip() : value.toString();
        if (text.isEmpty()) {
            return List.of();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("yes") || lower.equals("true")) {
            return List.of(YES);
        }
        if (lower.equals("no") || lower.equals("false")) {
            return List.of(NO);
        }
        return List.of(text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) : text);
    }

    private static boolean looksCategorical(JsonNode value) {
        return value.isBoolean() || value.isArray()
                || value.isTextual() && value.asText().strip().length() <= MAX_GUESSED_CHOICE_LENGTH;
    }
}
