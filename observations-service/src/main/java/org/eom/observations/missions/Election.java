package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Copy of an election from eom.missions.v1. */
@Entity
public class Election extends PanacheEntityBase {
    @Id
    public UUID id;
    public String country;
    public String name;
    public String type;
    @Column(name = "election_day")
    public LocalDate electionDay;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
