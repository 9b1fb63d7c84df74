package org.eom.observations.domain;

public enum QuestionType {
    /** Answer "YES" or "NO". */
    YES_NO,
    /** A JSON number between the question's min and max. */
    NUMBER,
    /** One of the question's choice values. */
    SINGLE_CHOICE,
    /** A JSON array of distinct choice values. */
    MULTIPLE_CHOICE,
    /** Local time at the station, "HH:mm". */
    TIME,
    /** Free text. */
    TEXT;

    /** Whether two different answers state contradicting facts (free text, numbers and times legitimately differ between visits). */
    public boolean categorical() {
        return this == YES_NO || this == SINGLE_CHOICE;
    }
}
