package org.eom.reports.figures;

/**
 * What a tally row counts. Station-counted metrics also count distinct stations (both
 * denominators of the methodology); the per-question ones count observations only, which keeps
 * the counters small enough for a fast summary at a million observations.
 */
public enum Metric {
    /** One per counted observation, also under the phase {@link #ALL_PHASES}. */
    VISITS(true),
    /** The overall assessment: VERY_GOOD, GOOD, BAD, VERY_BAD, or {@link #NONE} when not given. */
    ASSESSMENT(true),
    /** ANSWERED when an assessment was given, NEGATIVE when it was BAD or VERY_BAD. */
    ASSESSED(true),
    /** A quality flag, by code (question ""), and by code and question when the flag names one (conflicts). */
    FLAG(true),
    /** The observation answered the question. */
    ANSWERED(false),
    /** One of its answers was a value of a choice or yes/no question. */
    ANSWER(false),
    /** One of its answers to the question was a problem answer. */
    PROBLEM(false),
    /** The template version it answered ("id:version"): which questions the phase asked. */
    TEMPLATE(false);

    public static final String ALL_PHASES = "ALL";
    public static final String NONE = "NONE";
    public static final String ANSWERED_KEY = "ANSWERED";
    public static final String NEGATIVE = "NEGATIVE";

    private final boolean countsStations;

    Metric(boolean countsStations) {
        this.countsStations = countsStations;
    }

    public boolean countsStations() {
        return countsStations;
    }

    public static boolean isNegative(String assessment) {
        return "BAD".equals(assessment) || "VERY_BAD".equals(assessment);
    }
}
