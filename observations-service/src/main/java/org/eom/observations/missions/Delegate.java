package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Copy of a delegate (never contact data): membership of a person in a mission, by Keycloak user name. */
@Entity
public class Delegate extends PanacheEntityBase {

    public static final String HEAD_OF_MISSION = "HEAD_OF_MISSION";
    public static final String DEPUTY = "DEPUTY";

    /** Delegates whose accreditation was refused or revoked no longer act for the mission. */
    private static final String ACTIVE = "accreditationStatus <> 'REFUSED' and accreditationStatus <> 'REVOKED'";

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    public String username;
    @Column(name = "full_name")
    public String fullName;
    /** HEAD_OF_MISSION, DEPUTY, COORDINATOR, OBSERVER or ANALYST. */
    @Column(name = "mission_role")
    public String missionRole;
    @Column(name = "accreditation_status")
    public String accreditationStatus;
    public long version;

    public static Optional<Delegate> active(UUID missionId, String username) {
        return Delegate.<Delegate>find("missionId = ?1 and username = ?2 and " + ACTIVE, missionId, username).firstResultOptional();
    }

    /** The user names of the mission's active delegates (a delegate without an account yet has none). */
    public static Set<String> activeUsernames(UUID missionId) {
        return Set.copyOf(getEntityManager()
                .createQuery("select username from Delegate where missionId = ?1 and username is not null and " + ACTIVE, String.class)
                .setParameter(1, missionId).getResultList());
    }

    /** The missions in which a person is an active delegate. */
    public static List<UUID> missionsOf(String username) {
        return Delegate.<Delegate>list("username = ?1 and " + ACTIVE, username).stream()
                .map(d -> d.missionId).distinct().sorted().toList();
    }
}
