package org.eom.missions.domain;

public enum Affiliation {
    SECRETARIAT, CENTRAL_ELECTION_COMMISSION, MINISTRY_OF_FOREIGN_AFFAIRS, PARLIAMENT, OTHER
}
