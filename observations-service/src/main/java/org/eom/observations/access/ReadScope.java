package org.eom.observations.access;

/** What of a mission a caller may read: everything, or (a partner) only what its client submitted. */
public record ReadScope(String partnerClientId) {

    public static final ReadScope WHOLE_MISSION = new ReadScope(null);

    public static ReadScope submittedBy(String partnerClientId) {
        return new ReadScope(partnerClientId);
    }

    public boolean wholeMission() {
        return partnerClientId == null;
    }

    public boolean allows(String recordPartnerClientId) {
        return wholeMission() || partnerClientId.equals(recordPartnerClientId);
    }
}
