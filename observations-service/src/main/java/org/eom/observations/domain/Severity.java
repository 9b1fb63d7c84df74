package org.eom.observations.domain;

public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
