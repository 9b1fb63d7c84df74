package org.eom.observations.domain;

public enum ReviewStatus {
    VERIFIED, REJECTED, NEEDS_FOLLOW_UP
}
