package org.eom.observations.domain;

/** A text in the mission languages: English and Russian. */
public record Localized(String en, String ru) {
}
