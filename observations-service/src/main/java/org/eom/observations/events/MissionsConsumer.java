package org.eom.observations.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eom.observations.domain.Phase;
import org.eom.observations.missions.Delegate;
import org.eom.observations.missions.Deployment;
import org.eom.observations.missions.Election;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;
import org.eom.observations.missions.MissionPartner;
import org.eom.observations.missions.MissionStatus;
import org.eom.observations.missions.PollingStation;
import org.eom.observations.missions.Team;
import org.eom.platform.events.CloudEvent;
import org.eom.platform.events.EventConsumer;
import org.eom.platform.events.MalformedEventException;
import org.eom.platform.events.ProcessedEvents;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps this service's copy of the mission data (eom.missions.v1) so that election day goes on when
 * missions-service is down. Snapshots older than the one held are ignored; unknown types too.
 */
@ApplicationScoped
public class MissionsConsumer {

    static final String PREFIX = "org.eom.missions.";

    @Inject
    EventConsumer consumer;

    @Inject
    ProcessedEvents processed;

    @Inject
    MissionDirectory directory;

    record ElectionData(UUID id, String country, String name, String type, LocalDate electionDay) {
    }

    record MissionData(UUID id, UUID electionId, String organisation, String name, OffsetDateTime observationStart,
                       OffsetDateTime observationEnd, MissionStatus status, List<String> partnerClientIds, long version) {
    }

    record DelegateData(UUID id, UUID missionId, String username, String fullName, String missionRole,
                        String accreditationStatus, long version) {
    }

    record MemberData(UUID delegateId, String username) {
    }

    record TeamData(UUID id, UUID missionId, String name, List<MemberData> members, long version) {
    }

    record DeploymentData(UUID id, UUID missionId, UUID teamId, UUID stationId, Phase phase, OffsetDateTime plannedStart,
                          OffsetDateTime plannedEnd, long version) {
    }

    record RemovedData(UUID id, UUID missionId) {
    }

    record StationData(UUID id, String number, String name, String district, String address, Double latitude,
                       Double longitude, List<String> accessibility) {
    }

    record StationsData(UUID electionId, List<StationData> stations) {
    }

    @Incoming("missions-in")
    @Blocking
    void on(ConsumerRecords<String, String> records) {
        consumer.consume(records, events -> {
            directory.invalidateAroundCommit();
            events.forEach(this::apply);
        });
    }

    void apply(CloudEvent event) {
        switch (event.type()) {
            case PREFIX + "election.upserted" -> election(processed.data(event, ElectionData.class));
            case PREFIX + "mission.upserted" -> mission(processed.data(event, MissionData.class));
            case PREFIX + "delegate.upserted" -> delegate(processed.data(event, DelegateData.class));
            case PREFIX + "team.upserted" -> team(processed.data(event, TeamData.class));
            case PREFIX + "deployment.upserted" -> deployment(processed.data(event, DeploymentData.class));
            case PREFIX + "deployment.removed" -> deploymentRemoved(processed.data(event, RemovedData.class));
            case PREFIX + "polling-stations.upserted" -> stations(processed.data(event, StationsData.class));
            default -> {
                // meetings and types added later are not needed here
            }
        }
    }

    private void election(ElectionData data) {
        require(data.id() != null && data.country() != null && data.name() != null && data.electionDay() != null, "election", data);
        Election e = Election.<Election>findByIdOptional(data.id()).orElseGet(Election::new);
        e.id = data.id();
        e.country = data.country();
        e.name = data.name();
        e.type = data.type() == null ? "" : data.type();
        e.electionDay = data.electionDay();
        e.updatedAt = now();
        e.persist();
    }

    private void mission(MissionData data) {
        require(data.id() != null && data.electionId() != null && data.status() != null, "mission", data);
        Mission m = Mission.findById(data.id());
        if (m != null && m.version > data.version()) {
            return;
        }
        if (m == null) {
            m = new Mission();
            m.id = data.id();
        }
        m.electionId = data.electionId();
        m.organisation = data.organisation() == null ? "" : data.organisation();
        m.name = data.name() == null ? "" : data.name();
        m.status = data.status();
        m.observationStart = data.observationStart();
        m.observationEnd = data.observationEnd();
        m.version = data.version();
        m.updatedAt = now();
        m.persist();
        // a change, not delete-and-insert: the same mission may come twice in one transaction (ADR 0008),
        // and a bulk delete would leave the first snapshot's partners in the session
        Set<String> wanted = new LinkedHashSet<>(data.partnerClientIds() == null ? List.of() : data.partnerClientIds());
        for (MissionPartner held : MissionPartner.<MissionPartner>list("missionId", m.id)) {
            if (!wanted.remove(held.clientId)) {
                held.delete();
            }
        }
        for (String clientId : wanted) {
            MissionPartner partner = new MissionPartner();
            partner.missionId = m.id;
            partner.clientId = clientId;
            partner.persist();
        }
    }

    private void delegate(DelegateData data) {
        require(data.id() != null && data.missionId() != null && data.missionRole() != null, "delegate", data);
        Delegate d = Delegate.findById(data.id());
        if (d != null && d.version > data.version()) {
            return;
        }
        if (d == null) {
            d = new Delegate();
            d.id = data.id();
        }
        d.missionId = data.missionId();
        d.username = data.username();
        d.fullName = data.fullName() == null ? "" : data.fullName();
        d.missionRole = data.missionRole();
        d.accreditationStatus = data.accreditationStatus() == null ? "REQUESTED" : data.accreditationStatus();
        d.version = data.version();
        d.persist();
    }

    private void team(TeamData data) {
        require(data.id() != null && data.missionId() != null, "team", data);
        Team t = Team.findById(data.id());
        if (t != null && t.version > data.version()) {
            return;
        }
        if (t == null) {
            t = new Team();
            t.id = data.id();
        }
        t.missionId = data.missionId();
        t.name = data.name() == null ? "" : data.name();
        t.version = data.version();
        t.members = (data.members() == null ? List.<MemberData>of() : data.members()).stream()
                .filter(member -> member.delegateId() != null)
                .map(member -> new Team.Member(member.delegateId(), member.username()))
                .distinct().collect(Collectors.toCollection(ArrayList::new));
        t.persist();
    }

    private void deployment(DeploymentData data) {
        require(data.id() != null && data.missionId() != null && data.teamId() != null && data.stationId() != null
                && data.phase() != null, "deployment", data);
        Deployment d = Deployment.findById(data.id());
        if (d != null && (d.removed || d.version > data.version())) {
            return;
        }
        if (d == null) {
            d = new Deployment();
            d.id = data.id();
        }
        d.missionId = data.missionId();
        d.teamId = data.teamId();
        d.stationId = data.stationId();
        d.phase = data.phase();
        d.plannedStart = data.plannedStart();
        d.plannedEnd = data.plannedEnd();
        d.version = data.version();
        d.persist();
    }

    private void deploymentRemoved(RemovedData data) {
        require(data.id() != null && data.missionId() != null, "deployment removal", data);
        Deployment d = Deployment.findById(data.id());
        if (d != null) {
            d.removed = true;
        }
    }

    /** Unchanged stations are left alone, so that mobile clients are not sent them again. */
    private void stations(StationsData data) {
        require(data.electionId() != null && data.stations() != null, "polling stations", data);
        List<UUID> ids = data.stations().stream().map(StationData::id).toList();
        require(ids.stream().allMatch(id -> id != null), "polling stations", data);
        Map<UUID, PollingStation> held = PollingStation.<PollingStation>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
        for (StationData s : data.stations()) {
            require(s.number() != null && s.name() != null && s.district() != null, "polling station", s);
            PollingStation station = held.get(s.id());
            if (station == null) {
                station = new PollingStation();
                station.id = s.id();
            }
            station.electionId = data.electionId();
            station.number = s.number();
            station.name = s.name();
            station.district = s.district();
            station.address = s.address();
            station.latitude = s.latitude();
            station.longitude = s.longitude();
            station.accessibility = new ArrayList<>(s.accessibility() == null ? List.of() : s.accessibility());
            station.persist();
        }
    }

    private static void require(boolean valid, String what, Object data) {
        if (!valid) {
            throw new MalformedEventException(what + " event lacks a required field: " + data, null);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
