package org.eom.reports.figures;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one counted observation contributes to the figures. It is built from a new snapshot
 * when it arrives and from the stored rows when it is replaced, so the same observation always
 * adds and later removes exactly the same counters.
 *
 * @param template the template version answered, "id:version" (null if the snapshot names none)
 * @param answers  one row per answer value; {@link #UNCATEGORISED} for free answers (text, number,
 *                time), which are counted as answered but not broken down by value
 */
public record CountedObservation(String phase, String district, UUID stationId, String template, String assessment,
                                 List<AnswerRow> answers, List<FlagRow> flags) {

    public static final String UNCATEGORISED = "";

    public record AnswerRow(String questionId, String answer, boolean problem) {
    }

    public record FlagRow(String code, String questionId) {
    }

    public Set<TallyKey> keys() {
        Set<TallyKey> keys = new LinkedHashSet<>();
        keys.add(stationKey(Metric.ALL_PHASES, Metric.VISITS, "", ""));
        keys.add(stationKey(phase, Metric.VISITS, "", ""));
        keys.add(stationKey(phase, Metric.ASSESSMENT, "", assessment == null ? Metric.NONE : assessment));
        if (assessment != null) {
            keys.add(stationKey(phase, Metric.ASSESSED, "", Metric.ANSWERED_KEY));
            if (Metric.isNegative(assessment)) {
                keys.add(stationKey(phase, Metric.ASSESSED, "", Metric.NEGATIVE));
            }
        }
        if (template != null) {
            keys.add(questionKey(Metric.TEMPLATE, "", template));
        }
        for (FlagRow flag : flags) {
            // once per code, and once per code and question: both are figures (e.g. conflicts, and conflicts on a question)
            keys.add(stationKey(phase, Metric.FLAG, "", flag.code()));
            if (flag.questionId() != null) {
                keys.add(stationKey(phase, Metric.FLAG, flag.questionId(), flag.code()));
            }
        }
        for (AnswerRow row : answers) {
            keys.add(questionKey(Metric.ANSWERED, row.questionId(), ""));
            if (!UNCATEGORISED.equals(row.answer())) {
                keys.add(questionKey(Metric.ANSWER, row.questionId(), row.answer()));
            }
            if (row.problem()) {
                keys.add(questionKey(Metric.PROBLEM, row.questionId(), ""));
            }
        }
        return keys;
    }

    /** The counter changes that replace {@code before} by {@code after} (either may be null: not counted). */
    public static Map<TallyKey, Integer> change(CountedObservation before, CountedObservation after) {
        Map<TallyKey, Integer> deltas = new HashMap<>();
        if (before != null) {
            before.keys().forEach(k -> deltas.merge(k, -1, Integer::sum));
        }
        if (after != null) {
            after.keys().forEach(k -> deltas.merge(k, 1, Integer::sum));
        }
        deltas.values().removeIf(delta -> delta == 0);
        return deltas;
    }

    private TallyKey stationKey(String phaseKey, Metric metric, String questionId, String answer) {
        return new TallyKey(phaseKey, district, metric, questionId, answer, stationId);
    }

    private TallyKey questionKey(Metric metric, String questionId, String answer) {
        return new TallyKey(phase, "", metric, questionId, answer, null);
    }
}
