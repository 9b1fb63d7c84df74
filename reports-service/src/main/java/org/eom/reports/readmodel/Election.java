package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.time.LocalDate;
import java.util.UUID;

@Entity
public class Election extends PanacheEntityBase {
    @Id
    public UUID id;
    /** ISO 3166-1 alpha-2 code, e.g. KZ. */
    public String country;
    public String name;
    public String type;
    @Column(name = "election_day")
    public LocalDate electionDay;
    public int rounds;
}
