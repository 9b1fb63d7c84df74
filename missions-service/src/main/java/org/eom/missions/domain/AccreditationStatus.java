package org.eom.missions.domain;

public enum AccreditationStatus {
    REQUESTED, ACCREDITED, REFUSED, REVOKED
}
