package org.eom.observations.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One visit of a team to a station in a phase, in its current state. {@code version} counts content
 * versions (1 on submission, +1 per amendment); {@code revision} counts every change of the record and
 * is its ETag and optimistic lock.
 */
@Entity
public class Observation extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "election_id")
    public UUID electionId;
    @Column(name = "station_id")
    public UUID stationId;
    /** Number and district of the station when it was observed, for lists and exports. */
    @Column(name = "station_number")
    public String stationNumber;
    public String district;
    @Enumerated(EnumType.STRING)
    public Phase phase;
    @Column(name = "template_id")
    public UUID templateId;
    @Column(name = "template_version")
    public int templateVersion;
    @Column(name = "team_id")
    public UUID teamId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "delegate_usernames")
    public List<String> delegateUsernames = new ArrayList<>();
    /** The person's user name, or the partner system's client id. */
    @Column(name = "submitted_by")
    public String submittedBy;
    @Enumerated(EnumType.STRING)
    public Channel source;
    @Column(name = "partner_client_id")
    public String partnerClientId;
    @Column(name = "arrived_at")
    public OffsetDateTime arrivedAt;
    @Column(name = "departed_at")
    public OffsetDateTime departedAt;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    @Enumerated(EnumType.STRING)
    public ObservationStatus status;
    @Column(name = "withdrawal_reason")
    public String withdrawalReason;
    @Column(name = "overall_assessment")
    public String overallAssessment;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Answer> answers = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Flag> flags = new ArrayList<>();
    @Enumerated(EnumType.STRING)
    @Column(name = "review_status")
    public ReviewStatus reviewStatus;
    @Column(name = "review_comment")
    public String reviewComment;
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;
    public String notes;
    @Column(name = "created_hash")
    public String createdHash;
    @Column(name = "content_hash")
    public String contentHash;
    public int version;
    @Version
    public long revision;

    public boolean isWithdrawn() {
        return status == ObservationStatus.WITHDRAWN;
    }

    /** A retried upload: the content as first submitted or as it is now. */
    public boolean isReplayOf(String hash) {
        return hash.equals(createdHash) || hash.equals(contentHash);
    }

    /** Who made the visit, to tell a repeated visit of one team from a second team's visit. */
    public String visitorKey() {
        if (teamId != null) {
            return "team:" + teamId;
        }
        return "by:" + submittedBy + ":" + delegateUsernames.stream().sorted().toList();
    }
}
