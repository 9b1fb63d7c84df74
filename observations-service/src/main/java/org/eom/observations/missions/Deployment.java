package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.eom.observations.domain.Phase;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Copy of one line of a deployment plan: a team is to observe a station in a phase. */
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
    /** Removed by missions-service; kept so that an older snapshot delivered late cannot bring it back. */
    public boolean removed;
    public long version;

    public static boolean teamHasPlan(UUID teamId) {
        return count("teamId = ?1 and removed = false", teamId) > 0;
    }

    public static boolean planned(UUID teamId, UUID stationId, Phase phase) {
        return count("teamId = ?1 and stationId = ?2 and phase = ?3 and removed = false", teamId, stationId, phase) > 0;
    }
}
