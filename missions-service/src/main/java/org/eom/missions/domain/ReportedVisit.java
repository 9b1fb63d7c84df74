package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A visit observations-service reported (one observation), learned from its events: the
 * "actual" side of coverage. Only the snapshot with the highest revision is kept.
 */
@Entity
@Table(name = "reported_visit")
public class ReportedVisit extends PanacheEntityBase {
    @Id
    @Column(name = "observation_id")
    public UUID observationId;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "station_id")
    public UUID stationId;
    @Enumerated(EnumType.STRING)
    public Phase phase;
    /** Null when the visit was filed without a team, e.g. by a partner system. */
    @Column(name = "team_id")
    public UUID teamId;
    public boolean withdrawn;
    @Column(name = "reported_at")
    public OffsetDateTime reportedAt;
    public long revision;
}
