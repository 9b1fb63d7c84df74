package org.eom.reports.statements;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A statement as it was after one change: who made it, when, and what it was. */
@Entity
@Table(name = "statement_version")
@IdClass(StatementVersion.Key.class)
public class StatementVersion extends PanacheEntityBase {

    public static class Key implements Serializable {
        public UUID statementId;
        public long version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(statementId, key.statementId) && version == key.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(statementId, version);
        }
    }

    @Id
    @Column(name = "statement_id")
    public UUID statementId;
    @Id
    public long version;
    @Enumerated(EnumType.STRING)
    public StatementStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Section> sections;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public OffsetDateTime changedAt;
    /** What changed, e.g. "generated", "section findings edited (en)", "DRAFT -> IN_REVIEW". */
    public String change;

    public static void record(Statement statement, String change) {
        StatementVersion v = new StatementVersion();
        v.statementId = statement.id;
        v.version = statement.version;
        v.status = statement.status;
        v.sections = statement.sections;
        v.changedBy = statement.updatedBy;
        v.changedAt = statement.updatedAt;
        v.change = change;
        v.persist();
    }
}
