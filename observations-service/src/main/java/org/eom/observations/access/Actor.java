package org.eom.observations.access;

import org.eom.observations.domain.Channel;

/**
 * Who changes something and through which channel: a person by user name (web or mobile app), or a
 * partner system by its client id.
 */
public record Actor(String name, Channel channel) {

    public boolean isPartner() {
        return channel == Channel.PARTNER;
    }

    /** The partner's client id, or null for a person. */
    public String partnerClientId() {
        return isPartner() ? name : null;
    }

    /** What this actor may read of a mission it may submit to: a partner only its own submissions. */
    public ReadScope readScope() {
        return isPartner() ? ReadScope.submittedBy(name) : ReadScope.WHOLE_MISSION;
    }
}
