package org.eom.observations.domain;

public record Choice(String value, Localized label) {
}
