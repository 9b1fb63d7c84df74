package org.eom.reports.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A member of a mission: who they are for the statement's composition, and whom a token's username stands for. */
@Entity
public class Delegate extends PanacheEntityBase {

    public static final String HEAD_OF_MISSION = "HEAD_OF_MISSION";
    public static final String DEPUTY = "DEPUTY";
    /** Accreditation states of someone who is no longer (or never was) part of the mission. */
    private static final Set<String> NOT_ACCREDITED = Set.of("REFUSED", "REVOKED");

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    public String username;
    @Column(name = "full_name")
    public String fullName;
    /** ISO 3166-1 alpha-2 code of the state the delegate represents. */
    @Column(name = "member_state")
    public String memberState;
    /** SECRETARIAT, CENTRAL_ELECTION_COMMISSION, MINISTRY_OF_FOREIGN_AFFAIRS, PARLIAMENT or OTHER. */
    public String affiliation;
    /** HEAD_OF_MISSION, DEPUTY, COORDINATOR, OBSERVER or ANALYST. */
    @Column(name = "mission_role")
    public String missionRole;
    @Column(name = "accreditation_status")
    public String accreditationStatus;
    public long version;

    /** The person's membership of the mission; none once their accreditation was refused or revoked. */
    public static Optional<Delegate> of(UUID missionId, String username) {
        // accreditation checked here, not in the query: Hibernate cannot cache the plan of a query with a collection
        // parameter and translates it anew on every call, and this runs for every request of an analyst
        return Delegate.<Delegate>list("missionId = ?1 and username = ?2", missionId, username).stream()
                .filter(Delegate::hasAccess).findFirst();
    }

    /** Whether this delegate's user name opens the mission: not while refused or revoked. */
    public boolean hasAccess() {
        return !NOT_ACCREDITED.contains(accreditationStatus);
    }
}
