package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A pre-election contact: the statement quotes its counterpart by name and kind. */
@Entity
public class Meeting extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "meeting_date")
    public LocalDate meetingDate;
    public String counterpart;
    /** POLITICAL_PARTY, ELECTION_COMMISSION, GOVERNMENT, CIVIL_SOCIETY, MEDIA or OTHER. */
    @Column(name = "counterpart_kind")
    public String counterpartKind;
    /** Who spoke for the counterpart, e.g. "Ms. Jane Doe, Chairperson". */
    @Column(name = "counterpart_person")
    public String counterpartPerson;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attendee_ids")
    public List<UUID> attendeeIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> topics = new ArrayList<>();
    public long version;
}
