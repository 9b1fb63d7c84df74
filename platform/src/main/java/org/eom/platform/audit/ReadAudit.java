package org.eom.platform.audit;

import jakarta.enterprise.context.RequestScoped;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The missions one request read data of, for the audit of partner and CEC reads. Resources note
 * them when the path names none (lists across missions, election-wide stations, a statement or a
 * form found by its own id); {@link ReadAuditFilter} writes them.
 */
@RequestScoped
public class ReadAudit {

    private final Set<UUID> missionIds = new LinkedHashSet<>();

    /** Notes the missions the response shows data of; nulls (data of no mission) are left out. */
    public void concerns(Collection<UUID> ids) {
        ids.stream().filter(Objects::nonNull).forEach(missionIds::add);
    }

    Set<UUID> missionIds() {
        return missionIds;
    }
}
