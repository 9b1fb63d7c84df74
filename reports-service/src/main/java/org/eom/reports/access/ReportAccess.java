package org.eom.reports.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.platform.audit.MissionHeads;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.security.CurrentUser;
import org.eom.reports.readmodel.Delegate;
import org.eom.reports.readmodel.Mission;
import org.eom.reports.readmodel.MissionDirectory;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mission-scoped authorisation. The realm role says what kind of thing a caller may do; being a
 * delegate of the mission (in the read model, by token username) says for which mission.
 * Admins may do everything.
 * Stateless, so one instance serves every request rather than one being built for each: the caller is the
 * request's {@link CurrentUser}.
 */
@ApplicationScoped
public class ReportAccess implements MissionHeads {

    private static final Set<String> APPROVING_MISSION_ROLES = Set.of(Delegate.HEAD_OF_MISSION, Delegate.DEPUTY);

    @Inject
    CurrentUser user;

    @Inject
    MissionDirectory directory;

    /** Figures and drill-downs: the mission's heads, analysts, coordinators and observers. */
    public Mission requireFigures(UUID missionId) {
        Mission mission = find(missionId);
        boolean reader = user.hasRole(CurrentUser.HEAD_OF_MISSION) || user.hasRole(CurrentUser.ANALYST)
                || user.hasRole(CurrentUser.COORDINATOR) || user.hasRole(CurrentUser.OBSERVER);
        if (user.isAdmin() || reader && membership(missionId).isPresent()) {
            return mission;
        }
        throw ProblemException.forbidden("You are not a delegate of mission " + missionId);
    }

    /** Reading, drafting and editing statements: the mission's analysts and heads. */
    public Mission requireEditor(UUID missionId) {
        Mission mission = find(missionId);
        boolean editor = user.hasRole(CurrentUser.ANALYST) || user.hasRole(CurrentUser.HEAD_OF_MISSION);
        if (user.isAdmin() || editor && membership(missionId).isPresent()) {
            return mission;
        }
        throw ProblemException.forbidden("Only the analysts and the head of mission " + missionId + " may work on its statements");
    }

    /** Approving and publishing: the mission's head (or deputy head) with the head-of-mission role. */
    public Mission requireApprover(UUID missionId) {
        return requireHead(missionId, "Only the head of mission " + missionId + " may approve or publish its statements");
    }

    /** The audit of partner and CEC reads: the same heads as for approving (head or deputy), and admins. */
    @Override
    public void requireHead(UUID missionId) {
        requireHead(missionId, "Only the head or deputy head of mission " + missionId + " may read its audit");
    }

    public String username() {
        return user.username();
    }

    private Mission requireHead(UUID missionId, String refusal) {
        Mission mission = find(missionId);
        if (user.isAdmin() || user.hasRole(CurrentUser.HEAD_OF_MISSION)
                && membership(missionId).filter(d -> APPROVING_MISSION_ROLES.contains(d.missionRole)).isPresent()) {
            return mission;
        }
        throw ProblemException.forbidden(refusal);
    }

    private Optional<Delegate> membership(UUID missionId) {
        String username = user.username();
        return username == null ? Optional.empty() : directory.membership(missionId, username);
    }

    private Mission find(UUID missionId) {
        return directory.mission(missionId).orElseThrow(() -> ProblemException.notFound("Mission", missionId));
    }
}
