package org.eom.observations.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** A validated answer; {@code problem} says whether the template marks this answer as a problem. */
public record Answer(String questionId, JsonNode value, boolean problem) {
}
