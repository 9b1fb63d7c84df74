package org.eom.observations.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An incident report: something that happened, possibly at a station, followed up until resolved. */
@Entity
public class Incident extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "station_id")
    public UUID stationId;
    /** A choice value of the incident form's category question. */
    public String category;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Column(name = "occurred_at")
    public OffsetDateTime occurredAt;
    public String description;
    @Enumerated(EnumType.STRING)
    @Column(name = "follow_up_status")
    public FollowUpStatus followUpStatus;
    @Column(name = "reported_by")
    public String reportedBy;
    @Enumerated(EnumType.STRING)
    public Channel source;
    @Column(name = "partner_client_id")
    public String partnerClientId;
    @Column(name = "created_hash")
    public String createdHash;
    @Column(name = "content_hash")
    public String contentHash;
    @Version
    public long version;
    @Column(name = "received_at")
    public OffsetDateTime receivedAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public boolean isReplayOf(String hash) {
        return hash.equals(createdHash) || hash.equals(contentHash);
    }
}
