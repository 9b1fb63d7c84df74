package org.eom.observations.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** One field of an observation that a revision changed, e.g. {@code answers.campaign_material} from "NO" to "YES". */
public record Change(String field, JsonNode from, JsonNode to) {
}
