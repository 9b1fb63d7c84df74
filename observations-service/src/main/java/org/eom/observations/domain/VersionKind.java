package org.eom.observations.domain;

/** What a revision of an observation did. */
public enum VersionKind {
    SUBMITTED, AMENDED, WITHDRAWN, REVIEWED, FLAGGED
}
