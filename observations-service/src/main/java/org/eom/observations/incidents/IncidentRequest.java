package org.eom.observations.incidents;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eom.observations.domain.FollowUpStatus;
import org.eom.observations.domain.Severity;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An incident as a client sends it, to report it and to update it. The id is chosen by the client;
 * the category is a choice of the incident form's {@code category} question; follow-up starts OPEN.
 */
public record IncidentRequest(
        @NotNull UUID id,
        UUID stationId,
        @NotBlank @Size(max = 64) String category,
        @NotNull Severity severity,
        @NotNull OffsetDateTime occurredAt,
        @NotBlank @Size(max = 4000) String description,
        FollowUpStatus followUpStatus) {

    FollowUpStatus followUpOrOpen() {
        return followUpStatus == null ? FollowUpStatus.OPEN : followUpStatus;
    }
}
