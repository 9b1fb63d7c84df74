package org.eom.observations.domain;

/** The phases of election day a checklist covers; INCIDENT is the phase of the incident report form only. */
public enum Phase {
    OPENING, VOTING, CLOSING_COUNTING, TABULATION, INCIDENT;

    public boolean isChecklist() {
        return this != INCIDENT;
    }
}
