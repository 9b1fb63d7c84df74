package org.eom.missions.domain;

public enum MissionRole {
    HEAD_OF_MISSION, DEPUTY, COORDINATOR, OBSERVER, ANALYST;

    /** Roles that may manage the mission (teams, deployments, meetings, stations). */
    public boolean manages() {
        return this == HEAD_OF_MISSION || this == DEPUTY || this == COORDINATOR;
    }
}
