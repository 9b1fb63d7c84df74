package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One planned visit: a team at a polling station of the mission's election, in a phase and time window. */
@Entity
public class Deployment extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "team_id")
    public UUID teamId;
    @Column(name = "station_id")
    public UUID stationId;
    @Enumerated(EnumType.STRING)
    public Phase phase;
    @Column(name = "planned_start")
    public OffsetDateTime plannedStart;
    @Column(name = "planned_end")
    public OffsetDateTime plannedEnd;
    @Version
    public long version;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
