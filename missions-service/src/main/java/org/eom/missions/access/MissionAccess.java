package org.eom.missions.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionPartner;
import org.eom.missions.domain.MissionRole;
import org.eom.platform.audit.MissionHeads;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.security.CurrentUser;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mission-scoped authorisation: roles say what kind of thing a caller may do, delegate
 * membership (or a partner listing) says for which missions. Admins may do everything. A delegate
 * whose accreditation was refused or revoked is no member: the user name opens nothing any more.
 * Stateless, so one instance serves every request rather than one being built for each: the caller is the
 * request's {@link CurrentUser}.
 */
@ApplicationScoped
public class MissionAccess implements MissionHeads {

    @Inject
    CurrentUser user;

    public Mission requireRead(UUID missionId) {
        Mission mission = find(missionId);
        if (user.isAdmin() || membership(missionId).isPresent()) {
            return mission;
        }
        throw ProblemException.forbidden("You are not a delegate of mission " + missionId);
    }

    /** Heads of mission and coordinators who are delegates of the mission (in a managing role) manage it. */
    public Mission requireManage(UUID missionId) {
        Mission mission = find(missionId);
        if (user.isAdmin()) {
            return mission;
        }
        boolean managerRole = user.hasRole(CurrentUser.HEAD_OF_MISSION) || user.hasRole(CurrentUser.COORDINATOR);
        if (managerRole && membership(missionId).filter(d -> d.missionRole.manages()).isPresent()) {
            return mission;
        }
        throw ProblemException.forbidden("Only the mission's head, deputy or coordinators may change mission " + missionId);
    }

    /** Which teams' plans a reader sees: the whole plan, or (an observer) only the teams they are in. */
    public record TeamScope(boolean wholePlan, Set<UUID> ownTeamIds) {
        public boolean covers(UUID teamId) {
            return wholePlan || ownTeamIds.contains(teamId);
        }
    }

    /** Admins, the mission's managers and analysts see all teams and deployments; its observers only their own. */
    public TeamScope requireReadPlan(UUID missionId) {
        requireRead(missionId);
        Optional<Delegate> member = membership(missionId);
        if (user.isAdmin() || member.map(d -> d.missionRole != MissionRole.OBSERVER).orElse(false)) {
            return new TeamScope(true, Set.of());
        }
        List<UUID> own = Delegate.getEntityManager()
                .createQuery("select t.id from Team t join t.memberIds m where t.missionId = ?1 and m = ?2", UUID.class)
                .setParameter(1, missionId).setParameter(2, member.orElseThrow().id)
                .getResultList();
        return new TeamScope(false, Set.copyOf(own));
    }

    /** The audit of partner and CEC reads is for admins and the mission's head or deputy. */
    @Override
    public void requireHead(UUID missionId) {
        find(missionId);
        boolean head = user.hasRole(CurrentUser.HEAD_OF_MISSION) && membership(missionId)
                .filter(d -> d.missionRole == MissionRole.HEAD_OF_MISSION || d.missionRole == MissionRole.DEPUTY).isPresent();
        if (user.isAdmin() || head) {
            return;
        }
        throw ProblemException.forbidden("Only the head or deputy head of mission " + missionId + " may read its audit");
    }

    public Optional<Delegate> membership(UUID missionId) {
        if (!isPerson()) {
            return Optional.empty();
        }
        // accreditation checked here, not in the query: Hibernate cannot cache the plan of a query with a collection
        // parameter and translates it anew on every call, and this runs for most requests
        return Delegate.<Delegate>list("missionId = ?1 and username = ?2", missionId, user.username()).stream()
                .filter(Delegate::hasAccess).findFirst();
    }

    /** Missions the caller may see: where they are a delegate, or (partner) where they are listed. */
    public List<UUID> visibleMissionIds() {
        if (user.hasRole(CurrentUser.PARTNER)) {
            return MissionPartner.<MissionPartner>list("clientId", user.clientId()).stream().map(p -> p.missionId).toList();
        }
        if (!isPerson()) {
            return List.of();
        }
        return Delegate.<Delegate>list("username", user.username()).stream()
                .filter(Delegate::hasAccess).map(d -> d.missionId).distinct().toList();
    }

    public CurrentUser user() {
        return user;
    }

    private boolean isPerson() {
        return user.hasRole(CurrentUser.HEAD_OF_MISSION) || user.hasRole(CurrentUser.COORDINATOR)
                || user.hasRole(CurrentUser.OBSERVER) || user.hasRole(CurrentUser.ANALYST) || user.isAdmin();
    }

    private static Mission find(UUID missionId) {
        Mission mission = Mission.findById(missionId);
        if (mission == null) {
            throw ProblemException.notFound("Mission", missionId);
        }
        return mission;
    }
}
