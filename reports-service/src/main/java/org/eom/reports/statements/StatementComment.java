package org.eom.reports.statements;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A reviewer's remark on a statement, or on one of its sections. */
@Entity
@Table(name = "statement_comment")
public class StatementComment extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "statement_id")
    public UUID statementId;
    @Column(name = "section_id")
    public String sectionId;
    public String author;
    public String text;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
