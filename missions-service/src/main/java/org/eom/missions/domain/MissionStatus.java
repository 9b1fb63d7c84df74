package org.eom.missions.domain;

import java.util.Map;
import java.util.Set;

/** A mission's lifecycle. A closed mission takes no new data. */
public enum MissionStatus {
    PLANNED, DEPLOYED, OBSERVING, REPORTING, CLOSED;

    private static final Map<MissionStatus, Set<MissionStatus>> NEXT = Map.of(
            PLANNED, Set.of(DEPLOYED, CLOSED),
            DEPLOYED, Set.of(OBSERVING, PLANNED, CLOSED),
            OBSERVING, Set.of(REPORTING),
            REPORTING, Set.of(CLOSED, OBSERVING),
            CLOSED, Set.of());

    public boolean canMoveTo(MissionStatus next) {
        return NEXT.get(this).contains(next);
    }

    public Set<MissionStatus> next() {
        return NEXT.get(this);
    }
}
