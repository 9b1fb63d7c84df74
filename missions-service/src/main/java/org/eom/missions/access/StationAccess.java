package org.eom.missions.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.missions.domain.AccreditationStatus;
import org.eom.missions.domain.Election;
import org.eom.missions.domain.MissionRole;
import org.eom.platform.audit.ReadAudit;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.security.CurrentUser;

import java.util.List;
import java.util.UUID;

/**
 * Access to an election's station registry follows the missions to that election: their
 * managers maintain it, their delegates and listed partners read it.
 * Stateless, so one instance serves every request rather than one being built for each: the caller is the
 * request's {@link CurrentUser}.
 */
@ApplicationScoped
public class StationAccess {

    private static final String DELEGATE_OF_ELECTION = "select count(d) from Delegate d, Mission m "
            + "where d.missionId = m.id and m.electionId = ?1 and d.username = ?2 and d.missionRole in ?3 "
            + "and d.accreditationStatus not in ?4";

    @Inject
    CurrentUser user;

    @Inject
    ReadAudit readAudit;

    public void requireManage(UUID electionId) {
        requireElection(electionId);
        if (user.isAdmin()) {
            return;
        }
        boolean managerRole = user.hasRole(CurrentUser.HEAD_OF_MISSION) || user.hasRole(CurrentUser.COORDINATOR);
        List<MissionRole> managing = List.of(MissionRole.HEAD_OF_MISSION, MissionRole.DEPUTY, MissionRole.COORDINATOR);
        if (managerRole && Election.count(DELEGATE_OF_ELECTION, electionId, user.username(), managing, AccreditationStatus.WITHOUT_ACCESS) > 0) {
            return;
        }
        throw ProblemException.forbidden("Only the head or coordinators of a mission to election " + electionId + " may change its stations");
    }

    public void requireRead(UUID electionId) {
        requireElection(electionId);
        if (user.isAdmin()) {
            return;
        }
        if (user.hasRole(CurrentUser.PARTNER)) {
            List<UUID> listing = Election.getEntityManager().createQuery("select m.id from MissionPartner p, Mission m "
                            + "where p.missionId = m.id and m.electionId = ?1 and p.clientId = ?2", UUID.class)
                    .setParameter(1, electionId).setParameter(2, user.clientId()).getResultList();
            if (!listing.isEmpty()) {
                readAudit.concerns(listing); // a partner reads stations through the missions that list it
                return;
            }
        } else if (Election.count(DELEGATE_OF_ELECTION, electionId, user.username(), List.of(MissionRole.values()),
                AccreditationStatus.WITHOUT_ACCESS) > 0) {
            return;
        }
        throw ProblemException.forbidden("You take part in no mission to election " + electionId);
    }

    private static void requireElection(UUID electionId) {
        if (Election.findById(electionId) == null) {
            throw ProblemException.notFound("Election", electionId);
        }
    }
}
