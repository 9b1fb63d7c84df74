package org.eom.missions.domain;

import java.util.List;

public enum AccreditationStatus {
    REQUESTED, ACCREDITED, REFUSED, REVOKED;

    /** A delegate in these states is no longer (or never was) part of the mission: their user name opens nothing. */
    public static final List<AccreditationStatus> WITHOUT_ACCESS = List.of(REFUSED, REVOKED);
}
