package org.eom.observations.domain;

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

/** The stored form of a {@link Form}; rows are only ever inserted. */
@Entity
@Immutable
@Table(name = "form_template")
@IdClass(FormTemplate.Key.class)
public class FormTemplate extends PanacheEntityBase {

    public record Key(UUID id, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    public UUID id;
    @Id
    public int version;
    @Column(name = "mission_id")
    public UUID missionId;
    @Enumerated(EnumType.STRING)
    public Phase phase;
    @JdbcTypeCode(SqlTypes.JSON)
    public Localized title;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Question> questions;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public static FormTemplate of(Form form, String createdBy, OffsetDateTime createdAt) {
        FormTemplate t = new FormTemplate();
        t.id = form.id();
        t.version = form.version();
        t.missionId = form.missionId();
        t.phase = form.phase();
        t.title = form.title();
        t.questions = form.questions();
        t.createdBy = createdBy;
        t.createdAt = createdAt;
        return t;
    }

    public Form form() {
        return new Form(id, version, missionId, phase, title, List.copyOf(questions));
    }
}
