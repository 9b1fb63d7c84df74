package org.eom.observations.observations;

import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Channel;
import org.eom.observations.domain.Flag;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.ObservationStatus;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.ReviewStatus;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The full current observation: the API representation, the data of every observation event, and each kept version. */
public record ObservationView(UUID id, int version, long revision, UUID missionId, UUID electionId, UUID stationId,
                              String stationNumber, String district, Phase phase, UUID templateId, int templateVersion,
                              UUID teamId, List<String> delegateUsernames, String submittedBy, Channel source,
                              String partnerClientId, OffsetDateTime arrivedAt, OffsetDateTime departedAt,
                              OffsetDateTime receivedAt, ObservationStatus status, String withdrawalReason,
                              String overallAssessment, List<Answer> answers, List<Flag> flags, Review review,
                              String notes) {

    public record Review(ReviewStatus status, String comment, String by, OffsetDateTime at) {
    }

    public static ObservationView of(Observation o) {
        Review review = o.reviewStatus == null ? null : new Review(o.reviewStatus, o.reviewComment, o.reviewedBy, o.reviewedAt);
        return new ObservationView(o.id, o.version, o.revision, o.missionId, o.electionId, o.stationId, o.stationNumber,
                o.district, o.phase, o.templateId, o.templateVersion, o.teamId, List.copyOf(o.delegateUsernames),
                o.submittedBy, o.source, o.partnerClientId, o.arrivedAt, o.departedAt, o.receivedAt, o.status,
                o.withdrawalReason, o.overallAssessment, List.copyOf(o.answers), List.copyOf(o.flags), review, o.notes);
    }
}
