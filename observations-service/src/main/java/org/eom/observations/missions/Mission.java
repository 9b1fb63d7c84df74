package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Copy of a mission from eom.missions.v1: what submissions are checked against. */
@Entity
public class Mission extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "election_id")
    public UUID electionId;
    public String organisation;
    public String name;
    @Enumerated(EnumType.STRING)
    public MissionStatus status;
    @Column(name = "observation_start")
    public OffsetDateTime observationStart;
    @Column(name = "observation_end")
    public OffsetDateTime observationEnd;
    /** The snapshot version from missions-service, not a lock of this service. */
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public boolean isClosed() {
        return status == MissionStatus.CLOSED;
    }

    /** Whether an instant lies inside the observation window; an open end of the window accepts everything on that side. */
    public boolean withinObservationWindow(Instant instant) {
        return (observationStart == null || !instant.isBefore(observationStart.toInstant()))
                && (observationEnd == null || !instant.isAfter(observationEnd.toInstant()));
    }
}
