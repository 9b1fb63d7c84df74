package org.eom.observations.domain;

/** Nothing is deleted: a withdrawn observation stays, with its reason, and no longer counts. */
public enum ObservationStatus {
    ACTIVE, WITHDRAWN
}
