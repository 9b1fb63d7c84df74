package org.eom.observations.incidents;

import org.eom.observations.domain.FollowUpStatus;
import org.eom.observations.domain.Incident;
import org.eom.observations.domain.Severity;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An incident as the API returns it and as incident.recorded carries it. */
public record IncidentView(UUID id, long version, UUID missionId, UUID stationId, String category, Severity severity,
                           OffsetDateTime occurredAt, String description, FollowUpStatus followUpStatus, String reportedBy) {

    public static IncidentView of(Incident i) {
        return new IncidentView(i.id, i.version, i.missionId, i.stationId, i.category, i.severity, i.occurredAt,
                i.description, i.followUpStatus, i.reportedBy);
    }
}
