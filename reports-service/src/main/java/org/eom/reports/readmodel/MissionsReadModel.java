package org.eom.reports.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eom.reports.events.MissionsEventData.DelegateData;
import org.eom.reports.events.MissionsEventData.DeploymentData;
import org.eom.reports.events.MissionsEventData.DeploymentRemoved;
import org.eom.reports.events.MissionsEventData.ElectionData;
import org.eom.reports.events.MissionsEventData.MeetingData;
import org.eom.reports.events.MissionsEventData.MissionData;
import org.eom.reports.events.MissionsEventData.StationData;
import org.eom.reports.events.MissionsEventData.StationsData;
import org.eom.reports.events.MissionsEventData.TeamData;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the missions events to the read model. A versioned snapshot older than the stored one
 * is ignored, so a redelivered or late event never rolls data back; an equal version is applied
 * again, which is harmless because it carries the same state. Elections and stations carry no
 * version: their events are keyed by election id and so arrive in order.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MissionsReadModel {

    public void election(ElectionData data) {
        Election e = Election.findById(data.id());
        if (e == null) {
            e = new Election();
            e.id = data.id();
        }
        e.country = data.country();
        e.name = data.name();
        e.type = data.type();
        e.electionDay = data.electionDay();
        e.rounds = data.rounds() == null ? 1 : data.rounds();
        e.persist();
    }

    public void mission(MissionData data) {
        Mission m = Mission.findById(data.id());
        if (m == null) {
            m = new Mission();
            m.id = data.id();
        } else if (data.version() < m.version) {
            return;
        }
        m.electionId = data.electionId();
        m.organisation = data.organisation();
        m.name = data.name();
        m.mandate = data.mandate();
        m.deploymentStart = data.deploymentStart();
        m.deploymentEnd = data.deploymentEnd();
        m.observationStart = data.observationStart();
        m.observationEnd = data.observationEnd();
        m.areas = copy(data.areas());
        m.status = data.status();
        m.isPublic = data.isPublic();
        m.version = data.version();
        m.persist();
    }

    public void delegate(DelegateData data) {
        Delegate d = Delegate.findById(data.id());
        if (d == null) {
            d = new Delegate();
            d.id = data.id();
        } else if (data.version() < d.version) {
            return;
        }
        d.missionId = data.missionId();
        d.username = data.username();
        d.fullName = data.fullName();
        d.memberState = data.memberState();
        d.affiliation = data.affiliation();
        d.missionRole = data.missionRole();
        d.accreditationStatus = data.accreditationStatus();
        d.version = data.version();
        d.persist();
    }

    public void team(TeamData data) {
        Team t = Team.findById(data.id());
        if (t == null) {
            t = new Team();
            t.id = data.id();
        } else if (data.version() < t.version) {
            return;
        }
        t.missionId = data.missionId();
        t.name = data.name();
        t.members = data.members() == null ? new ArrayList<>()
                : new ArrayList<>(data.members().stream().map(m -> new Team.Member(m.delegateId(), m.username())).toList());
        t.version = data.version();
        t.persist();
    }

    public void deployment(DeploymentData data) {
        Deployment d = Deployment.findById(data.id());
        if (d == null) {
            d = new Deployment();
            d.id = data.id();
        } else if (data.version() < d.version) {
            return;
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

    public void deploymentRemoved(DeploymentRemoved data) {
        Deployment.deleteById(data.id());
    }

    public void stations(StationsData data) {
        for (StationData s : data.stations() == null ? List.<StationData>of() : data.stations()) {
            PollingStation p = PollingStation.findById(s.id());
            if (p == null) {
                p = new PollingStation();
                p.id = s.id();
            }
            p.electionId = data.electionId();
            p.number = s.number();
            p.name = s.name();
            p.district = s.district();
            p.address = s.address();
            p.latitude = s.latitude();
            p.longitude = s.longitude();
            p.accessibility = copy(s.accessibility());
            p.persist();
        }
    }

    public void meeting(MeetingData data) {
        Meeting m = Meeting.findById(data.id());
        if (m == null) {
            m = new Meeting();
            m.id = data.id();
        } else if (data.version() < m.version) {
            return;
        }
        m.missionId = data.missionId();
        m.meetingDate = data.meetingDate();
        m.counterpart = data.counterpart();
        m.counterpartKind = data.counterpartKind();
        m.counterpartPerson = data.counterpartPerson();
        m.attendeeIds = copy(data.attendeeIds());
        m.topics = copy(data.topics());
        m.version = data.version();
        m.persist();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }
}
