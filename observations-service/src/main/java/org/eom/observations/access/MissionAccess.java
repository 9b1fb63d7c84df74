package org.eom.observations.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eom.observations.domain.Channel;
import org.eom.observations.missions.Delegate;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;
import org.eom.observations.missions.MissionPartner;
import org.eom.platform.audit.MissionHeads;
import org.eom.platform.problem.ProblemException;
import org.eom.platform.security.CurrentUser;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mission-scoped authorisation over this service's copy of the mission data: the token's roles say
 * what kind of thing a caller may do, delegate membership (user name = preferred_username) or the
 * mission's partner list (client id = azp) says for which missions. Admins may do everything; CEC
 * systems nothing here.
 * Stateless, so one instance serves every request rather than one being built for each: the caller is the
 * request's {@link CurrentUser}.
 */
@ApplicationScoped
public class MissionAccess implements MissionHeads {

    private static final List<String> READERS = List.of(CurrentUser.OBSERVER, CurrentUser.ANALYST,
            CurrentUser.COORDINATOR, CurrentUser.HEAD_OF_MISSION);
    private static final List<String> REVIEWERS = List.of(CurrentUser.ANALYST, CurrentUser.COORDINATOR,
            CurrentUser.HEAD_OF_MISSION);
    private static final Set<String> HEADS = Set.of(Delegate.HEAD_OF_MISSION, Delegate.DEPUTY);

    @Inject
    CurrentUser user;

    @Inject
    MissionDirectory directory;

    @ConfigProperty(name = "eom.observations.mobile-client-id")
    String mobileClientId;

    /** The mission as missions-service announced it; 404 when it never did. */
    public Mission mission(UUID missionId) {
        return directory.mission(missionId).orElseThrow(() -> ProblemException.notFound("Mission", missionId));
    }

    public Actor actor() {
        if (isPartner()) {
            return new Actor(user.clientId(), Channel.PARTNER);
        }
        return new Actor(user.username(), mobileClientId.equals(user.clientId()) ? Channel.MOBILE : Channel.WEB);
    }

    /** Observers who are delegates of the mission, partners it lists, admins. */
    public Actor requireSubmit(Mission mission) {
        if (user.isAdmin() || (isPartner() ? listsPartner(mission) : user.hasRole(CurrentUser.OBSERVER) && isDelegate(mission))) {
            return actor();
        }
        throw ProblemException.forbidden(isPartner()
                ? "Mission " + mission.id + " does not list your client as a partner"
                : "Only observers who are delegates of mission " + mission.id + " may submit to it");
    }

    /** Delegates of the mission read all of it; a listed partner only what it submitted. */
    public ReadScope requireRead(Mission mission) {
        if (user.isAdmin()) {
            return ReadScope.WHOLE_MISSION;
        }
        if (isPartner()) {
            if (listsPartner(mission)) {
                return ReadScope.submittedBy(user.clientId());
            }
            throw ProblemException.forbidden("Mission " + mission.id + " does not list your client as a partner");
        }
        if (READERS.stream().anyMatch(user::hasRole) && isDelegate(mission)) {
            return ReadScope.WHOLE_MISSION;
        }
        throw ProblemException.forbidden("You are not a delegate of mission " + mission.id);
    }

    /** Analysts, coordinators and heads of mission who are its delegates, and admins. */
    public Actor requireReview(Mission mission) {
        if (user.isAdmin() || !isPartner() && REVIEWERS.stream().anyMatch(user::hasRole) && isDelegate(mission)) {
            return actor();
        }
        throw ProblemException.forbidden("Only analysts, coordinators and heads of mission " + mission.id + " may review");
    }

    /**
     * Amending or withdrawing, for an actor who may submit to the mission: admins, whoever submitted the
     * record, or (people) one of its delegates.
     */
    public void requireAuthor(Actor actor, String submittedBy, List<String> delegateUsernames) {
        if (!user.isAdmin() && !actor.name().equals(submittedBy) && (actor.isPartner() || !delegateUsernames.contains(actor.name()))) {
            throw ProblemException.forbidden("Only whoever submitted this record (or their team) may change it");
        }
    }

    /** Updating an incident (its follow-up): whoever reported it, the mission's reviewers, admins. */
    public Actor requireIncidentChange(Mission mission, String reportedBy) {
        Actor actor = actor();
        boolean reporter = actor.name().equals(reportedBy) && (isPartner() ? listsPartner(mission) : isDelegate(mission));
        boolean reviewer = !isPartner() && REVIEWERS.stream().anyMatch(user::hasRole) && isDelegate(mission);
        if (user.isAdmin() || reporter || reviewer) {
            return actor;
        }
        throw ProblemException.forbidden("Only whoever reported this incident, or the mission's analysts, coordinators and heads, may update it");
    }

    /** New template versions for a mission: its analysts and admins. */
    public Actor requireManageForms(Mission mission) {
        if (user.isAdmin() || !isPartner() && user.hasRole(CurrentUser.ANALYST) && isDelegate(mission)) {
            return actor();
        }
        throw ProblemException.forbidden("Only analysts of mission " + mission.id + " may publish its templates");
    }

    /**
     * The audit of partner and CEC reads: admins, and the mission's head or deputy (an active delegate in that mission
     * role) with the realm role head-of-mission, as missions-service and reports-service decide it.
     */
    @Override
    public void requireHead(UUID missionId) {
        mission(missionId);
        boolean head = !isPartner() && user.hasRole(CurrentUser.HEAD_OF_MISSION) && Delegate.active(missionId, user.username())
                .filter(d -> HEADS.contains(d.missionRole)).isPresent();
        if (user.isAdmin() || head) {
            return;
        }
        throw ProblemException.forbidden("Only the head or deputy head of mission " + missionId + " may read its audit");
    }

    /** The missions a caller other than an admin may read. */
    public List<UUID> readableMissionIds() {
        if (isPartner()) {
            return MissionPartner.<MissionPartner>list("clientId", user.clientId()).stream().map(p -> p.missionId).toList();
        }
        return READERS.stream().anyMatch(user::hasRole) ? Delegate.missionsOf(user.username()) : List.of();
    }

    public boolean isAdmin() {
        return user.isAdmin();
    }

    private boolean isPartner() {
        return user.hasRole(CurrentUser.PARTNER);
    }

    private boolean listsPartner(Mission mission) {
        return directory.listsPartner(mission.id, user.clientId());
    }

    private boolean isDelegate(Mission mission) {
        return directory.isActiveDelegate(mission.id, user.username());
    }
}
