package org.eom.reports.events;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The data of the eom.missions.v1 events this service reads (docs/events.md); unknown fields are ignored. */
public final class MissionsEventData {

    public static final String PREFIX = "org.eom.missions.";

    public record ElectionData(UUID id, String country, String name, String type, LocalDate electionDay, Integer rounds) {
    }

    public record MissionData(UUID id, UUID electionId, String organisation, String name, String mandate,
                              LocalDate deploymentStart, LocalDate deploymentEnd,
                              OffsetDateTime observationStart, OffsetDateTime observationEnd,
                              List<String> areas, String status, boolean isPublic, long version) {
    }

    public record DelegateData(UUID id, UUID missionId, String username, String fullName, String memberState,
                               String affiliation, String missionRole, String accreditationStatus, long version) {
    }

    public record TeamMember(UUID delegateId, String username) {
    }

    public record TeamData(UUID id, UUID missionId, String name, List<TeamMember> members, long version) {
    }

    public record DeploymentData(UUID id, UUID missionId, UUID teamId, UUID stationId, String phase,
                                 OffsetDateTime plannedStart, OffsetDateTime plannedEnd, long version) {
    }

    public record DeploymentRemoved(UUID id, UUID missionId) {
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

    private MissionsEventData() {
    }
}
