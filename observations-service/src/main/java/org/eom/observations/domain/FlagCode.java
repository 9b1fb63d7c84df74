package org.eom.observations.domain;

/** Quality flags: the observation is accepted, and an analyst should look at it. */
public enum FlagCode {
    /** Another team at the same station and phase answered a question differently. */
    CONFLICT(true),
    /** Observed outside the mission's observation window (often a phone with a wrong clock). */
    OUTSIDE_WINDOW(false),
    /** The station is not in the team's deployment plan for that phase. */
    NOT_IN_PLAN(false),
    /** The same team already reported this station in this phase. */
    REPEATED_VISIT(true);

    private final boolean dependsOnOtherVisits;

    FlagCode(boolean dependsOnOtherVisits) {
        this.dependsOnOtherVisits = dependsOnOtherVisits;
    }

    /** Whether the flag is derived from the other observations of the same station and phase. */
    public boolean dependsOnOtherVisits() {
        return dependsOnOtherVisits;
    }
}
