package org.eom.observations.domain;

import java.util.Comparator;
import java.util.UUID;

/** A quality flag; questionId and otherObservationId are set when the flag is about them. */
public record Flag(FlagCode code, String questionId, UUID otherObservationId, String detail) {

    /** A stable order, so that equal sets of flags compare equal. */
    public static final Comparator<Flag> ORDER = Comparator.comparing(Flag::code)
            .thenComparing(Flag::questionId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Flag::otherObservationId, Comparator.nullsFirst(Comparator.naturalOrder()));
}
