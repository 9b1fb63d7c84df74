package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eom.observations.domain.PgArray;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Copy of a polling station of an election's registry. */
@Entity
@Table(name = "polling_station")
public class PollingStation extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "election_id")
    public UUID electionId;
    public String number;
    public String name;
    public String district;
    public String address;
    public Double latitude;
    public Double longitude;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> accessibility = new ArrayList<>();

    public static Optional<PollingStation> inElection(UUID electionId, UUID stationId) {
        return PollingStation.<PollingStation>find("id = ?1 and electionId = ?2", stationId, electionId).firstResultOptional();
    }

    /** Those of these stations that belong to the election; an array parameter, see {@link PgArray}. */
    public static List<PollingStation> inElection(UUID electionId, List<UUID> stationIds) {
        @SuppressWarnings("unchecked")
        List<PollingStation> found = getEntityManager()
                .createNativeQuery("select * from polling_station where election_id = ?1 and id = any(cast(?2 as uuid[]))",
                        PollingStation.class)
                .setParameter(1, electionId).setParameter(2, PgArray.literal(stationIds, id -> id))
                .getResultList();
        return found;
    }
}
