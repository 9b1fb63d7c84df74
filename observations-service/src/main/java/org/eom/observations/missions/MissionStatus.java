package org.eom.observations.missions;

/** As missions-service defines it; a CLOSED mission takes no new data. */
public enum MissionStatus {
    PLANNED, DEPLOYED, OBSERVING, REPORTING, CLOSED
}
