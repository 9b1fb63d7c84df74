package org.eom.observations.observations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eom.observations.access.Actor;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Change;
import org.eom.observations.domain.Channel;
import org.eom.observations.domain.ContentHash;
import org.eom.observations.domain.Flag;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.InsertIfAbsent;
import org.eom.observations.domain.Observation;
import org.eom.observations.domain.ObservationStatus;
import org.eom.observations.domain.PgArray;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.ReviewStatus;
import org.eom.observations.domain.VersionKind;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;
import org.eom.observations.missions.PollingStation;
import org.eom.observations.missions.Team;
import org.eom.platform.http.Etags;
import org.eom.platform.problem.ProblemException;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Submission, amendment, withdrawal and review of observations. Each runs in the caller's
 * transaction; the resulting revision is kept in the history and published through the outbox.
 */
@ApplicationScoped
public class ObservationService {

    public enum Outcome {
        /** A new observation was stored. */
        CREATED,
        /** The same id with the same content: nothing changed. */
        REPLAY,
        /** The same id with different content: refused, the client should amend instead. */
        CONFLICT,
        /** A new revision was stored. */
        CHANGED,
        /** The request asked for the state the observation is already in. */
        UNCHANGED
    }

    /**
     * What a call did to the observation. {@code record} is the observation's view as JSON text, as its version row
     * keeps it, when the call wrote that row for a new observation (CREATED), so that the answer needs no second
     * rendering; otherwise null.
     */
    public record Result(Outcome outcome, Observation observation, String record) {
        Result(Outcome outcome, Observation observation) {
            this(outcome, observation, null);
        }
    }

    /** One observation a caller sends to a mission. */
    public record Submission(Mission mission, Actor actor, ObservationRequest request) {
    }

    /**
     * What became of one submission: its result; or {@code refused}, the client's mistake, when nothing was stored; or
     * {@code failed}, an unexpected error of ours (set by {@link SubmissionWriter}), after which retrying is safe.
     */
    public record Submitted(Result result, ProblemException refused, RuntimeException failed) {
        static Submitted of(Result result) {
            return new Submitted(result, null, null);
        }

        static Submitted refusedBecause(ProblemException refusal) {
            return new Submitted(null, refusal, null);
        }

        /** For a single request: the refusal or the failure becomes the answer. */
        public Result orThrow() {
            if (refused != null) {
                throw refused;
            }
            if (failed != null) {
                throw failed;
            }
            return result;
        }
    }

    /**
     * Another transaction created one of the ids after this one looked for them. The caller rolls back and stores the
     * submission again: PostgreSQL made the insert wait for that commit, so the stored record then decides replay or conflict.
     */
    public static final class LostRace extends RuntimeException {
        LostRace(UUID id) {
            super("observation " + id + " was created by a parallel upload", null, false, false);
        }
    }

    /** A new observation of a group, with the submission it came from and where its outcome goes. */
    private record Fresh(int index, Submission submission, Observation observation) {
    }

    /** What the content of a request resolves to against the template and the mission's data. */
    private record Visit(Form form, PollingStation station, UUID teamId, List<String> delegateUsernames,
                         List<Answer> answers) {
    }

    /** The visits that are assessed together. The lock is per station and phase, across missions, so coarser. */
    private record VisitKey(UUID missionId, UUID stationId, Phase phase) {
        String lockName() {
            return "visit:" + stationId + ":" + phase;
        }
    }

    /** An observation whose flags another visit changed, with the flags it had before. */
    private record Reflagged(Observation observation, List<Flag> before) {
    }

    private static final Actor SYSTEM = new Actor("system", Channel.SYSTEM);

    @Inject
    EntityManager em;

    @Inject
    Templates templates;

    @Inject
    QualityFlags qualityFlags;

    @Inject
    ObservationHistory history;

    @Inject
    ObjectMapper mapper;

    @Inject
    MissionDirectory directory;

    /**
     * Stores several submissions in the caller's transaction with a few statements for all of them (ADR 0014): one
     * look-up of their ids, one of the stations the cache lacks, one statement taking the visits' locks, one query of
     * the visits' other observations, one batch of inserts per table. Each submission gets its own outcome; a refused
     * one writes nothing and never fails the others. Throws {@link LostRace} (roll back, store again) when a parallel
     * upload created one of the ids.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Submitted> submitAll(List<Submission> submissions) {
        Map<UUID, Observation> known = new HashMap<>();
        List<UUID> ids = submissions.stream().map(s -> s.request().id()).distinct().toList();
        stored(ids).forEach(o -> known.put(o.id, o));
        submissions.stream().filter(s -> !known.containsKey(s.request().id()) && s.request().stationId() != null)
                .collect(Collectors.groupingBy(s -> s.mission().electionId,
                        Collectors.mapping(s -> s.request().stationId(), Collectors.toSet())))
                .forEach(directory::prefetchStations);

        Submitted[] outcomes = new Submitted[submissions.size()];
        List<Fresh> fresh = new ArrayList<>();
        OffsetDateTime now = now();
        for (int i = 0; i < submissions.size(); i++) {
            Submission s = submissions.get(i);
            String hash = ContentHash.of(Content.of(s.mission().id, s.request()));
            Observation existing = known.get(s.request().id());
            if (existing != null) { // stored before, or earlier in this group
                outcomes[i] = Submitted.of(replayOrConflict(existing, s.mission(), s.actor(), hash));
                continue;
            }
            try {
                requireOpen(s.mission());
                Visit visit = resolve(s.mission(), s.actor().name(), s.actor().isPartner(), s.request());
                Observation o = newObservation(s, visit, hash, now);
                known.put(o.id, o);
                fresh.add(new Fresh(i, s, o));
            } catch (ProblemException e) {
                outcomes[i] = Submitted.refusedBecause(e);
            }
        }
        if (!fresh.isEmpty()) {
            List<String> records = store(fresh);
            for (int i = 0; i < fresh.size(); i++) {
                outcomes[fresh.get(i).index()] = Submitted.of(new Result(Outcome.CREATED, fresh.get(i).observation(), records.get(i)));
            }
        }
        return List.of(outcomes);
    }

    /**
     * Flags the new observations against the other active ones of their visits, earlier ones of the group included,
     * then writes them. An observation stored before whose flags the group changes gets one FLAGGED revision; one
     * created in the group is stored with its final flags. Returns the records of the new observations, in order.
     */
    private List<String> store(List<Fresh> fresh) {
        lock(fresh.stream().map(f -> keyOf(f.observation())).toList());
        Map<VisitKey, List<Fresh>> freshByVisit = fresh.stream()
                .collect(Collectors.groupingBy(f -> keyOf(f.observation()), LinkedHashMap::new, Collectors.toList()));
        Map<VisitKey, List<Observation>> stored = activeVisits(List.copyOf(freshByVisit.keySet()));
        List<Reflagged> reflagged = new ArrayList<>();
        // a visit's flags depend only on which visits are active, so each visit is flagged once with all its new observations
        freshByVisit.forEach((key, freshOfVisit) -> {
            List<Observation> others = stored.getOrDefault(key, List.of());
            Map<UUID, List<Flag>> visitFlags = qualityFlags.visitFlags(
                    with(others, freshOfVisit.stream().map(Fresh::observation).toList()));
            for (Fresh f : freshOfVisit) {
                Observation o = f.observation();
                o.flags = QualityFlags.combine(qualityFlags.ownFlags(o, f.submission().mission()), visitFlags.get(o.id));
            }
            reflagged.addAll(applyVisitFlags(others, visitFlags));
        });
        boolean[] inserted = InsertIfAbsent.executeAll(em, fresh.stream().map(f -> insertOf(f.observation())).toList());
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                throw new LostRace(fresh.get(i).observation().id);
            }
        }
        em.flush(); // the reflagged observations reach their new revisions

        List<ObservationHistory.Revision> revisions = new ArrayList<>();
        for (Fresh f : fresh) {
            Observation o = f.observation();
            revisions.add(new ObservationHistory.Revision(o, VersionKind.SUBMITTED, f.submission().actor(),
                    Content.changes(Map.of(), Content.of(o))));
        }
        reflagged.forEach(r -> revisions.add(new ObservationHistory.Revision(r.observation(), VersionKind.FLAGGED, SYSTEM,
                List.of(flagChange(r.before(), r.observation().flags)))));
        return history.recordAll(revisions).subList(0, fresh.size());
    }

    private static Observation newObservation(Submission s, Visit visit, String hash, OffsetDateTime now) {
        Observation o = new Observation();
        o.id = s.request().id();
        o.missionId = s.mission().id;
        o.electionId = s.mission().electionId;
        o.submittedBy = s.actor().name();
        o.source = s.actor().channel();
        o.partnerClientId = s.actor().partnerClientId();
        o.receivedAt = now;
        o.status = ObservationStatus.ACTIVE;
        o.createdHash = hash;
        o.contentHash = hash;
        o.version = 1;
        o.revision = 1;
        apply(visit, s.request(), o);
        return o;
    }

    /** A new content version; the observation must be at the revision the client names in If-Match. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result amend(Mission mission, Observation o, Actor actor, String ifMatch, ObservationRequest request) {
        if (!o.id.equals(request.id())) {
            throw ProblemException.invalid("id", "must be the id in the path, " + o.id);
        }
        requireOpen(mission);
        Visit visit = resolve(mission, o.submittedBy, o.partnerClientId != null, request);
        VisitKey oldKey = keyOf(o);
        VisitKey newKey = new VisitKey(mission.id, visit.station().id, visit.form().phase());
        lock(List.of(oldKey, newKey));
        em.refresh(o, LockModeType.PESSIMISTIC_WRITE);
        Etags.requireMatch(ifMatch, o.revision);
        requireActive(o);
        String hash = ContentHash.of(Content.of(mission.id, request));
        if (hash.equals(o.contentHash)) {
            return new Result(Outcome.UNCHANGED, o);
        }
        List<Observation> newOthers = activeVisits(newKey, o.id);
        List<Observation> oldOthers = oldKey.equals(newKey) ? List.of() : activeVisits(oldKey, o.id);
        Map<String, JsonNode> before = Content.of(o);
        List<Flag> flagsBefore = o.flags;

        apply(visit, request, o);
        o.contentHash = hash;
        o.version++;
        Map<UUID, List<Flag>> visitFlags = qualityFlags.visitFlags(with(newOthers, List.of(o)));
        o.flags = QualityFlags.combine(qualityFlags.ownFlags(o, mission), visitFlags.get(o.id));
        List<Reflagged> reflagged = new ArrayList<>(applyVisitFlags(newOthers, visitFlags));
        reflagged.addAll(applyVisitFlags(oldOthers, qualityFlags.visitFlags(oldOthers)));
        em.flush();

        List<Change> changes = new ArrayList<>(Content.changes(before, Content.of(o)));
        if (!flagsBefore.equals(o.flags)) {
            changes.add(flagChange(flagsBefore, o.flags));
        }
        history.record(o, VersionKind.AMENDED, actor, changes);
        recordReflagged(reflagged);
        return new Result(Outcome.CHANGED, o);
    }

    /** Withdrawal keeps the observation, marked with the reason; it no longer counts or conflicts. Withdrawing again with the same reason is a replay. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result withdraw(Mission mission, Observation o, Actor actor, String reason) {
        requireOpen(mission);
        VisitKey key = keyOf(o);
        lock(List.of(key));
        em.refresh(o, LockModeType.PESSIMISTIC_WRITE);
        if (o.isWithdrawn()) {
            if (reason.equals(o.withdrawalReason)) {
                return new Result(Outcome.UNCHANGED, o);
            }
            throw ProblemException.conflict("already-withdrawn", "Observation " + o.id + " was already withdrawn for another reason");
        }
        List<Observation> others = activeVisits(key, o.id);
        o.status = ObservationStatus.WITHDRAWN;
        o.withdrawalReason = reason;
        List<Reflagged> reflagged = applyVisitFlags(others, qualityFlags.visitFlags(others));
        em.flush();
        history.record(o, VersionKind.WITHDRAWN, actor, List.of(
                change("status", ObservationStatus.ACTIVE, ObservationStatus.WITHDRAWN),
                change("withdrawalReason", null, reason)));
        recordReflagged(reflagged);
        return new Result(Outcome.CHANGED, o);
    }

    /** An analyst's verdict; each review is kept in the history, the latest is the observation's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Observation review(Mission mission, Observation o, Actor actor, ReviewStatus status, String comment) {
        requireOpen(mission);
        em.refresh(o, LockModeType.PESSIMISTIC_WRITE);
        ReviewStatus statusBefore = o.reviewStatus;
        String commentBefore = o.reviewComment;
        o.reviewStatus = status;
        o.reviewComment = comment;
        o.reviewedBy = actor.name();
        o.reviewedAt = now();
        em.flush();
        List<Change> changes = new ArrayList<>(List.of(change("review.status", statusBefore, status)));
        if (!Objects.equals(commentBefore, comment)) {
            changes.add(change("review.comment", commentBefore, comment));
        }
        history.record(o, VersionKind.REVIEWED, actor, changes);
        return o;
    }

    public static void requireOpen(Mission mission) {
        if (mission.isClosed()) {
            throw ProblemException.conflict("mission-closed", "Mission " + mission.id + " is closed and takes no new data");
        }
    }

    private static void requireActive(Observation o) {
        if (o.isWithdrawn()) {
            throw ProblemException.conflict("withdrawn", "Observation " + o.id + " is withdrawn and can no longer be amended");
        }
    }

    /** A stored record is a replay only for whoever may read it, in the same mission, with the same content. */
    private static Result replayOrConflict(Observation existing, Mission mission, Actor actor, String hash) {
        boolean replay = existing.missionId.equals(mission.id) && existing.isReplayOf(hash)
                && actor.readScope().allows(existing.partnerClientId);
        return new Result(replay ? Outcome.REPLAY : Outcome.CONFLICT, existing);
    }

    /**
     * Checks a request against the template and the mission's data. Team and delegates default to the
     * submitter's team; a person's delegates must belong to the mission, a partner's are its own observers.
     */
    private Visit resolve(Mission mission, String submitter, boolean partner, ObservationRequest r) {
        if (r.departedAt() != null && r.departedAt().isBefore(r.arrivedAt())) {
            throw ProblemException.invalid("departedAt", "must not be before arrivedAt");
        }
        Form form = templates.find(r.templateId(), r.templateVersion()).filter(f -> f.usableBy(mission.id))
                .orElseThrow(() -> ProblemException.unknownReference("templateId",
                        "no template " + r.templateId() + " version " + r.templateVersion() + " for mission " + mission.id));
        if (!form.phase().isChecklist()) {
            throw ProblemException.invalid("templateId", "is the incident form; report incidents under /incidents");
        }
        PollingStation station = directory.station(mission.electionId, r.stationId())
                .orElseThrow(() -> ProblemException.unknownReference("stationId",
                        "no polling station " + r.stationId() + " in the election of mission " + mission.id));
        Team team;
        if (r.teamId() != null) {
            team = directory.team(r.teamId()).filter(t -> t.missionId.equals(mission.id))
                    .orElseThrow(() -> ProblemException.unknownReference("teamId", "no team " + r.teamId() + " in mission " + mission.id));
        } else {
            team = partner ? null : directory.teamOf(mission.id, submitter).orElse(null);
        }
        List<String> delegates;
        if (r.delegateUsernames() != null) {
            delegates = List.copyOf(new TreeSet<>(r.delegateUsernames()));
            for (int i = 0; i < r.delegateUsernames().size() && !partner; i++) {
                String username = r.delegateUsernames().get(i);
                if (!directory.isActiveDelegate(mission.id, username)) {
                    throw ProblemException.unknownReference("delegateUsernames[" + i + "]",
                            username + " is not a delegate of mission " + mission.id);
                }
            }
        } else if (team != null) {
            delegates = team.usernames();
        } else {
            delegates = partner ? List.of() : List.of(submitter);
        }
        return new Visit(form, station, team == null ? null : team.id, delegates, AnswerValidator.validate(form, r.answers()));
    }

    private static void apply(Visit visit, ObservationRequest r, Observation o) {
        o.stationId = visit.station().id;
        o.stationNumber = visit.station().number;
        o.district = visit.station().district;
        o.phase = visit.form().phase();
        o.templateId = visit.form().id();
        o.templateVersion = visit.form().version();
        o.teamId = visit.teamId();
        o.delegateUsernames = new ArrayList<>(visit.delegateUsernames());
        o.arrivedAt = utc(r.arrivedAt());
        o.departedAt = utc(r.departedAt());
        o.answers = new ArrayList<>(visit.answers());
        o.overallAssessment = visit.answers().stream().filter(a -> a.questionId().equals(Form.OVERALL_ASSESSMENT))
                .map(a -> a.value().asText()).findFirst().orElse(null);
        o.notes = r.notes();
    }

    /**
     * Visits to one station in one phase are assessed one transaction at a time, so no conflict goes unseen. The locks
     * are taken in one statement, in the order of their names, so that two transactions never wait for each other.
     */
    private void lock(List<VisitKey> keys) {
        String[] names = keys.stream().map(VisitKey::lockName).distinct().sorted().toArray(String[]::new);
        // plain JDBC: through a Hibernate native query the void result costs a thrown and caught exception per call
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select pg_advisory_xact_lock(hashtextextended(name, 0)) from unnest(?::text[]) with ordinality as n(name, position) order by position")) {
                statement.setArray(1, connection.createArrayOf("text", names));
                try (ResultSet locked = statement.executeQuery()) {
                    while (locked.next()) {
                        // each row is one lock taken
                    }
                }
            }
        });
    }

    private List<Observation> activeVisits(VisitKey key, UUID except) {
        return activeVisits(List.of(key)).getOrDefault(key, List.of()).stream().filter(o -> !o.id.equals(except)).toList();
    }

    /**
     * The active observations of each visit, in one query. Read-only: most are only compared with, and a managed copy
     * would cost a deep copy of their JSON columns when loaded and a comparison at flush; see {@link #editable}. The
     * visits are joined as (mission, station, phase) triples, so a station's other phases are not read (a group of
     * a hundred stations read three times the rows it needed when stations and phases were matched apart).
     */
    private Map<VisitKey, List<Observation>> activeVisits(List<VisitKey> keys) {
        List<VisitKey> distinct = keys.stream().distinct().toList();
        @SuppressWarnings("unchecked")
        List<Observation> active = em.createNativeQuery("""
                        select o.* from observation o
                        join unnest(cast(?1 as uuid[]), cast(?2 as uuid[]), cast(?3 as text[])) as visit(mission_id, station_id, phase)
                          on o.mission_id = visit.mission_id and o.station_id = visit.station_id and o.phase = visit.phase
                        where o.status = ?4""", Observation.class)
                .setParameter(1, PgArray.literal(distinct, VisitKey::missionId))
                .setParameter(2, PgArray.literal(distinct, VisitKey::stationId))
                .setParameter(3, PgArray.literal(distinct, VisitKey::phase))
                .setParameter(4, ObservationStatus.ACTIVE.name())
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
        Map<VisitKey, List<Observation>> visits = new HashMap<>();
        active.forEach(o -> visits.computeIfAbsent(keyOf(o), key -> new ArrayList<>()).add(o));
        return visits;
    }

    /**
     * The stored observations of these ids, read-only like {@link #activeVisits}; an array parameter, see {@link PgArray}.
     * Nearly always there are none (a replay is a retry), so the ids are first looked for in plain JDBC: through
     * Hibernate, a query that finds nothing cost the writers more than the look-up itself (8 % of their samples).
     */
    private List<Observation> stored(List<UUID> ids) {
        List<UUID> found = em.unwrap(Session.class).doReturningWork(connection -> {
            List<UUID> existing = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("select id from observation where id = any(?)")) {
                statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        existing.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return existing;
        });
        if (found.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Observation> stored = em.createNativeQuery("select * from observation where id = any(cast(?1 as uuid[]))", Observation.class)
                .setParameter(1, PgArray.literal(found, id -> id))
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
        return stored;
    }

    /**
     * Call before changing an observation of {@link #activeVisits}: from then on its changes are written at flush. One
     * created earlier in the same group is not stored yet, and is written with its final state anyway.
     */
    private void editable(Observation o) {
        if (em.contains(o)) {
            em.unwrap(Session.class).setReadOnly(o, false);
        }
    }

    private List<Reflagged> applyVisitFlags(List<Observation> observations, Map<UUID, List<Flag>> visitFlags) {
        List<Reflagged> changed = new ArrayList<>();
        for (Observation other : observations) {
            List<Flag> after = QualityFlags.withVisitFlags(other.flags, visitFlags.getOrDefault(other.id, List.of()));
            if (!after.equals(other.flags)) {
                changed.add(new Reflagged(other, other.flags));
                editable(other);
                other.flags = after;
            }
        }
        return changed;
    }

    private void recordReflagged(List<Reflagged> reflagged) {
        for (Reflagged r : reflagged) {
            history.record(r.observation(), VersionKind.FLAGGED, SYSTEM, List.of(flagChange(r.before(), r.observation().flags)));
        }
    }

    private InsertIfAbsent insertOf(Observation o) {
        return InsertIfAbsent.into("observation")
                .set("id", o.id).set("mission_id", o.missionId).set("election_id", o.electionId)
                .set("station_id", o.stationId).set("station_number", o.stationNumber).set("district", o.district)
                .set("phase", o.phase).set("template_id", o.templateId).set("template_version", o.templateVersion)
                .set("team_id", o.teamId).jsonb("delegate_usernames", json(o.delegateUsernames))
                .set("submitted_by", o.submittedBy).set("source", o.source).set("partner_client_id", o.partnerClientId)
                .set("arrived_at", o.arrivedAt).set("departed_at", o.departedAt).set("received_at", o.receivedAt)
                .set("status", o.status).set("overall_assessment", o.overallAssessment)
                .json("answers", json(o.answers)).jsonb("flags", json(o.flags)).set("notes", o.notes)
                .set("created_hash", o.createdHash).set("content_hash", o.contentHash)
                .set("version", o.version).set("revision", o.revision);
    }

    private Change flagChange(List<Flag> before, List<Flag> after) {
        return new Change("flags", mapper.valueToTree(before), mapper.valueToTree(after));
    }

    private Change change(String field, Object before, Object after) {
        return new Change(field, mapper.valueToTree(before), mapper.valueToTree(after));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write observation JSON", e);
        }
    }

    private static VisitKey keyOf(Observation o) {
        return new VisitKey(o.missionId, o.stationId, o.phase);
    }

    private static List<Observation> with(List<Observation> others, List<Observation> more) {
        return Stream.concat(others.stream(), more.stream()).toList();
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
