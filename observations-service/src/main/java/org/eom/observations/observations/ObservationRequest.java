package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An observation as a client sends it, for submission and for amendment alike. The id is chosen by
 * the client, so that a retried upload is recognised. The phase is that of the template; team and
 * delegates default to the submitting observer's team.
 */
public record ObservationRequest(
        @NotNull UUID id,
        @NotNull UUID stationId,
        @NotNull UUID templateId,
        @NotNull @Positive Integer templateVersion,
        UUID teamId,
        @Size(max = 20) List<@NotBlank @Size(max = 200) String> delegateUsernames,
        @NotNull OffsetDateTime arrivedAt,
        OffsetDateTime departedAt,
        @NotNull @Size(max = 500) List<@NotNull @Valid AnswerInput> answers,
        @Size(max = 4000) String notes) {

    /** One answer: a string, number or (multiple choice) array of strings, depending on the question type. */
    public record AnswerInput(@NotBlank @Size(max = 64) String questionId, JsonNode value) {
    }
}
