package org.eom.observations.missions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Copy of an observer team and its members. */
@Entity
public class Team extends PanacheEntityBase {

    @Embeddable
    public record Member(@Column(name = "delegate_id") UUID delegateId, String username) {
    }

    @Id
    public UUID id;
    @Column(name = "mission_id")
    public UUID missionId;
    public String name;
    public long version;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "team_member", joinColumns = @JoinColumn(name = "team_id"))
    public List<Member> members = new ArrayList<>();

    public List<String> usernames() {
        return members.stream().map(Member::username).filter(Objects::nonNull).sorted().toList();
    }

    /** The team a person belongs to in a mission, if any. */
    public static Optional<Team> of(UUID missionId, String username) {
        return Team.<Team>find("select t from Team t join t.members m where t.missionId = ?1 and m.username = ?2 order by t.id",
                missionId, username).firstResultOptional();
    }
}
