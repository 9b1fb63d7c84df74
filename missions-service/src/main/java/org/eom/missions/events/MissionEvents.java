package org.eom.missions.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Deployment;
import org.eom.missions.domain.Election;
import org.eom.missions.domain.Meeting;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionPartner;
import org.eom.missions.domain.PollingStation;
import org.eom.missions.domain.Team;
import org.eom.platform.events.EventOutbox;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The events of topic eom.missions.v1 (see docs/events.md). Each carries what other services
 * need to act without calling back; delegates' contact data and internal notes never leave.
 */
@ApplicationScoped
public class MissionEvents {

    public static final String PREFIX = "org.eom.missions.";
    /** An event's stations: large imports are split into events of this many. */
    public static final int STATIONS_PER_EVENT = 500;

    @Inject
    EventOutbox outbox;

    public record ElectionData(UUID id, String country, String name, String type, LocalDate electionDay, int rounds) {
    }

    public record MissionData(UUID id, UUID electionId, String organisation, String name, String mandate,
                              LocalDate deploymentStart, LocalDate deploymentEnd,
                              OffsetDateTime observationStart, OffsetDateTime observationEnd,
                              List<String> areas, String status, boolean isPublic, List<String> partnerClientIds,
                              long version) {
    }

    public record DelegateData(UUID id, UUID missionId, String username, String fullName, String memberState,
                               String affiliation, String missionRole, String accreditationStatus, long version) {
    }

    public record StationData(UUID id, String number, String name, String district, String address,
                              Double latitude, Double longitude, List<String> accessibility) {
    }

    public record StationsData(UUID electionId, List<StationData> stations) {
    }

    public record MeetingData(UUID id, UUID missionId, LocalDate meetingDate, String counterpart,
                              String counterpartKind, String counterpartPerson, List<UUID> attendeeIds,
                              List<String> topics, long version) {
    }

    public record TeamMemberData(UUID delegateId, String username) {
    }

    public record TeamData(UUID id, UUID missionId, String name, List<TeamMemberData> members, long version) {
    }

    public record DeploymentData(UUID id, UUID missionId, UUID teamId, UUID stationId, String phase,
                                 OffsetDateTime plannedStart, OffsetDateTime plannedEnd, long version) {
    }

    public record DeploymentRemovedData(UUID id, UUID missionId) {
    }

    public void election(Election e) {
        outbox.publish(PREFIX + "election.upserted", e.id, "elections/" + e.id,
                new ElectionData(e.id, e.country, e.name, e.type, e.electionDay, e.rounds));
    }

    public void mission(Mission m) {
        List<String> partners = MissionPartner.<MissionPartner>list("missionId", m.id).stream().map(p -> p.clientId).sorted().toList();
        outbox.publish(PREFIX + "mission.upserted", m.id, "missions/" + m.id,
                new MissionData(m.id, m.electionId, m.organisation, m.name, m.mandate, m.deploymentStart,
                        m.deploymentEnd, m.observationStart, m.observationEnd, m.areas, m.status.name(),
                        m.isPublic, partners, m.version));
    }

    public void delegate(Delegate d) {
        outbox.publish(PREFIX + "delegate.upserted", d.missionId, "missions/" + d.missionId + "/delegates/" + d.id,
                new DelegateData(d.id, d.missionId, d.username, d.fullName, d.memberState, d.affiliation.name(),
                        d.missionRole.name(), d.accreditationStatus.name(), d.version));
    }

    /** Stations are election-wide, so their events are keyed by election id. */
    public void stations(UUID electionId, List<PollingStation> stations) {
        for (int from = 0; from < stations.size(); from += STATIONS_PER_EVENT) {
            List<StationData> data = stations.subList(from, Math.min(stations.size(), from + STATIONS_PER_EVENT)).stream()
                    .map(s -> new StationData(s.id, s.number, s.name, s.district, s.address, s.latitude, s.longitude, s.accessibility))
                    .toList();
            outbox.publish(PREFIX + "polling-stations.upserted", electionId, "elections/" + electionId + "/polling-stations",
                    new StationsData(electionId, data));
        }
    }

    public void meeting(Meeting m) {
        outbox.publish(PREFIX + "meeting.upserted", m.missionId, "missions/" + m.missionId + "/meetings/" + m.id,
                new MeetingData(m.id, m.missionId, m.meetingDate, m.counterpart, m.counterpartKind.name(),
                        m.counterpartPerson, m.attendeeIds, m.topics, m.version));
    }

    /** Members carry their user names, so observations-service can tell which team a submitting observer is in. */
    public void team(Team t) {
        List<Delegate> delegates = t.memberIds.isEmpty() ? List.of() : Delegate.list("id in ?1", t.memberIds);
        List<TeamMemberData> members = delegates.stream()
                .map(d -> new TeamMemberData(d.id, d.username))
                .sorted(Comparator.comparing(TeamMemberData::delegateId))
                .toList();
        outbox.publish(PREFIX + "team.upserted", t.missionId, "missions/" + t.missionId + "/teams/" + t.id,
                new TeamData(t.id, t.missionId, t.name, members, t.version));
    }

    public void deployment(Deployment d) {
        outbox.publish(PREFIX + "deployment.upserted", d.missionId, deploymentSubject(d),
                new DeploymentData(d.id, d.missionId, d.teamId, d.stationId, d.phase.name(), d.plannedStart,
                        d.plannedEnd, d.version));
    }

    public void deploymentRemoved(Deployment d) {
        outbox.publish(PREFIX + "deployment.removed", d.missionId, deploymentSubject(d),
                new DeploymentRemovedData(d.id, d.missionId));
    }

    private static String deploymentSubject(Deployment d) {
        return "missions/" + d.missionId + "/deployments/" + d.id;
    }
}
