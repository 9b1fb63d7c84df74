package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A pre-election contact with a stakeholder. */
@Entity
public class Meeting extends PanacheEntityBase {
    public enum CounterpartKind { POLITICAL_PARTY, ELECTION_COMMISSION, GOVERNMENT, CIVIL_SOCIETY, MEDIA, OTHER }

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "meeting_date")
    public LocalDate meetingDate;
    /** The organisation met, e.g. the party "Amanat" or the Central Election Commission. */
    public String counterpart;
    @Enumerated(EnumType.STRING)
    @Column(name = "counterpart_kind")
    public CounterpartKind counterpartKind;
    /** The person who spoke for the counterpart, e.g. "Mr. Nurlan Abdirov, Chairman". */
    @Column(name = "counterpart_person")
    public String counterpartPerson;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attendee_ids")
    public List<UUID> attendeeIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> topics = new ArrayList<>();
    public String notes;
    @Version
    public long version;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
