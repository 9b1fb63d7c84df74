package org.eom.missions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A partner system (a Keycloak client id) authorised to post observations to and read stations of a mission. */
@Entity
@Table(name = "mission_partner")
@IdClass(MissionPartner.Key.class)
public class MissionPartner extends PanacheEntityBase {
    @Id
    @Column(name = "mission_id")
    public UUID missionId;
    @Id
    @Column(name = "client_id")
    public String clientId;
    public String name;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public record Key(UUID missionId, String clientId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
