package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eom.deploy.local.Service;
import org.eom.deploy.local.http.Api;
import org.eom.deploy.local.http.Json;
import org.eom.deploy.local.http.KeycloakTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, with real Keycloak tokens against the packaged services: every user and client of the development
 * realm against the endpoints of all three services, on a mission they belong to (or, for a partner, that lists it;
 * for a CEC, that is public) and on one they have nothing to do with. The table agrees with each service's own
 * AuthorisationMatrixTest (signed test tokens); here the tokens, the mission membership and the partner listings are
 * real, and membership reaches observations-service and reports-service only through the missions events.
 * <p>
 * The table is checked against the services' OpenAPI documents: an endpoint that is not in it fails the test. A write
 * that consumes what it acts on (a change under the version's ETag, a workflow step, a withdrawal, a delete) acts on a
 * resource made for that very call, so that no call depends on what the one before it did; one under If-Match: * leaves
 * alone what other rows need. Also here: a token that expires is refused by all three services from the second it
 * expires, and what a CEC reads never holds contact data, notes, drafts or raw observations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(E2eStack.Resolver.class)
class AuthorisationIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    /** Every identity of the development realm, in the column order of the table; NONE sends no token. */
    enum Caller {
        ADMIN("secretariat", false), HEAD("head", false), COORDINATOR("coordinator", false), ANALYST("analyst", false),
        OBSERVER("observer1", false), REVOKED("observer3", false), PARTNER("partner-demo", true), CEC("cec-demo", true),
        NONE(null, false);

        final String name;
        final boolean client;

        Caller(String name, boolean client) {
            this.name = name;
            this.client = client;
        }
    }

    /**
     * One endpoint: its OpenAPI template, the body a call sends, and the status each caller gets on each mission; for a
     * write, the If-Match it sends, what it acts on (made afresh for each call: its {id} or {clientId}) and, where
     * one endpoint has several rows, which step this row is.
     */
    record Row(Service service, String method, String path, Function<Scope, Object> body, int[] own, int[] other,
               String ifMatch, Function<Scope, String> target, String step) {
        String operation() {
            return method + " " + path;
        }

        String label() {
            return step == null ? path : path + " (" + step + ")";
        }

        boolean missionScoped() {
            return other != null;
        }

        Row ifMatch(String etag) {
            return new Row(service, method, path, body, own, other, etag, target, step);
        }

        Row on(Function<Scope, String> fresh) {
            return new Row(service, method, path, body, own, other, ifMatch, fresh, step);
        }

        Row step(String name) {
            return new Row(service, method, path, body, own, other, ifMatch, target, name);
        }
    }

    /**
     * One mission's world: the values its path parameters take, keyed by "segment:{name}", and, during a call that acts
     * on a resource of its own, that resource's id.
     */
    record Scope(String name, UUID election, UUID mission, UUID station, Map<String, String> ids, String target) {
        Scope on(String fresh) {
            return new Scope(name, election, mission, station, ids, fresh);
        }

        boolean isOwn() {
            return name.equals("own");
        }
    }

    // Expected statuses, in the order ADMIN, HEAD, COORDINATOR, ANALYST, OBSERVER, REVOKED, PARTNER, CEC, NONE.
    private static final int[] ANY_ROLE_BUT_CEC = {200, 200, 200, 200, 200, 200, 200, 403, 401};
    private static final int[] DELEGATES_READ = {200, 200, 200, 200, 200, 403, 403, 403, 401};
    private static final int[] ADMIN_ONLY = {200, 403, 403, 403, 403, 403, 403, 403, 401};
    private static final int[] MANAGERS_AND_ANALYSTS_READ = {200, 200, 200, 200, 403, 403, 403, 403, 401};
    private static final int[] HEAD_READS = {200, 200, 403, 403, 403, 403, 403, 403, 401};
    private static final int[] DELEGATES_AND_PARTNER_READ = {200, 200, 200, 200, 200, 403, 200, 403, 401};
    private static final int[] CEC_READS = {200, 403, 403, 403, 403, 403, 403, 200, 401};
    private static final int[] NOBODY = {403, 403, 403, 403, 403, 403, 403, 403, 401};
    private static final int[] MANAGERS_CREATE = {201, 201, 201, 403, 403, 403, 403, 403, 401};
    private static final int[] ADMIN_CREATES = {201, 403, 403, 403, 403, 403, 403, 403, 401};
    private static final int[] ADMIN_OR_COORDINATOR_CREATE = {201, 403, 201, 403, 403, 403, 403, 403, 401};
    private static final int[] SUBMITTERS = {201, 403, 403, 403, 201, 403, 201, 403, 401};
    private static final int[] ANALYSTS_CREATE = {201, 403, 403, 201, 403, 403, 403, 403, 401};
    private static final int[] PEOPLE = {200, 200, 200, 200, 200, 200, 403, 403, 401};
    private static final int[] EDITORS_READ = {200, 200, 403, 200, 403, 403, 403, 403, 401};
    private static final int[] EDITORS_CREATE = {201, 201, 403, 201, 403, 403, 403, 403, 401};
    private static final int[] EVERYONE = {200, 200, 200, 200, 200, 200, 200, 200, 401};
    private static final int[] NOT_PUBLISHED = {404, 404, 404, 404, 404, 404, 404, 404, 401};
    private static final int[] MANAGERS_WRITE = {200, 200, 200, 403, 403, 403, 403, 403, 401};
    private static final int[] MANAGERS_DELETE = {204, 204, 204, 403, 403, 403, 403, 403, 401};
    private static final int[] ADMIN_DELETES = {204, 403, 403, 403, 403, 403, 403, 403, 401};
    private static final int[] SUBMITTERS_BATCH = {200, 403, 403, 403, 200, 403, 200, 403, 401};
    private static final int[] AUTHORS = {200, 403, 403, 403, 200, 403, 403, 403, 401};
    private static final int[] REVIEWERS = {200, 200, 200, 200, 403, 403, 403, 403, 401};
    private static final int[] REPORTER_AND_REVIEWERS = {200, 200, 200, 200, 200, 403, 403, 403, 401};
    private static final int[] EDITORS_WRITE = {200, 200, 403, 200, 403, 403, 403, 403, 401};
    private static final int[] APPROVERS = {200, 200, 403, 403, 403, 403, 403, 403, 401};

    private E2eStack e2e;
    private Api api;
    private JsonNode votingForm;
    private JsonNode tabulationForm;
    private Scope own;
    private Scope other;
    private String publishedStatement;

    @BeforeAll
    void twoMissions(E2eStack e2e) {
        this.e2e = e2e;
        api = e2e.api;
        votingForm = shippedForm("VOTING");
        tabulationForm = shippedForm("TABULATION");
        own = ownMission();
        other = otherMission();
    }

    // ------------------------------------------------------------------------------------------------------------
    // The table

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Service m = Service.MISSIONS;
        // missions-service: the realm role says what, delegate membership (or the partner listing) for which mission
        rows.add(unscoped(m, "POST", "/api/v1/elections", s -> election("Election " + UNIQUE.incrementAndGet()), ADMIN_CREATES));
        rows.add(unscoped(m, "GET", "/api/v1/elections", null, ANY_ROLE_BUT_CEC));
        rows.add(scoped(m, "GET", "/api/v1/elections/{id}", null, ANY_ROLE_BUT_CEC, ANY_ROLE_BUT_CEC));
        rows.add(scoped(m, "PUT", "/api/v1/elections/{id}", s -> election("Election of the " + s.name() + " mission"),
                ADMIN_ONLY, ADMIN_ONLY).ifMatch("*"));
        rows.add(unscoped(m, "POST", "/api/v1/missions", s -> mission(UUID.randomUUID(), s.election(), false), ADMIN_OR_COORDINATOR_CREATE));
        rows.add(unscoped(m, "GET", "/api/v1/missions", null, ANY_ROLE_BUT_CEC));
        rows.add(scoped(m, "GET", "/api/v1/missions/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        // the same mission again (the own one stays public): only who may send it is in question
        rows.add(scoped(m, "PUT", "/api/v1/missions/{id}", s -> mission(s.mission(), s.election(), s.isOwn()), MANAGERS_WRITE, ADMIN_ONLY)
                .ifMatch("*"));
        // planned -> deployed -> planned ...: the mission never closes
        rows.add(scoped(m, "POST", "/api/v1/missions/{id}/status", this::nextStatus, MANAGERS_WRITE, ADMIN_ONLY).ifMatch("*"));
        rows.add(scoped(m, "POST", "/api/v1/missions/{missionId}/delegates", s -> delegate(null, "OBSERVER", "ACCREDITED"),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/delegates", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/delegates/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        // a delegate without a user name (the scope's "#id" for this path), so that no caller's membership changes
        rows.add(scoped(m, "PUT", "/api/v1/missions/{missionId}/delegates/{id}", s -> spareDelegate(), MANAGERS_WRITE, ADMIN_ONLY)
                .ifMatch("*"));
        rows.add(scoped(m, "POST", "/api/v1/missions/{missionId}/teams", s -> Json.object().put("name", "Team " + UNIQUE.incrementAndGet()),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/teams", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/teams/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "PUT", "/api/v1/missions/{missionId}/teams/{id}", s -> Json.object().put("name", "Team " + UNIQUE.incrementAndGet()),
                MANAGERS_WRITE, ADMIN_ONLY).ifMatch("*").on(this::freshTeam));
        rows.add(scoped(m, "POST", "/api/v1/missions/{missionId}/deployments", s -> visit(freshTeam(s), s.station(), "OPENING"),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/deployments", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/deployments/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        // the planned visit as it is: the team and its station stay as the other rows need them
        rows.add(scoped(m, "PUT", "/api/v1/missions/{missionId}/deployments/{id}", s -> visit(s.ids().get("teams:id"), s.station(), "VOTING"),
                MANAGERS_WRITE, ADMIN_ONLY).ifMatch("*"));
        rows.add(scoped(m, "DELETE", "/api/v1/missions/{missionId}/deployments/{id}", null, MANAGERS_DELETE, ADMIN_DELETES)
                .ifMatch("*").on(this::freshVisit));
        rows.add(scoped(m, "POST", "/api/v1/missions/{missionId}/meetings", s -> meeting("Party " + UNIQUE.incrementAndGet()),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/meetings", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/meetings/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(m, "PUT", "/api/v1/missions/{missionId}/meetings/{id}", s -> meeting("Party " + UNIQUE.incrementAndGet()),
                MANAGERS_WRITE, ADMIN_ONLY).ifMatch("*").on(this::freshMeeting));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/partners", null, MANAGERS_AND_ANALYSTS_READ, ADMIN_ONLY));
        rows.add(scoped(m, "PUT", "/api/v1/missions/{missionId}/partners/{clientId}", s -> Json.object().put("name", "Domestic network"),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "DELETE", "/api/v1/missions/{missionId}/partners/{clientId}", null, MANAGERS_DELETE, ADMIN_DELETES)
                .on(this::freshPartner));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/coverage", null, MANAGERS_AND_ANALYSTS_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/coverage/missing", null, MANAGERS_AND_ANALYSTS_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/coverage/unplanned", null, MANAGERS_AND_ANALYSTS_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/missions/{missionId}/audit", null, HEAD_READS, ADMIN_ONLY));
        rows.add(scoped(m, "POST", "/api/v1/elections/{electionId}/polling-stations", s -> station("S" + UNIQUE.incrementAndGet()),
                MANAGERS_CREATE, ADMIN_CREATES));
        rows.add(scoped(m, "POST", "/api/v1/elections/{electionId}/polling-stations/import",
                s -> "number,name,district\nC" + UNIQUE.incrementAndGet() + ",School,Yesil\n", MANAGERS_WRITE, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/elections/{electionId}/polling-stations", null, DELEGATES_AND_PARTNER_READ, ADMIN_ONLY));
        rows.add(scoped(m, "GET", "/api/v1/elections/{electionId}/polling-stations/{stationId}", null, DELEGATES_AND_PARTNER_READ, ADMIN_ONLY));
        rows.add(unscoped(m, "GET", "/api/v1/public/missions", null, CEC_READS));
        rows.add(scoped(m, "GET", "/api/v1/public/missions/{missionId}", null, CEC_READS, NOBODY));
        rows.add(scoped(m, "GET", "/api/v1/public/missions/{missionId}/delegates", null, CEC_READS, NOBODY));
        rows.add(scoped(m, "GET", "/api/v1/public/missions/{missionId}/meetings", null, CEC_READS, NOBODY));

        // observations-service: its own copy of membership and partner listings, from the missions events
        Service o = Service.OBSERVATIONS;
        rows.add(scoped(o, "POST", "/api/v1/missions/{missionId}/observations", s -> observation(s), SUBMITTERS, ADMIN_CREATES));
        rows.add(scoped(o, "POST", "/api/v1/missions/{missionId}/observations/batch",
                s -> Json.object().set("items", Json.MAPPER.createArrayNode().add(observation(s))), SUBMITTERS_BATCH, ADMIN_ONLY));
        // each on an observation of its own, of observer1 on the own mission: only its author (and an admin) may change it
        rows.add(scoped(o, "PUT", "/api/v1/missions/{missionId}/observations/{id}",
                s -> Checklists.observation(votingForm, UUID.fromString(s.target()), s.station()).put("departedAt", "2023-03-19T10:45:00+06:00"),
                AUTHORS, ADMIN_ONLY).ifMatch("\"1\"").on(this::freshObservation));
        rows.add(scoped(o, "POST", "/api/v1/missions/{missionId}/observations/{id}/withdrawal", s -> Json.object().put("reason", "duplicate"),
                AUTHORS, ADMIN_ONLY).on(this::freshObservation));
        rows.add(scoped(o, "POST", "/api/v1/missions/{missionId}/observations/{id}/reviews", s -> Json.object().put("status", "VERIFIED"),
                REVIEWERS, ADMIN_ONLY).on(this::freshObservation));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/observations", null, DELEGATES_AND_PARTNER_READ, ADMIN_ONLY));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/observations/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/observations/{id}/versions", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/export", null, DELEGATES_AND_PARTNER_READ, ADMIN_ONLY));
        rows.add(scoped(o, "POST", "/api/v1/missions/{missionId}/incidents", s -> incident(s), SUBMITTERS, ADMIN_CREATES));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/incidents", null, DELEGATES_AND_PARTNER_READ, ADMIN_ONLY));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/incidents/{id}", null, DELEGATES_READ, ADMIN_ONLY));
        // an incident of observer1 on the own mission: its reporter and the mission's reviewers may follow it up
        rows.add(scoped(o, "PUT", "/api/v1/missions/{missionId}/incidents/{id}",
                s -> incident(s).put("id", s.target()).put("followUpStatus", "FOLLOWING_UP"), REPORTER_AND_REVIEWERS, ADMIN_ONLY)
                .ifMatch("\"1\"").on(this::freshIncident));
        rows.add(unscoped(o, "GET", "/api/v1/forms", null, ANY_ROLE_BUT_CEC));
        rows.add(unscoped(o, "GET", "/api/v1/forms/{id}", null, ANY_ROLE_BUT_CEC));
        rows.add(unscoped(o, "GET", "/api/v1/forms/{id}/versions/{version}", null, ANY_ROLE_BUT_CEC));
        rows.add(scoped(o, "POST", "/api/v1/forms", s -> missionForm(s), ANALYSTS_CREATE, ADMIN_CREATES));
        rows.add(unscoped(o, "GET", "/api/v1/sync", null, PEOPLE));
        rows.add(scoped(o, "GET", "/api/v1/missions/{missionId}/audit", null, HEAD_READS, ADMIN_ONLY));

        // reports-service: figures for the mission's delegates, statements for its analysts and head, public for all
        Service r = Service.REPORTS;
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/summary", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/summary/observations", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/summary/incidents", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/summary/coverage/unreported", null, DELEGATES_READ, ADMIN_ONLY));
        rows.add(scoped(r, "POST", "/api/v1/missions/{missionId}/statements", null, EDITORS_CREATE, ADMIN_CREATES));
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/statements", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/statements/{id}", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/statements/{id}/versions", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/statements/{id}/versions/{version}", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "GET", "/api/v1/statements/{id}/sentences/{sentenceId}/observations", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "PUT", "/api/v1/statements/{id}/sections/{sectionId}", s -> Json.object().put("language", "en").put("text", "edited"),
                EDITORS_WRITE, ADMIN_ONLY).ifMatch("\"1\"").on(s -> freshStatement(s, false)));
        rows.add(scoped(r, "POST", "/api/v1/statements/{id}/transitions", s -> Json.object().put("to", "IN_REVIEW"), EDITORS_WRITE, ADMIN_ONLY)
                .ifMatch("\"1\"").on(s -> freshStatement(s, false)).step("submit for review"));
        rows.add(scoped(r, "POST", "/api/v1/statements/{id}/transitions", s -> Json.object().put("to", "APPROVED"), APPROVERS, ADMIN_ONLY)
                .ifMatch("\"2\"").on(s -> freshStatement(s, true)).step("approve"));
        rows.add(scoped(r, "GET", "/api/v1/statements/{id}/comments", null, EDITORS_READ, ADMIN_ONLY));
        rows.add(scoped(r, "POST", "/api/v1/statements/{id}/comments", s -> Json.object().put("text", "a remark"), EDITORS_CREATE,
                ADMIN_CREATES));
        rows.add(scoped(r, "GET", "/api/v1/missions/{missionId}/audit", null, HEAD_READS, ADMIN_ONLY));
        rows.add(unscoped(r, "GET", "/api/v1/public/statements", null, EVERYONE));
        // the own mission's published statement is public; the other mission's draft is not, whoever asks
        rows.add(scoped(r, "GET", "/api/v1/public/statements/{id}", null, EVERYONE, NOT_PUBLISHED));
        return rows;
    }

    private static Row scoped(Service service, String method, String path, Function<Scope, Object> body, int[] own, int[] other) {
        return new Row(service, method, path, body, own, other, null, null, null);
    }

    /** Not about one mission (a list filtered to the caller, or no mission at all): called once, in the own scope. */
    private static Row unscoped(Service service, String method, String path, Function<Scope, Object> body, int[] expected) {
        return new Row(service, method, path, body, expected, null, null, null, null);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The tests

    @Test
    void everyIdentityOfTheRealmAgainstEveryEndpointOnItsOwnAndAnotherMission() {
        List<Row> rows = rows();
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder("\n[authz] own mission / other mission, columns: ")
                .append(java.util.Arrays.stream(Caller.values()).map(Enum::name).collect(Collectors.joining(" "))).append('\n');
        int calls = 0;
        for (Row row : rows) {
            StringBuilder line = new StringBuilder(String.format("[authz] %-13s %-6s %-66s", row.service().name().toLowerCase(),
                    row.method(), row.label()));
            for (Scope scope : row.missionScoped() ? List.of(own, other) : List.of(own)) {
                int[] expected = scope == own ? row.own() : row.other();
                line.append(scope == own ? " own:" : " | other:");
                for (Caller caller : Caller.values()) {
                    int actual = call(row, scope, caller).status();
                    calls++;
                    line.append(' ').append(actual);
                    if (actual != expected[caller.ordinal()]) {
                        line.append('!');
                        wrong.add(row.method() + " " + row.label() + " by " + caller + " on the " + scope.name() + " mission: expected "
                                + expected[caller.ordinal()] + ", got " + actual);
                    }
                }
            }
            table.append(line).append('\n');
        }
        System.out.println(table);
        long endpoints = rows.stream().map(row -> row.service() + " " + row.operation()).distinct().count();
        System.out.println("[authz] " + endpoints + " endpoints (" + rows.size() + " rows) x " + Caller.values().length
                + " callers, own and other mission: " + calls + " calls with real Keycloak tokens, " + wrong.size() + " answered otherwise");
        assertThat(wrong).as("calls answered other than the table says").isEmpty();
    }

    @Test
    void theTableCoversEveryEndpointTheServicesPublish() {
        Set<String> tabled = new TreeSet<>();
        rows().forEach(row -> tabled.add(row.service() + " " + row.operation()));
        Set<String> published = new TreeSet<>();
        for (Service service : List.of(Service.MISSIONS, Service.OBSERVATIONS, Service.REPORTS)) {
            JsonNode paths = api.get(e2e.stack.url(service) + "/q/openapi?format=json").expect(200).json().path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (String method : List.of("get", "post", "put", "delete", "patch")) {
                    if (path.getValue().has(method)) {
                        published.add(service + " " + method.toUpperCase() + " " + path.getKey());
                    }
                }
            }
        }
        System.out.println("[authz] OpenAPI: " + published.size() + " operations, " + tabled.size() + " in the e2e table");
        assertThat(tabled).as("endpoints in the table that no service publishes").isSubsetOf(published);
        assertThat(published).as("endpoints published but not in the table").isSubsetOf(tabled);
    }

    @Test
    void aPartnerIsConfinedToTheMissionsThatListIt() {
        String partner = token(Caller.PARTNER);
        // The listed partner submits and reads what it submitted for its mission ...
        JsonNode submitted = api.post(e2e.observations + "/missions/" + own.mission() + "/observations").token(partner)
                .json(observation(own)).expect(201).json();
        assertThat(submitted.path("partnerClientId").asText()).isEqualTo("partner-demo");
        JsonNode read = api.get(e2e.observations + "/missions/" + own.mission() + "/observations?size=200").token(partner).expect(200).json();
        assertThat(read.path("items").findValuesAsText("partnerClientId")).isNotEmpty().containsOnly("partner-demo");
        // ... sees only that mission among the missions, and nothing of the other one.
        JsonNode missions = api.get(e2e.missions + "/missions?size=200").token(partner).expect(200).json();
        assertThat(missions.path("items").findValuesAsText("id")).contains(own.mission().toString()).doesNotContain(other.mission().toString());
        assertThat(api.post(e2e.observations + "/missions/" + other.mission() + "/observations").token(partner).json(observation(other))
                .send().status()).isEqualTo(403);
        assertThat(api.get(e2e.observations + "/missions/" + other.mission() + "/observations").token(partner).send().status()).isEqualTo(403);
        // The other mission's own partner is confined the other way round.
        String partnerOther = e2e.client("partner-other");
        assertThat(api.get(e2e.observations + "/missions/" + other.mission() + "/observations").token(partnerOther).send().status())
                .isEqualTo(200);
        assertThat(api.get(e2e.observations + "/missions/" + own.mission() + "/observations").token(partnerOther).send().status())
                .isEqualTo(403);
    }

    @Test
    void aCecNeverSeesContactDataNotesDraftsOrRawObservations() {
        String cec = token(Caller.CEC);
        String mission = own.mission().toString();
        JsonNode publicMission = api.get(e2e.missions + "/public/missions/" + mission).token(cec).expect(200).json();
        assertThat(publicMission.has("internalNotes")).as("internal notes").isFalse();
        JsonNode delegates = api.get(e2e.missions + "/public/missions/" + mission + "/delegates?size=200").token(cec).expect(200).json();
        assertThat(delegates.path("items").findValuesAsText("fullName")).contains("Observer One");
        for (JsonNode delegate : delegates.path("items")) {
            assertThat(delegate.has("email") || delegate.has("phone") || delegate.has("username") || delegate.has("accreditationNumber"))
                    .as("contact data or identity of " + delegate).isFalse();
        }
        assertThat(delegates.toString()).doesNotContain("observer1@example.org").doesNotContain("+7 700 000 0001");
        JsonNode meetings = api.get(e2e.missions + "/public/missions/" + mission + "/meetings?size=200").token(cec).expect(200).json();
        assertThat(meetings.path("items")).isNotEmpty();
        assertThat(meetings.toString()).doesNotContain("\"notes\"").doesNotContain("Off the record");
        // The mission's own staff do see them: the fields exist, the CEC view leaves them out.
        JsonNode staffView = api.get(e2e.missions + "/missions/" + mission + "/delegates/" + own.ids().get("delegates:id"))
                .token(token(Caller.COORDINATOR)).expect(200).json();
        assertThat(staffView.path("email").asText()).isEqualTo("observer1@example.org");

        // Drafts: neither through the statements API nor the public one, nor in the public list.
        String draft = own.ids().get("statements:id");
        assertThat(api.get(e2e.reports + "/statements/" + draft).token(cec).send().status()).isEqualTo(403);
        assertThat(api.get(e2e.reports + "/public/statements/" + draft).token(cec).send().status()).isEqualTo(404);
        JsonNode statements = api.get(e2e.reports + "/public/statements?size=200").token(cec).expect(200).json();
        assertThat(statements.path("items").findValuesAsText("id")).contains(publishedStatement).doesNotContain(draft);
        // Raw observations: nothing of observations-service, for the public mission either.
        for (String path : List.of("/missions/" + mission + "/observations", "/missions/" + mission + "/export",
                "/missions/" + mission + "/incidents", "/sync", "/forms")) {
            assertThat(api.get(e2e.observations + path).token(cec).send().status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void aTokenIsRefusedByEveryServiceFromTheSecondItExpires() {
        int lifespan = 15;
        String clientId = "expiry-probe-" + UUID.randomUUID().toString().substring(0, 8);
        shortLivedPartnerClient(clientId, lifespan);
        String token = new KeycloakTokens(api, e2e.stack.keycloak().issuer()).clientCredentials(clientId, clientId + "-secret");
        JsonNode claims = Jwts.payload(token);
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).as("the client's access.token.lifespan").isEqualTo(lifespan);

        // Endpoints the partner role reads without any mission: the token alone decides.
        Map<Service, String> endpoints = new LinkedHashMap<>();
        endpoints.put(Service.MISSIONS, e2e.missions + "/missions");
        endpoints.put(Service.OBSERVATIONS, e2e.observations + "/forms");
        endpoints.put(Service.REPORTS, e2e.reports + "/public/statements");
        endpoints.forEach((service, url) -> assertThat(api.get(url).token(token).send().status()).as(service + " while valid").isEqualTo(200));
        assertThat(Instant.now()).as("the valid calls were made before the token expired").isBefore(expires);

        Map<Service, Instant> refusedAt = new LinkedHashMap<>();
        await("every service to refuse the expired token").atMost(Duration.ofSeconds(lifespan + 30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    endpoints.forEach((service, url) -> {
                        if (!refusedAt.containsKey(service)) {
                            Instant before = Instant.now();
                            int status = api.get(url).token(token).send().status();
                            if (status == 401) {
                                refusedAt.put(service, before);
                            } else {
                                assertThat(status).as(service + " before expiry").isEqualTo(200);
                            }
                        }
                    });
                    return refusedAt.size() == endpoints.size();
                });
        refusedAt.forEach((service, at) -> {
            System.out.println("[authz] " + service + " refused the token " + Duration.between(expires, at).toMillis()
                    + " ms after its exp (lifespan " + lifespan + " s, no lifespan-grace)");
            // exp has a one-second resolution, so the last valid call may start up to a second before it
            assertThat(at).as(service + " refused it only once it had expired").isAfterOrEqualTo(expires.minusSeconds(1));
        });
        // And it stays refused.
        endpoints.forEach((service, url) -> assertThat(api.get(url).token(token).send().status()).as(service.name()).isEqualTo(401));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Calls

    private Api.Response call(Row row, Scope scope, Caller caller) {
        if (row.target() != null) {
            scope = scope.on(row.target().apply(scope));
        }
        String url = e2e.stack.url(row.service()) + resolve(row.path(), scope);
        Api.Request request = switch (row.method()) {
            case "GET" -> api.get(url);
            case "POST" -> api.post(url);
            case "PUT" -> api.put(url);
            case "DELETE" -> api.delete(url);
            default -> throw new IllegalArgumentException(row.method());
        };
        request.token(token(caller));
        if (row.ifMatch() != null) {
            request.header("If-Match", row.ifMatch());
        }
        Object body = row.body() == null ? null : row.body().apply(scope);
        if (body instanceof String csv) {
            request.body("text/csv", csv);
        } else if (body != null) {
            request.json(body);
        } else if (row.method().equals("POST") || row.method().equals("PUT")) {
            request.json(Json.object());
        }
        return request.send();
    }

    /**
     * Fills each {name} from the scope by the segment before it ("missions:id" is the mission, "teams:id" a team), unless
     * the scope has a value for this very path ("...#name"); {id} or {clientId} is the call's own target if it has one.
     */
    private static String resolve(String path, Scope scope) {
        String[] segments = path.split("/");
        boolean isPublic = path.startsWith("/api/v1/public/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                String name = segments[i].substring(1, segments[i].length() - 1);
                String key = (isPublic ? "public/" : "") + segments[i - 1] + ":" + name;
                String value = scope.target() != null && (name.equals("id") || name.equals("clientId")) ? scope.target()
                        : key.equals("partners:clientId") ? "partner-e2e-" + UNIQUE.incrementAndGet()
                        : scope.ids().getOrDefault(path + "#" + name, scope.ids().get(key));
                if (value == null) {
                    throw new IllegalStateException("No value for " + key + " in " + path);
                }
                segments[i] = value;
            }
        }
        return String.join("/", segments);
    }

    private String token(Caller caller) {
        if (caller == Caller.NONE) {
            return null;
        }
        return caller.client ? e2e.client(caller.name) : e2e.user(caller.name);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The two missions

    /**
     * The coordinator's public mission: the head, the analyst and observer1 accredited (observer1 in a team with a
     * planned visit), observer3 accredited and then revoked, partner-demo listed; a meeting with notes, an observation
     * and an incident of observer1, a draft and a published statement.
     */
    private Scope ownMission() {
        String admin = token(Caller.ADMIN);
        String coordinator = token(Caller.COORDINATOR);
        UUID election = createElection("Own election");
        UUID mission = UUID.randomUUID();
        api.post(e2e.missions + "/missions").token(coordinator).json(mission(mission, election, true)).expect(201);
        UUID station = UUID.fromString(api.post(e2e.missions + "/elections/" + election + "/polling-stations").token(coordinator)
                .json(station("1")).expect(201).json().path("id").asText());
        String delegates = e2e.missions + "/missions/" + mission + "/delegates";
        api.post(delegates).token(coordinator).json(delegate("head", "HEAD_OF_MISSION", "ACCREDITED")).expect(201);
        api.post(delegates).token(coordinator).json(delegate("analyst", "ANALYST", "ACCREDITED")).expect(201);
        String observer = api.post(delegates).token(coordinator).json(delegate("observer1", "OBSERVER", "ACCREDITED")
                .put("fullName", "Observer One").put("email", "observer1@example.org").put("phone", "+7 700 000 0001"))
                .expect(201).json().path("id").asText();
        ObjectNode revoked = delegate("observer3", "OBSERVER", "ACCREDITED");
        String revokedId = api.post(delegates).token(coordinator).json(revoked).expect(201).json().path("id").asText();
        api.put(e2e.missions + "/missions/" + mission + "/partners/partner-demo").token(coordinator)
                .json(Json.object().put("name", "Demo partner observer network")).expect(201);
        Map<String, String> ids = commonIds(election, mission, station);
        ids.put("delegates:id", observer);
        createTeamAndVisit(coordinator, mission, station, observer, ids);
        ids.put("/api/v1/missions/{missionId}/delegates/{id}#id", api.post(delegates).token(coordinator).json(spareDelegate())
                .expect(201).json().path("id").asText());
        ids.put("meetings:id", api.post(e2e.missions + "/missions/" + mission + "/meetings").token(coordinator)
                .json(meeting("Central Election Commission").put("notes", "Off the record: the chair expects a recount"))
                .expect(201).json().path("id").asText());

        awaitKnown(mission, election, token(Caller.OBSERVER), "observer1");
        await("observations-service to know observer3 and partner-demo").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                .until(() -> status(e2e.observations + "/missions/" + mission + "/observations", token(Caller.REVOKED)) == 200
                        && status(e2e.observations + "/missions/" + mission + "/observations", token(Caller.PARTNER)) == 200);
        await("reports-service to know observer3").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                .until(() -> status(e2e.reports + "/missions/" + mission + "/summary", token(Caller.REVOKED)) == 200);
        assertThat(status(e2e.missions + "/missions/" + mission, token(Caller.REVOKED))).as("observer3 before revocation").isEqualTo(200);
        // observer3's accreditation is revoked: from now on the user name opens nothing in any service
        api.put(delegates + "/" + revokedId).token(coordinator).header("If-Match", "*")
                .json(revoked.put("accreditationStatus", "REVOKED")).expect(200);
        await("every service to refuse observer3 once revoked").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                .until(() -> status(e2e.observations + "/missions/" + mission + "/observations", token(Caller.REVOKED)) == 403
                        && status(e2e.reports + "/missions/" + mission + "/summary", token(Caller.REVOKED)) == 403
                        && status(e2e.missions + "/missions/" + mission, token(Caller.REVOKED)) == 403);

        Scope scope = new Scope("own", election, mission, station, ids, null);
        ids.put("observations:id", api.post(e2e.observations + "/missions/" + mission + "/observations").token(token(Caller.OBSERVER))
                .json(observation(scope)).expect(201).json().path("id").asText());
        ids.put("incidents:id", api.post(e2e.observations + "/missions/" + mission + "/incidents").token(token(Caller.OBSERVER))
                .json(incident(scope)).expect(201).json().path("id").asText());
        awaitCounted(mission, admin);
        ids.put("statements:id", draft(mission, admin));
        publishedStatement = draft(mission, admin);
        int version = 1;
        for (String to : List.of("IN_REVIEW", "APPROVED", "PUBLISHED")) {
            api.post(e2e.reports + "/statements/" + publishedStatement + "/transitions").token(admin).header("If-Match", "\"" + version++ + "\"")
                    .json(Json.object().put("to", to)).expect(200);
        }
        ids.put("public/statements:id", publishedStatement);
        return scope;
    }

    /** The secretariat's mission, not public, that none of the callers belongs to; partner-other is listed. */
    private Scope otherMission() {
        String admin = token(Caller.ADMIN);
        UUID election = createElection("Other election");
        UUID mission = UUID.randomUUID();
        api.post(e2e.missions + "/missions").token(admin).json(mission(mission, election, false)).expect(201);
        UUID station = UUID.fromString(api.post(e2e.missions + "/elections/" + election + "/polling-stations").token(admin)
                .json(station("1")).expect(201).json().path("id").asText());
        Map<String, String> ids = commonIds(election, mission, station);
        ids.put("delegates:id", api.post(e2e.missions + "/missions/" + mission + "/delegates").token(admin)
                .json(delegate("observer2", "OBSERVER", "ACCREDITED")).expect(201).json().path("id").asText());
        api.put(e2e.missions + "/missions/" + mission + "/partners/partner-other").token(admin)
                .json(Json.object().put("name", "Another observer network")).expect(201);
        createTeamAndVisit(admin, mission, station, ids.get("delegates:id"), ids);
        ids.put("/api/v1/missions/{missionId}/delegates/{id}#id", api.post(e2e.missions + "/missions/" + mission + "/delegates")
                .token(admin).json(spareDelegate()).expect(201).json().path("id").asText());
        ids.put("meetings:id", api.post(e2e.missions + "/missions/" + mission + "/meetings").token(admin)
                .json(meeting("Ministry of Foreign Affairs")).expect(201).json().path("id").asText());
        awaitKnown(mission, election, e2e.user("observer2"), "observer2");
        await("observations-service to know partner-other is listed").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                .until(() -> status(e2e.observations + "/missions/" + mission + "/observations", e2e.client("partner-other")) == 200);
        Scope scope = new Scope("other", election, mission, station, ids, null);
        ids.put("observations:id", api.post(e2e.observations + "/missions/" + mission + "/observations").token(admin)
                .json(observation(scope)).expect(201).json().path("id").asText());
        ids.put("incidents:id", api.post(e2e.observations + "/missions/" + mission + "/incidents").token(admin)
                .json(incident(scope)).expect(201).json().path("id").asText());
        awaitCounted(mission, admin);
        String draft = draft(mission, admin);
        ids.put("statements:id", draft);
        ids.put("public/statements:id", draft);
        return scope;
    }

    private Map<String, String> commonIds(UUID election, UUID mission, UUID station) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("elections:id", election.toString());
        ids.put("elections:electionId", election.toString());
        ids.put("missions:id", mission.toString());
        ids.put("missions:missionId", mission.toString());
        ids.put("public/missions:missionId", mission.toString());
        ids.put("polling-stations:stationId", station.toString());
        ids.put("forms:id", votingForm.path("id").asText());
        ids.put("versions:version", votingForm.path("version").asText());
        ids.put("sentences:sentenceId", "election-day.visited");
        ids.put("/api/v1/statements/{id}/versions/{version}#version", "1");
        ids.put("sections:sectionId", "findings");
        return ids;
    }

    /** A team of the delegate with a planned VOTING visit; their ids go into the scope. */
    private void createTeamAndVisit(String token, UUID mission, UUID station, String delegateId, Map<String, String> ids) {
        String team = api.post(e2e.missions + "/missions/" + mission + "/teams").token(token)
                .json(Json.object().put("name", "Team " + UNIQUE.incrementAndGet()).set("memberIds", Json.MAPPER.createArrayNode().add(delegateId)))
                .expect(201).json().path("id").asText();
        ids.put("teams:id", team);
        ids.put("deployments:id", api.post(e2e.missions + "/missions/" + mission + "/deployments").token(token)
                .json(visit(team, station, "VOTING")).expect(201).json().path("id").asText());
    }

    private UUID createElection(String name) {
        UUID id = UUID.randomUUID();
        api.post(e2e.missions + "/elections").token(token(Caller.ADMIN)).json(election(name).put("id", id.toString())).expect(201);
        return id;
    }

    /** Waits until observations-service shows the delegate the mission and its station, and reports-service the mission. */
    private void awaitKnown(UUID mission, UUID election, String delegateToken, String who) {
        await("observations-service to show " + who + " the mission and its station").atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    Api.Response sync = api.get(e2e.observations + "/sync").token(delegateToken).send();
                    return sync.status() == 200 && sync.json().path("missions").findValuesAsText("id").contains(mission.toString())
                            && sync.json().path("stations").findValuesAsText("electionId").contains(election.toString());
                });
        await("reports-service to know " + who + " as a delegate").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250))
                .until(() -> status(e2e.reports + "/missions/" + mission + "/summary", delegateToken) == 200);
    }

    /** Statements are drafted from the figures: wait until reports-service counted the mission's observation. */
    private void awaitCounted(UUID mission, String admin) {
        await("reports-service to count the observation").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(250)).until(() -> {
            Api.Response summary = api.get(e2e.reports + "/missions/" + mission + "/summary").token(admin).send();
            return summary.status() == 200 && summary.json().path("total").path("observations").asLong() >= 1;
        });
    }

    private String draft(UUID mission, String admin) {
        return api.post(e2e.reports + "/missions/" + mission + "/statements").token(admin).expect(201).json().path("id").asText();
    }

    private int status(String url, String token) {
        return api.get(url).token(token).send().status();
    }

    /** A client of the realm with the partner role whose access tokens live {@code seconds}: Keycloak's admin REST API. */
    private void shortLivedPartnerClient(String clientId, int seconds) {
        String admin = e2e.masterAdmin();
        String realm = e2e.stack.keycloak().baseUrl() + "/admin/realms/eom";
        ObjectNode client = Json.object().put("clientId", clientId).put("secret", clientId + "-secret").put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false).put("directAccessGrantsEnabled", false);
        client.putObject("attributes").put("access.token.lifespan", String.valueOf(seconds));
        api.post(realm + "/clients").token(admin).json(client).expect(201);
        String id = api.get(realm + "/clients?clientId=" + clientId).token(admin).expect(200).json().path(0).path("id").asText();
        String user = api.get(realm + "/clients/" + id + "/service-account-user").token(admin).expect(200).json().path("id").asText();
        JsonNode role = api.get(realm + "/roles/partner").token(admin).expect(200).json();
        api.post(realm + "/users/" + user + "/role-mappings/realm").token(admin).json(Json.MAPPER.createArrayNode().add(role)).expect(204);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Bodies

    private JsonNode shippedForm(String phase) {
        JsonNode latest = null;
        for (JsonNode form : api.get(e2e.observations + "/forms?phase=" + phase).token(token(Caller.ADMIN)).expect(200).json().path("items")) {
            if (form.path("missionId").isNull() && (latest == null || form.path("version").asInt() > latest.path("version").asInt())) {
                latest = form;
            }
        }
        assertThat(latest).as("a shipped " + phase + " checklist").isNotNull();
        return latest;
    }

    private static ObjectNode election(String name) {
        return Json.object().put("country", "KZ").put("name", name).put("type", "parliamentary").put("electionDay", "2023-03-19");
    }

    private static ObjectNode mission(UUID id, UUID election, boolean isPublic) {
        return Json.object().put("id", id.toString()).put("electionId", election.toString()).put("organisation", "OTS")
                .put("name", "Authorisation mission " + id).put("isPublic", isPublic)
                .put("internalNotes", "Driver contacts are in the safe")
                .put("observationStart", "2023-03-19T00:00:00Z").put("observationEnd", "2023-03-20T00:00:00Z");
    }

    private static ObjectNode delegate(String username, String missionRole, String status) {
        ObjectNode body = Json.object().put("id", UUID.randomUUID().toString()).put("fullName", "Delegate " + UNIQUE.incrementAndGet())
                .put("memberState", "TR").put("affiliation", "PARLIAMENT").put("missionRole", missionRole)
                .put("accreditationStatus", status);
        return username == null ? body : body.put("username", username);
    }

    private static ObjectNode station(String number) {
        return Json.object().put("number", number).put("name", "School No. " + number).put("district", "Yesil");
    }

    private static ObjectNode meeting(String counterpart) {
        return Json.object().put("meetingDate", "2023-03-16").put("counterpart", counterpart).put("counterpartKind", "ELECTION_COMMISSION");
    }

    /** A visit of its own team, so that no call's visit overlaps another's (a team is at one station at a time). */
    private String freshTeam(Scope s) {
        return api.post(e2e.missions + "/missions/" + s.mission() + "/teams").token(token(Caller.ADMIN))
                .json(Json.object().put("name", "Team " + UNIQUE.incrementAndGet())).expect(201).json().path("id").asText();
    }

    /** A planned visit of a team of its own, for a call that deletes it. */
    private String freshVisit(Scope s) {
        return api.post(e2e.missions + "/missions/" + s.mission() + "/deployments").token(token(Caller.ADMIN))
                .json(visit(freshTeam(s), s.station(), "OPENING")).expect(201).json().path("id").asText();
    }

    private String freshMeeting(Scope s) {
        return api.post(e2e.missions + "/missions/" + s.mission() + "/meetings").token(token(Caller.ADMIN))
                .json(meeting("Party " + UNIQUE.incrementAndGet())).expect(201).json().path("id").asText();
    }

    /** A partner client listed by the mission, for a call that withdraws it. */
    private String freshPartner(Scope s) {
        String clientId = "partner-e2e-" + UNIQUE.incrementAndGet();
        api.put(e2e.missions + "/missions/" + s.mission() + "/partners/" + clientId).token(token(Caller.ADMIN))
                .json(Json.object().put("name", "Temporary network")).expect(201);
        return clientId;
    }

    /** An observation of observer1 on the own mission, of the admin on the other one (where observer1 is no delegate). */
    private String freshObservation(Scope s) {
        return api.post(e2e.observations + "/missions/" + s.mission() + "/observations").token(token(s.isOwn() ? Caller.OBSERVER : Caller.ADMIN))
                .json(observation(s)).expect(201).json().path("id").asText();
    }

    private String freshIncident(Scope s) {
        return api.post(e2e.observations + "/missions/" + s.mission() + "/incidents").token(token(s.isOwn() ? Caller.OBSERVER : Caller.ADMIN))
                .json(incident(s)).expect(201).json().path("id").asText();
    }

    /** A draft of the admin (version 1), or one it submitted for review (version 2). */
    private String freshStatement(Scope s, boolean inReview) {
        String admin = token(Caller.ADMIN);
        String id = draft(s.mission(), admin);
        if (inReview) {
            api.post(e2e.reports + "/statements/" + id + "/transitions").token(admin).header("If-Match", "\"1\"")
                    .json(Json.object().put("to", "IN_REVIEW")).expect(200);
        }
        return id;
    }

    /** The lifecycle allows planned -> deployed -> planned, so the calls toggle between the two. */
    private ObjectNode nextStatus(Scope s) {
        String status = api.get(e2e.missions + "/missions/" + s.mission()).token(token(Caller.ADMIN)).expect(200).json().path("status").asText();
        return Json.object().put("status", status.equals("PLANNED") ? "DEPLOYED" : "PLANNED");
    }

    /** A delegate with no user name: changing it changes nobody's access. */
    private static ObjectNode spareDelegate() {
        ObjectNode body = delegate(null, "OBSERVER", "ACCREDITED");
        body.remove("id");
        return body;
    }

    private static ObjectNode visit(String team, UUID station, String phase) {
        return Json.object().put("teamId", team).put("stationId", station.toString()).put("phase", phase)
                .put("plannedStart", "2023-03-19T09:00:00+06:00").put("plannedEnd", "2023-03-19T10:00:00+06:00");
    }

    private ObjectNode observation(Scope s) {
        return Checklists.observation(votingForm, UUID.randomUUID(), s.station());
    }

    private static ObjectNode incident(Scope s) {
        return Json.object().put("id", UUID.randomUUID().toString()).put("stationId", s.station().toString()).put("category", "OTHER")
                .put("severity", "HIGH").put("occurredAt", "2023-03-19T12:15:00+06:00")
                .put("description", "A man photographed voters' ballots in the booth.");
    }

    private ObjectNode missionForm(Scope s) {
        ObjectNode body = Json.object().put("missionId", s.mission().toString()).put("phase", "TABULATION");
        // a title of its own: the same template again would be a harmless replay (200), not a new version
        int n = UNIQUE.incrementAndGet();
        body.putObject("title").put("en", "Tabulation " + n).put("ru", "Табулирование " + n);
        body.set("questions", tabulationForm.path("questions"));
        return body;
    }
}
