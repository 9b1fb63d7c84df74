package org.eom.platform.audit;

import java.util.UUID;

/**
 * Who may read a mission's audit: admins and the mission's head or deputy. Each service decides it on its own copy of
 * the mission data (the same rule everywhere) and provides this bean for {@link AuditResource}.
 */
public interface MissionHeads {

    /** Returns when the caller may read the mission's audit; a 404 problem for an unknown mission, a 403 otherwise. */
    void requireHead(UUID missionId);
}
