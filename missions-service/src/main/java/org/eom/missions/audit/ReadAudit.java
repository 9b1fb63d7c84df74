package org.eom.missions.audit;

import jakarta.enterprise.context.RequestScoped;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The missions one request read data of, for the audit of partner and CEC reads. Resources note
 * them when the path names none (lists, election-wide stations); {@link ReadAuditFilter} writes them.
 */
@RequestScoped
public class ReadAudit {

    private final Set<UUID> missionIds = new LinkedHashSet<>();

    public void concerns(Collection<UUID> ids) {
        missionIds.addAll(ids);
    }

    Set<UUID> missionIds() {
        return missionIds;
    }
}
