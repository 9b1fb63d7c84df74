package org.eom.observations.domain;

public enum FollowUpStatus {
    OPEN, FOLLOWING_UP, RESOLVED
}
