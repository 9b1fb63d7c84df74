package org.eom.deploy.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.Json;
import org.eom.deploy.local.http.KeycloakTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Loads a mission described in a JSON file (the default: {@code demo-mission.json}, the OTS mission to Kazakhstan's
 * 2023 elections) through the services' public APIs, with real Keycloak tokens, as the people who would enter it:
 * the secretariat creates the election, the mission, its delegates, partners and stations; the coordinator records
 * meetings, forms teams, plans deployments and moves the mission to observing; each observer submits their team's
 * checklists. Idempotent: every id is derived from the file's stable keys, so a second run replays and changes
 * nothing. Nothing here knows about any particular mission; an API that is missing or refuses the data fails the load
 * with the service's answer.
 */
public final class DemoMission {

    public static final String DEFAULT_RESOURCE = "demo-mission.json";
    private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(120);

    /** Where the services and Keycloak are. */
    public record Target(String missionsUrl, String observationsUrl, String reportsUrl) {
    }

    /** What one kind of record came to: new, changed, replayed as it was. */
    public static final class Tally {
        private int created;
        private int updated;
        private int unchanged;

        void add(Outcome outcome) {
            switch (outcome) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }

        public int created() {
            return created;
        }

        public int updated() {
            return updated;
        }

        public int unchanged() {
            return unchanged;
        }

        public int total() {
            return created + updated + unchanged;
        }

        @Override
        public String toString() {
            return total() + " (" + created + " new, " + updated + " updated, " + unchanged + " unchanged)";
        }
    }

    enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** What the load did, and the figures reports-service computed from it. */
    public record Result(UUID electionId, UUID missionId, String missionName, Map<String, Tally> tallies, JsonNode summary) {

        /** True when the load changed nothing: a repeated run. */
        public boolean unchanged() {
            return tallies.values().stream().allMatch(t -> t.created() == 0 && t.updated() == 0);
        }
    }

    private final JsonNode spec;
    private final Api api;
    private final KeycloakTokens tokens;
    private final Target target;
    private final Consumer<String> progress;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, UUID> stationIds = new HashMap<>();

    public DemoMission(JsonNode spec, Api api, KeycloakTokens tokens, Target target, Consumer<String> progress) {
        this.spec = spec;
        this.api = api;
        this.tokens = tokens;
        this.target = target;
        this.progress = progress;
    }

    /** The demo mission shipped with the run command. */
    public static JsonNode defaultSpec() {
        try (InputStream in = DemoMission.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mission described in a file of the same shape as {@value #DEFAULT_RESOURCE}. */
    public static JsonNode spec(java.nio.file.Path file) {
        try {
            return Json.parse(java.nio.file.Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** A stable id for a record of the file: the same key gives the same id on every run and every machine. */
    public static UUID stableId(String specKey, String kind, String key) {
        return UUID.nameUUIDFromBytes(("eom-demo:" + specKey + ":" + kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private UUID id(String kind, String key) {
        return stableId(text(spec, "key"), kind, key);
    }

    public Result load() {
        String admin = token(text(spec.path("actors"), "admin"));
        String coordinator = token(text(spec.path("actors"), "coordinator"));
        String missions = target.missionsUrl() + "/api/v1";

        // The secretariat: election, mission, delegates, partners, polling stations.
        JsonNode election = spec.path("election");
        UUID electionId = id("election", text(election, "key"));
        ObjectNode electionBody = without(election, "key");
        tally("election", ensure("election", missions + "/elections", electionId, electionBody, admin));

        JsonNode mission = spec.path("mission");
        UUID missionId = id("mission", text(mission, "key"));
        ObjectNode missionBody = without(mission, "key", "statusPath");
        missionBody.put("electionId", electionId.toString());
        tally("mission", ensure("mission", missions + "/missions", missionId, missionBody, admin));
        String missionUrl = missions + "/missions/" + missionId;
        progress.accept("Mission " + missionId + ": " + text(mission, "name"));

        Map<String, UUID> delegateIds = new LinkedHashMap<>();
        for (JsonNode delegate : spec.path("delegates")) {
            UUID delegateId = id("delegate", text(delegate, "key"));
            delegateIds.put(text(delegate, "key"), delegateId);
            tally("delegates", ensure("delegate", missionUrl + "/delegates", delegateId, without(delegate, "key"), admin));
        }

        for (JsonNode partner : spec.path("partners")) {
            ObjectNode body = without(partner, "clientId");
            Api.Response response = api.put(missionUrl + "/partners/" + text(partner, "clientId")).token(admin).json(body).send();
            tally("partners", switch (response.status()) {
                case 201 -> Outcome.CREATED;
                case 200 -> Outcome.UNCHANGED;
                default -> throw refused("partner " + text(partner, "clientId"), response);
            });
        }

        for (JsonNode station : spec.path("stations")) {
            Api.Response response = api.post(missions + "/elections/" + electionId + "/polling-stations").token(admin)
                    .json(station).send();
            if (response.status() != 201 && response.status() != 200) {
                throw refused("polling station " + text(station, "number"), response);
            }
            stationIds.put(text(station, "number"), UUID.fromString(response.json().path("id").asText()));
            // 200 is "unchanged" or "updated": the upsert by number does not say which.
            tally("polling stations", response.status() == 201 ? Outcome.CREATED : Outcome.UNCHANGED);
        }

        // The coordinator: meetings, teams, the deployment plan, and the mission moved on to observing.
        for (JsonNode meeting : spec.path("meetings")) {
            ObjectNode body = without(meeting, "key", "attendees");
            ArrayNode attendees = body.putArray("attendeeIds");
            meeting.path("attendees").forEach(key -> attendees.add(ref(delegateIds, "delegate", key.asText()).toString()));
            tally("meetings", ensure("meeting", missionUrl + "/meetings", id("meeting", text(meeting, "key")), body, coordinator));
        }

        Map<String, UUID> teamIds = new LinkedHashMap<>();
        for (JsonNode team : spec.path("teams")) {
            UUID teamId = id("team", text(team, "key"));
            teamIds.put(text(team, "key"), teamId);
            ObjectNode body = without(team, "key", "members");
            ArrayNode members = body.putArray("memberIds");
            team.path("members").forEach(key -> members.add(ref(delegateIds, "delegate", key.asText()).toString()));
            tally("teams", ensure("team", missionUrl + "/teams", teamId, body, coordinator));
        }
        for (JsonNode deployment : spec.path("deployments")) {
            String team = text(deployment, "team");
            String station = text(deployment, "station");
            String phase = text(deployment, "phase");
            ObjectNode body = without(deployment, "team", "station");
            body.put("teamId", ref(teamIds, "team", team).toString());
            body.put("stationId", ref(stationIds, "polling station", station).toString());
            tally("deployments", ensure("deployment", missionUrl + "/deployments",
                    id("deployment", team + "/" + station + "/" + phase), body, coordinator));
        }

        String finalStatus = moveAlong(missionUrl, mission.path("statusPath"), coordinator);

        // Election day: each observer submits their team's checklists to observations-service.
        JsonNode observations = spec.path("observations");
        if (!observations.isEmpty()) {
            awaitObservationsServiceKnows(missionId, finalStatus, teamIds);
            submitObservations(missionId, teamIds);
        }
        JsonNode summary = awaitSummary(missionId, coordinator, countActive(observations));
        return new Result(electionId, missionId, text(mission, "name"), tallies, summary);
    }

    /** POST with the client-chosen id: 201 new, 200 replay; 409 (exists, other content) is updated with PUT + If-Match. */
    private Outcome ensure(String kind, String collectionUrl, UUID id, ObjectNode body, String token) {
        body.put("id", id.toString());
        Api.Response created = api.post(collectionUrl).token(token).json(body).send();
        switch (created.status()) {
            case 201:
                return Outcome.CREATED;
            case 200:
                return Outcome.UNCHANGED;
            case 409:
                Api.Response current = api.get(collectionUrl + "/" + id).token(token).send();
                if (current.status() != 200) {
                    throw refused(kind + " " + id, current);
                }
                Api.Response updated = api.put(collectionUrl + "/" + id).token(token)
                        .header("If-Match", current.etag()).json(body).send();
                if (updated.status() != 200) {
                    throw refused(kind + " " + id, updated);
                }
                return Outcome.UPDATED;
            default:
                throw refused(kind + " " + id, created);
        }
    }

    /** Walks the mission from its current status along the file's path (e.g. PLANNED → DEPLOYED → OBSERVING). */
    private String moveAlong(String missionUrl, JsonNode statusPath, String token) {
        List<String> path = new ArrayList<>(List.of("PLANNED"));
        statusPath.forEach(s -> path.add(s.asText()));
        Api.Response current = api.get(missionUrl).token(token).send();
        if (current.status() != 200) {
            throw refused("mission", current);
        }
        String status = current.json().path("status").asText();
        int at = path.indexOf(status);
        if (at < 0) {
            throw new IllegalStateException("The mission is " + status + ", which is not on the demo's way " + path
                    + "; delete .eom to start afresh");
        }
        String etag = current.etag();
        Tally tally = tallies.computeIfAbsent("status changes", k -> new Tally());
        for (String next : path.subList(at + 1, path.size())) {
            Api.Response moved = api.post(missionUrl + "/status").token(token).header("If-Match", etag)
                    .json(Json.object().put("status", next)).send();
            if (moved.status() != 200) {
                throw refused("mission status " + next, moved);
            }
            etag = moved.etag();
            tally.add(Outcome.UPDATED);
        }
        return path.getLast();
    }

    /**
     * observations-service learns the mission from missions-service's events: waits until each observer's sync shows
     * the mission in its final status (every earlier event of the mission is in by then: one key, one partition, in
     * order), their team, and the stations they will report on.
     */
    private void awaitObservationsServiceKnows(UUID missionId, String status, Map<String, UUID> teamIds) {
        Map<String, Set<UUID>> stationsByUser = new LinkedHashMap<>();
        Map<String, UUID> teamByUser = new HashMap<>();
        for (JsonNode observation : spec.path("observations")) {
            String user = text(observation, "by");
            stationsByUser.computeIfAbsent(user, k -> new LinkedHashSet<>())
                    .add(ref(stationIds, "polling station", text(observation, "station")));
            if (observation.hasNonNull("team")) {
                teamByUser.put(user, ref(teamIds, "team", text(observation, "team")));
            }
        }
        progress.accept("Waiting for observations-service to learn the mission from its events …");
        for (Map.Entry<String, Set<UUID>> entry : stationsByUser.entrySet()) {
            String user = entry.getKey();
            await("observations-service to show " + user + " the mission (" + status + "), their team and "
                    + entry.getValue().size() + " stations", () -> {
                JsonNode missionView = null;
                Set<UUID> stations = new HashSet<>();
                String cursor = null;
                for (int page = 0; page < 100; page++) {
                    Api.Request request = api.get(target.observationsUrl() + "/api/v1/sync?limit=1000"
                            + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
                    Api.Response response = request.token(token(user)).send();
                    if (response.status() != 200) {
                        return "sync answered " + response.describe();
                    }
                    JsonNode body = response.json();
                    for (JsonNode m : body.path("missions")) {
                        if (m.path("id").asText().equals(missionId.toString())) {
                            missionView = m;
                        }
                    }
                    body.path("stations").forEach(s -> stations.add(UUID.fromString(s.path("id").asText())));
                    cursor = body.path("cursor").asText(null);
                    if (!body.path("hasMore").asBoolean(false)) {
                        break;
                    }
                }
                if (missionView == null) {
                    return "the mission is not there yet";
                }
                if (!status.equals(missionView.path("status").asText())) {
                    return "the mission is still " + missionView.path("status").asText();
                }
                UUID team = teamByUser.get(user);
                if (team != null && !team.toString().equals(missionView.path("teamId").asText())) {
                    return "their team is " + missionView.path("teamId").asText() + ", not yet " + team;
                }
                Set<UUID> missing = new HashSet<>(entry.getValue());
                missing.removeAll(stations);
                return missing.isEmpty() ? null : missing.size() + " stations are not there yet";
            });
        }
    }

    private void submitObservations(UUID missionId, Map<String, UUID> teamIds) {
        String formsUrl = target.observationsUrl() + "/api/v1/forms";
        String collection = target.observationsUrl() + "/api/v1/missions/" + missionId + "/observations";
        Map<String, JsonNode> templates = new HashMap<>();
        for (JsonNode observation : spec.path("observations")) {
            String user = text(observation, "by");
            String station = text(observation, "station");
            String phase = text(observation, "phase");
            String team = observation.path("team").asText(null);
            JsonNode template = templates.computeIfAbsent(phase, p -> shippedTemplate(formsUrl, p, token(user)));

            UUID observationId = id("observation", phase + "/" + station + "/" + (team == null ? user : team));
            ObjectNode body = Json.object();
            body.put("id", observationId.toString());
            body.put("stationId", ref(stationIds, "polling station", station).toString());
            body.put("templateId", template.path("id").asText());
            body.put("templateVersion", template.path("version").asInt());
            if (team != null) {
                body.put("teamId", ref(teamIds, "team", team).toString());
            }
            body.set("arrivedAt", observation.path("arrivedAt"));
            if (observation.hasNonNull("departedAt")) {
                body.set("departedAt", observation.path("departedAt"));
            }
            ArrayNode answers = body.putArray("answers");
            Map<String, JsonNode> merged = new LinkedHashMap<>();
            spec.path("checklists").path(phase).properties().forEach(e -> merged.put(e.getKey(), e.getValue()));
            observation.path("answers").properties().forEach(e -> merged.put(e.getKey(), e.getValue()));
            merged.forEach((question, value) -> answers.addObject().put("questionId", question).set("value", value));
            if (observation.hasNonNull("notes")) {
                body.put("notes", observation.path("notes").asText());
            }
            tally("observations", submit(collection, observationId, body, user, phase + " at No. " + station));
        }
    }

    /** The newest shipped (mission-independent) template of a phase. */
    private JsonNode shippedTemplate(String formsUrl, String phase, String token) {
        Api.Response response = api.get(formsUrl + "?phase=" + phase + "&size=100").token(token).send();
        if (response.status() != 200) {
            throw refused("the " + phase + " templates", response);
        }
        JsonNode best = null;
        for (JsonNode form : response.json().path("items")) {
            if (form.path("missionId").isNull() || form.path("missionId").isMissingNode()) {
                if (best == null || form.path("version").asInt() > best.path("version").asInt()) {
                    best = form;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("observations-service offers no shipped " + phase + " template: " + response.describe());
        }
        return best;
    }

    /** 201 new, 200 replay; 409 (same id, other content) becomes an amendment. Lags of the event feed are waited out. */
    private Outcome submit(String collection, UUID id, ObjectNode body, String user, String what) {
        Outcome[] outcome = new Outcome[1];
        await("observations-service to accept the " + what, () -> {
            Api.Response response = api.post(collection).token(token(user)).json(body).send();
            switch (response.status()) {
                case 201 -> outcome[0] = Outcome.CREATED;
                case 200 -> outcome[0] = Outcome.UNCHANGED;
                case 409 -> {
                    Api.Response current = api.get(collection + "/" + id).token(token(user)).send();
                    if (current.status() != 200) {
                        throw refused("observation " + id, current);
                    }
                    Api.Response amended = api.put(collection + "/" + id).token(token(user))
                            .header("If-Match", current.etag()).json(body).send();
                    if (amended.status() != 200) {
                        throw refused("observation " + id, amended);
                    }
                    outcome[0] = Outcome.UPDATED;
                }
                // The mission, a delegate, a station or a team not learnt yet: try again shortly.
                case 403, 404, 422 -> {
                    return response.describe();
                }
                default -> throw refused("the " + what, response);
            }
            return null;
        });
        return outcome[0];
    }

    /** Waits until reports-service counts the observations, and returns its summary. */
    private JsonNode awaitSummary(UUID missionId, String token, int expected) {
        JsonNode[] summary = new JsonNode[1];
        String url = target.reportsUrl() + "/api/v1/missions/" + missionId + "/summary";
        await("reports-service to count " + expected + " observations", () -> {
            Api.Response response = api.get(url).token(token).send();
            if (response.status() != 200) {
                return response.describe();
            }
            summary[0] = response.json();
            long counted = summary[0].path("total").path("observations").asLong(-1);
            return counted >= expected ? null : "it counts " + counted;
        });
        return summary[0];
    }

    private static int countActive(JsonNode observations) {
        return observations.size();
    }

    /** Polls until the check returns null (done); a non-null answer is why not yet. */
    private static void await(String what, Supplier<String> check) {
        Instant deadline = Instant.now().plus(PROPAGATION_TIMEOUT);
        String why;
        while ((why = check.get()) != null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Gave up waiting after " + PROPAGATION_TIMEOUT.toSeconds() + " s for "
                        + what + ": " + why);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private String token(String username) {
        String password = spec.path("credentials").path(username).asText(null);
        if (password == null) {
            throw new IllegalStateException("The demo file has no credentials for " + username);
        }
        return tokens.password(text(spec, "client"), username, password);
    }

    private void tally(String kind, Outcome outcome) {
        tallies.computeIfAbsent(kind, k -> new Tally()).add(outcome);
    }

    private static IllegalStateException refused(String what, Api.Response response) {
        String hint = response.status() == 404 || response.status() == 405
                ? " (is this API there yet? the demo mission needs it)" : "";
        return new IllegalStateException("Loading the demo mission failed at " + what + ": " + response.describe() + hint);
    }

    private static UUID ref(Map<String, UUID> ids, String kind, String key) {
        UUID id = ids.get(key);
        if (id == null) {
            throw new IllegalStateException("The demo file refers to " + kind + " '" + key + "', which it does not define");
        }
        return id;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException("The demo file lacks '" + field + "' in " + Json.write(node).substring(0,
                    Math.min(200, Json.write(node).length())));
        }
        return value.asText();
    }

    /** A copy of an object without the file's own fields (keys and references). */
    private static ObjectNode without(JsonNode node, String... fields) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        for (String field : fields) {
            copy.remove(field);
        }
        for (Iterator<String> names = copy.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith("$")) {
                names.remove();
            }
        }
        return copy;
    }

    /** "OPENING 1 observation at 1 station; VOTING 32 at 32 …" from the summary. */
    public static String describeSummary(JsonNode summary) {
        if (summary == null) {
            return "";
        }
        List<String> phases = new ArrayList<>();
        for (JsonNode phase : summary.path("phases")) {
            JsonNode visits = phase.path("visits");
            JsonNode negative = phase.path("assessment").path("negative");
            JsonNode answered = phase.path("assessment").path("answered");
            phases.add(String.format(Locale.ROOT, "%s %d observations at %s stations (%d of %d assessed negatively)",
                    phase.path("phase").asText(), visits.path("observations").asLong(),
                    visits.path("stations").isNull() ? "?" : visits.path("stations").asText(),
                    negative.path("observations").asLong(), answered.path("observations").asLong()));
        }
        JsonNode total = summary.path("total");
        return "reports-service counts " + total.path("observations").asLong() + " observations at "
                + total.path("stations").asText("?") + " stations: " + String.join("; ", phases);
    }
}
