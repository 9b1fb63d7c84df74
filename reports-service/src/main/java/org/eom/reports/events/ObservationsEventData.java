package org.eom.reports.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The data of the eom.observations.v1 events this service reads (docs/events.md); unknown fields are ignored. */
public final class ObservationsEventData {

    public static final String PREFIX = "org.eom.observations.";

    public record Choice(String value, Map<String, String> label) {
    }

    public record Question(String id, String type, Map<String, String> label, List<Choice> choices, boolean required,
                           List<JsonNode> problemAnswers, Double min, Double max, String topic) {
    }

    public record TemplateData(UUID id, int version, UUID missionId, String phase, Map<String, String> title,
                               List<Question> questions) {
    }

    /** {@code value} is whatever the question type takes: a boolean, number, string or array of strings. */
    public record Answer(String questionId, JsonNode value, boolean problem) {
    }

    public record Flag(String code, String questionId, UUID otherObservationId, String detail) {
    }

    public record Review(String status, String comment, String by, OffsetDateTime at) {
    }

    public record ObservationData(UUID id, long version, long revision, UUID missionId, UUID electionId, UUID stationId,
                                  String stationNumber, String district, String phase, UUID templateId,
                                  Integer templateVersion, UUID teamId, List<String> delegateUsernames,
                                  String submittedBy, String source, String partnerClientId,
                                  OffsetDateTime arrivedAt, OffsetDateTime departedAt, OffsetDateTime receivedAt,
                                  String status, String withdrawalReason, String overallAssessment,
                                  List<Answer> answers, List<Flag> flags, Review review, String notes) {

        /** Withdrawn observations, and those an analyst rejected, do not count in any figure. */
        public boolean counts() {
            return !"WITHDRAWN".equals(status) && (review == null || !"REJECTED".equals(review.status()));
        }
    }

    public record IncidentData(UUID id, long version, UUID missionId, UUID stationId, String category, String severity,
                               OffsetDateTime occurredAt, String description, String followUpStatus, String reportedBy) {
    }

    private ObservationsEventData() {
    }
}
