package org.eom.reports.figures;

import org.eom.reports.figures.CountedObservation.AnswerRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A counted observation's answers as the keys stored in its row's {@code answer_keys} (ADR 0022), which the drill-downs
 * test with array containment: {@code question} when the question is answered, {@code question=answer} for each answer
 * value, {@code question!} when the answer is a problem, and {@code question?} for each question of the observation's
 * template that it left unanswered (ADR 0037). Question ids are {@code [a-z][a-z0-9_]*}, so none of '=', '!' and '?' can
 * be part of one and every key reads back to its rows. reports-service V15's {@code unanswered_keys} writes the
 * {@code question?} keys of stored rows the same way.
 */
public final class AnswerKeys {

    private AnswerKeys() {
    }

    private static String answered(String questionId) {
        return questionId;
    }

    public static String answer(String questionId, String answer) {
        return questionId + "=" + answer;
    }

    private static String problem(String questionId) {
        return questionId + "!";
    }

    public static String unanswered(String questionId) {
        return questionId + "?";
    }

    /** The keys of an observation's answer rows, each once, then those of the questions {@code asked} that no row answers. */
    public static List<String> of(List<AnswerRow> rows, Collection<String> asked) {
        Set<String> keys = new LinkedHashSet<>();
        for (AnswerRow row : rows) {
            keys.add(answered(row.questionId()));
            keys.add(answer(row.questionId(), row.answer()));
            if (row.problem()) {
                keys.add(problem(row.questionId()));
            }
        }
        for (String questionId : asked) {
            if (!keys.contains(answered(questionId))) {
                keys.add(unanswered(questionId));
            }
        }
        return List.copyOf(keys);
    }

    /** The answer rows that {@link #of} made these keys from. */
    public static List<AnswerRow> rows(String[] keys) {
        Set<String> problems = new LinkedHashSet<>();
        for (String key : keys) {
            if (key.endsWith("!") && key.indexOf('=') < 0) {
                problems.add(key.substring(0, key.length() - 1));
            }
        }
        List<AnswerRow> rows = new ArrayList<>();
        for (String key : keys) {
            int equals = key.indexOf('=');
            if (equals > 0) {
                String questionId = key.substring(0, equals);
                rows.add(new AnswerRow(questionId, key.substring(equals + 1), problems.contains(questionId)));
            }
        }
        return rows;
    }
}
