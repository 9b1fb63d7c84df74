package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Entity
public class Incident extends PanacheEntityBase {

    /** Severities that make an incident a serious problem in the statement. */
    public static final List<String> SERIOUS = List.of("HIGH", "CRITICAL");

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    public long version;
    @Column(name = "station_id")
    public UUID stationId;
    public String category;
    /** LOW, MEDIUM, HIGH or CRITICAL. */
    public String severity;
    @Column(name = "occurred_at")
    public OffsetDateTime occurredAt;
    public String description;
    @Column(name = "follow_up_status")
    public String followUpStatus;
    @Column(name = "reported_by")
    public String reportedBy;
}
