package org.eom.observations.incidents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eom.observations.access.Actor;
import org.eom.observations.domain.ContentHash;
import org.eom.observations.domain.Form;
import org.eom.observations.domain.Incident;
import org.eom.observations.domain.InsertIfAbsent;
import org.eom.observations.domain.Phase;
import org.eom.observations.domain.Question;
import org.eom.observations.events.ObservationEvents;
import org.eom.observations.forms.Templates;
import org.eom.observations.missions.Mission;
import org.eom.observations.missions.MissionDirectory;
import org.eom.observations.observations.ObservationService;
import org.eom.platform.http.Etags;
import org.eom.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Incident reports, with the same replay rule as observations: the client's id decides, the content tells replay from conflict. */
@ApplicationScoped
public class IncidentService {

    public enum Outcome {
        CREATED, REPLAY, CONFLICT, CHANGED, UNCHANGED
    }

    public record Result(Outcome outcome, Incident incident) {
    }

    @Inject
    EntityManager em;

    @Inject
    MissionDirectory directory;

    @Inject
    Templates templates;

    @Inject
    ObservationEvents events;

    @Transactional(Transactional.TxType.MANDATORY)
    public Result report(Mission mission, Actor actor, IncidentRequest request) {
        String hash = hash(mission.id, request);
        Incident existing = Incident.findById(request.id());
        if (existing != null) {
            return replayOrConflict(existing, mission, actor, hash);
        }
        ObservationService.requireOpen(mission);
        validate(mission, request);
        Incident i = new Incident();
        i.id = request.id();
        i.missionId = mission.id;
        i.reportedBy = actor.name();
        i.source = actor.channel();
        i.partnerClientId = actor.partnerClientId();
        i.createdHash = hash;
        i.contentHash = hash;
        i.version = 1;
        i.receivedAt = now();
        i.updatedAt = i.receivedAt;
        apply(request, i);
        boolean inserted = InsertIfAbsent.into("incident")
                .set("id", i.id).set("mission_id", i.missionId).set("station_id", i.stationId).set("category", i.category)
                .set("severity", i.severity).set("occurred_at", i.occurredAt).set("description", i.description)
                .set("follow_up_status", i.followUpStatus).set("reported_by", i.reportedBy).set("source", i.source)
                .set("partner_client_id", i.partnerClientId).set("created_hash", i.createdHash)
                .set("content_hash", i.contentHash).set("version", i.version).set("received_at", i.receivedAt)
                .set("updated_at", i.updatedAt)
                .execute(em);
        if (!inserted) {
            return replayOrConflict(Incident.findById(i.id), mission, actor, hash);
        }
        events.incidentRecorded(IncidentView.of(i));
        return new Result(Outcome.CREATED, i);
    }

    /** A new version (typically the follow-up status); the client names the version it read in If-Match. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result update(Mission mission, Incident i, String ifMatch, IncidentRequest request) {
        if (!i.id.equals(request.id())) {
            throw ProblemException.invalid("id", "must be the id in the path, " + i.id);
        }
        ObservationService.requireOpen(mission);
        em.refresh(i, LockModeType.PESSIMISTIC_WRITE);
        Etags.requireMatch(ifMatch, i.version);
        validate(mission, request);
        String hash = hash(mission.id, request);
        if (hash.equals(i.contentHash)) {
            return new Result(Outcome.UNCHANGED, i);
        }
        apply(request, i);
        i.contentHash = hash;
        i.updatedAt = now();
        em.flush();
        events.incidentRecorded(IncidentView.of(i));
        return new Result(Outcome.CHANGED, i);
    }

    private static Result replayOrConflict(Incident existing, Mission mission, Actor actor, String hash) {
        boolean replay = existing.missionId.equals(mission.id) && existing.isReplayOf(hash)
                && actor.readScope().allows(existing.partnerClientId);
        return new Result(replay ? Outcome.REPLAY : Outcome.CONFLICT, existing);
    }

    private void validate(Mission mission, IncidentRequest request) {
        if (request.stationId() != null && directory.station(mission.electionId, request.stationId()).isEmpty()) {
            throw ProblemException.unknownReference("stationId",
                    "no polling station " + request.stationId() + " in the election of mission " + mission.id);
        }
        List<String> categories = templates.current(mission.id, Phase.INCIDENT)
                .flatMap(form -> form.question(Form.INCIDENT_CATEGORY)).map(Question::choiceValues).orElse(List.of());
        if (!categories.contains(request.category())) {
            throw ProblemException.invalid("category", "must be one of " + categories);
        }
    }

    private static void apply(IncidentRequest request, Incident i) {
        i.stationId = request.stationId();
        i.category = request.category();
        i.severity = request.severity();
        i.occurredAt = request.occurredAt().withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        i.description = request.description();
        i.followUpStatus = request.followUpOrOpen();
    }

    private static String hash(UUID missionId, IncidentRequest r) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("missionId", missionId.toString());
        fields.put("stationId", r.stationId() == null ? null : r.stationId().toString());
        fields.put("category", r.category());
        fields.put("severity", r.severity().name());
        fields.put("occurredAt", r.occurredAt().toInstant().truncatedTo(ChronoUnit.MICROS).toString());
        fields.put("description", r.description());
        fields.put("followUpStatus", r.followUpOrOpen().name());
        return ContentHash.of(fields);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
