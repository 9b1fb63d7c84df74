package org.eom.missions.domain;

/** The phases of election day a visit (planned or reported) belongs to. */
public enum Phase {
    OPENING, VOTING, CLOSING_COUNTING, TABULATION
}
