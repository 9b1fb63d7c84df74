package org.eom.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as it travels on every topic. The Kafka
 * record key is {@code missionid} (or the election id for election-wide events), so that one
 * mission's events stay in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, UUID id, String source, String type, String subject,
                         OffsetDateTime time, String datacontenttype, String partitionkey, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
}
