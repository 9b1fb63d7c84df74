package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A planned visit: the "planned" side of coverage. */
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
    public String phase;
    @Column(name = "planned_start")
    public OffsetDateTime plannedStart;
    @Column(name = "planned_end")
    public OffsetDateTime plannedEnd;
    public long version;
}
