package org.eom.reports.figures;

import java.util.Comparator;
import java.util.UUID;

/**
 * One counter an observation contributes to. {@code stationId} is set for station-counted
 * metrics; {@code district} is empty for per-question metrics, which are kept per phase only.
 */
public record TallyKey(String phase, String district, Metric metric, String questionId, String answer, UUID stationId) {

    /** A fixed order, so that concurrent transactions lock counters in the same order and never deadlock. */
    public static final Comparator<TallyKey> ORDER = Comparator.comparing(TallyKey::phase)
            .thenComparing(TallyKey::district)
            .thenComparing(TallyKey::metric)
            .thenComparing(TallyKey::questionId)
            .thenComparing(TallyKey::answer)
            .thenComparing(k -> k.stationId() == null ? "" : k.stationId().toString());
}
