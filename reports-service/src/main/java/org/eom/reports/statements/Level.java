package org.eom.reports.statements;

/**
 * How widespread a finding is, from the share of observations that match it. The thresholds are
 * the methodology's and are documented in docs/statement-thresholds.md; change both together.
 */
public enum Level {
    NONE, ISOLATED, SOME, MOST, ALL;

    /** Below this share (and above none) a finding is "isolated cases". */
    public static final double ISOLATED_BELOW = 0.10;
    /** Up to and including this share a finding is "some"; above it, "most". */
    public static final double SOME_UP_TO = 0.50;

    public static Level of(long matching, long counted) {
        if (counted <= 0) {
            throw new IllegalArgumentException("a level needs at least one observation");
        }
        if (matching == 0) {
            return NONE;
        }
        if (matching >= counted) {
            return ALL;
        }
        double share = (double) matching / counted;
        if (share < ISOLATED_BELOW) {
            return ISOLATED;
        }
        return share <= SOME_UP_TO ? SOME : MOST;
    }

    /** The phrase form: none and all have their own sentences, the others share one with a quantifier. */
    public String phraseForm() {
        return this == NONE || this == ALL ? name() : "PARTIAL";
    }
}
