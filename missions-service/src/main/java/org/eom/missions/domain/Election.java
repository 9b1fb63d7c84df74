package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
public class Election extends PanacheEntityBase {
    @Id
    public UUID id;
    /** ISO 3166-1 alpha-2. */
    public String country;
    public String name;
    public String type;
    @Column(name = "election_day")
    public LocalDate electionDay;
    public int rounds;
    @Version
    public long version;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
