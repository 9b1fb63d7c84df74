package org.eom.observations.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One revision of an observation, kept for ever: who, when, through which channel, what changed, and the record as it was. */
@Entity
@Immutable
@Table(name = "observation_version")
@IdClass(ObservationVersion.Key.class)
public class ObservationVersion extends PanacheEntityBase {

    public record Key(UUID observationId, long revision) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "observation_id")
    public UUID observationId;
    @Id
    public long revision;
    public int version;
    @Enumerated(EnumType.STRING)
    public VersionKind kind;
    @Column(name = "changed_by")
    public String changedBy;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Column(name = "changed_at")
    public OffsetDateTime changedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Change> changes;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode record;
}
