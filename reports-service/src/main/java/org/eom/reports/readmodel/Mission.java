package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
public class Mission extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "election_id")
    public UUID electionId;
    public String organisation;
    public String name;
    public String mandate;
    @Column(name = "deployment_start")
    public LocalDate deploymentStart;
    @Column(name = "deployment_end")
    public LocalDate deploymentEnd;
    @Column(name = "observation_start")
    public OffsetDateTime observationStart;
    @Column(name = "observation_end")
    public OffsetDateTime observationEnd;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> areas = new ArrayList<>();
    public String status;
    @Column(name = "is_public")
    public boolean isPublic;
    public long version;
}
