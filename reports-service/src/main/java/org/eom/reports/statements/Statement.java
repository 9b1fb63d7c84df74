package org.eom.reports.statements;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A statement of a mission: generated as a draft, edited, reviewed, approved and published. */
@Entity
public class Statement extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Enumerated(EnumType.STRING)
    public StatementStatus status;
    /** Starts at 1 and grows with every change; the ETag. */
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> title;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Section> sections = new ArrayList<>();
    /** The published statement this one corrects. */
    public UUID supersedes;
    /** The published correction of this one. */
    @Column(name = "superseded_by")
    public UUID supersededBy;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "published_by")
    public String publishedBy;
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    public Optional<Section> section(String sectionId) {
        return sections.stream().filter(s -> s.id().equals(sectionId)).findFirst();
    }
}
