package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** A partner system (OAuth client id) that a mission authorises to submit observations. */
@Entity
@Table(name = "mission_partner")
@IdClass(MissionPartner.Key.class)
public class MissionPartner extends PanacheEntityBase {

    public record Key(UUID missionId, String clientId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "mission_id")
    public UUID missionId;
    @Id
    @Column(name = "client_id")
    public String clientId;

    public static boolean lists(UUID missionId, String clientId) {
        return clientId != null && count("missionId = ?1 and clientId = ?2", missionId, clientId) > 0;
    }
}
