package org.eom.missions.access;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eom.missions.domain.Delegate;
import org.eom.missions.domain.Mission;
import org.eom.missions.domain.MissionPartner;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.security.CurrentUser;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Mission-scoped authorisation: roles say what kind of thing a caller may do, delegate
 * membership (or a partner listing) says for which missions. Admins may do everything.
 */
@RequestScoped
public class MissionAccess {

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

    /** Whether a partner system's client is listed by the mission. */
    public boolean isListedPartner(UUID missionId) {
        return user.hasRole(CurrentUser.PARTNER) && user.clientId() != null
                && MissionPartner.count("missionId = ?1 and clientId = ?2", missionId, user.clientId()) > 0;
    }

    public Optional<Delegate> membership(UUID missionId) {
        if (!isPerson()) {
            return Optional.empty();
        }
        return Delegate.find("missionId = ?1 and username = ?2", missionId, user.username()).firstResultOptional();
    }

    /** Missions the caller may see: where they are a delegate, or (partner) where they are listed. */
    public List<UUID> visibleMissionIds() {
        if (user.hasRole(CurrentUser.PARTNER)) {
            return MissionPartner.<MissionPartner>list("clientId", user.clientId()).stream().map(p -> p.missionId).toList();
        }
        if (!isPerson()) {
            return List.of();
        }
        return Delegate.<Delegate>list("username", user.username()).stream().map(d -> d.missionId).distinct().toList();
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
