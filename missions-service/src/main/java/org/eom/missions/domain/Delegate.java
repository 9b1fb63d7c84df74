package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
public class Delegate extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    @Column(name = "full_name")
    public String fullName;
    /** ISO 3166-1 alpha-2 of the member state the delegate represents. */
    @Column(name = "member_state")
    public String memberState;
    @Enumerated(EnumType.STRING)
    public Affiliation affiliation;
    @Enumerated(EnumType.STRING)
    @Column(name = "mission_role")
    public MissionRole missionRole;
    @Column(name = "accreditation_number")
    public String accreditationNumber;
    @Enumerated(EnumType.STRING)
    @Column(name = "accreditation_status")
    public AccreditationStatus accreditationStatus;
    /** The Keycloak user name this delegate logs in with (preferred_username). */
    public String username;
    /** Contact details: mission staff only. */
    public String email;
    public String phone;
    @Version
    public long version;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Whether this delegate's user name opens the mission: not while refused or revoked. */
    public boolean hasAccess() {
        return !AccreditationStatus.WITHOUT_ACCESS.contains(accreditationStatus);
    }
}
