package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
public class Team extends PanacheEntityBase {

    public record Member(UUID delegateId, String username) {
    }

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    public String name;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Member> members = new ArrayList<>();
    public long version;
}
