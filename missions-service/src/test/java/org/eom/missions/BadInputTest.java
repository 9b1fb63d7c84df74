package org.eom.missions;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eom.deploy.infra.BadInput;
import org.eom.deploy.infra.BadInput.Endpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.eom.missions.Fixtures.ADMIN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every write endpoint against the malformed-request corpus: 4xx problems naming the field, never a 5xx, nothing written. */
@QuarkusTest
class BadInputTest {

    static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Test
    void everyWriteEndpointRefusesMalformedRequestsCleanly() {
        String election = Fixtures.election();
        String mission = Fixtures.mission(election);
        String delegate = Fixtures.delegate(mission, "bad-input-" + UUID.randomUUID(), "OBSERVER");
        String station = Fixtures.station(election, "431", "Yesil");
        String team = Fixtures.team(mission, "Team north", delegate);
        String deployment = Fixtures.deployment(mission, Fixtures.visit(team, station, "VOTING", "08:00", "10:00"));
        String deleted = Fixtures.deployment(mission, Fixtures.visit(team, station, "VOTING", "11:00", "12:00"));
        String meeting = created("/api/v1/missions/" + mission + "/meetings", meetingBody(delegate).get());
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Domestic observers"))
                .put("/api/v1/missions/{m}/partners/partner-gone", mission).then().statusCode(201);

        String elections = "/api/v1/elections";
        String stations = elections + "/" + election + "/polling-stations";
        String missions = "/api/v1/missions";
        String m = missions + "/" + mission;
        Supplier<String> electionBody = () -> json(Map.of("id", UUID.randomUUID().toString(), "country", "KZ",
                "name", "Early presidential election " + SEQUENCE.incrementAndGet(), "type", "presidential", "electionDay", "2023-03-19", "rounds", 1));
        Supplier<String> missionBody = () -> json(map("id", UUID.randomUUID().toString(), "electionId", election,
                "organisation", "Organization of Turkic States", "name", "Observation mission " + SEQUENCE.incrementAndGet(),
                "mandate", "Observe the early elections", "deploymentStart", "2023-03-10", "deploymentEnd", "2023-03-21",
                "observationStart", "2023-03-19T07:00:00+06:00", "observationEnd", "2023-03-20T07:00:00+06:00",
                "areas", List.of("Astana"), "isPublic", false, "internalNotes", "driver contacts in the safe"));
        Supplier<String> delegateBody = () -> json(map("id", UUID.randomUUID().toString(), "fullName", "Aigerim Sultanova",
                "memberState", "KZ", "affiliation", "PARLIAMENT", "missionRole", "OBSERVER", "accreditationNumber", "ACC-7",
                "accreditationStatus", "ACCREDITED", "username", "aigerim" + SEQUENCE.incrementAndGet(),
                "email", "aigerim@example.org", "phone", "+7 701 000 0000"));
        Supplier<String> teamBody = () -> json(Map.of("id", UUID.randomUUID().toString(), "name", "Team " + SEQUENCE.incrementAndGet(),
                "memberIds", List.of(delegate)));
        Supplier<String> deploymentBody = deploymentBody(team, station, "06:00", "07:00");

        List<Endpoint> endpoints = List.of(
                Endpoint.json("POST", "/api/v1/elections", elections, ADMIN, electionBody, elections + "?size=1"),
                Endpoint.json("PUT", "/api/v1/elections/{id}", elections + "/" + election, ADMIN, electionBody, elections + "/" + election)
                        .ifMatchOf(elections + "/" + election),
                Endpoint.json("POST", "/api/v1/elections/{electionId}/polling-stations", stations, ADMIN,
                        () -> json(Map.of("number", "9" + SEQUENCE.incrementAndGet(), "name", "School No. 12", "district", "Yesil",
                                "address", "Kabanbay batyr 1", "latitude", 51.1, "longitude", 71.4, "accessibility", List.of("ramp"))),
                        stations + "?size=1"),
                Endpoint.csv("POST", "/api/v1/elections/{electionId}/polling-stations/import", stations + "/import", ADMIN,
                        () -> "number,name,district,address,latitude,longitude,accessibility\n"
                                + "8" + SEQUENCE.incrementAndGet() + ",School No. 8,Yesil,Kabanbay batyr 8,51.1,71.4,ramp\n",
                        stations + "?size=1"),
                Endpoint.json("POST", "/api/v1/missions", missions, ADMIN, missionBody, missions + "?electionId=" + election + "&size=1"),
                Endpoint.json("PUT", "/api/v1/missions/{id}", m, ADMIN, missionBody, m).ifMatchOf(m),
                Endpoint.json("POST", "/api/v1/missions/{id}/status", m + "/status", ADMIN, () -> "{\"status\":\"DEPLOYED\"}", m)
                        .ifMatchOf(m),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/delegates", m + "/delegates", ADMIN, delegateBody, m + "/delegates?size=1"),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/delegates/{id}", m + "/delegates/" + delegate, ADMIN, delegateBody,
                        m + "/delegates/" + delegate).ifMatchOf(m + "/delegates/" + delegate),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/teams", m + "/teams", ADMIN, teamBody, m + "/teams?size=1"),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/teams/{id}", m + "/teams/" + team, ADMIN, teamBody, m + "/teams/" + team)
                        .ifMatchOf(m + "/teams/" + team),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/deployments", m + "/deployments", ADMIN, deploymentBody,
                        m + "/deployments?size=1"),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/deployments/{id}", m + "/deployments/" + deployment, ADMIN,
                        deploymentBody(team, station, "13:00", "14:00"), m + "/deployments/" + deployment).ifMatchOf(m + "/deployments/" + deployment),
                Endpoint.noBody("DELETE", "/api/v1/missions/{missionId}/deployments/{id}", m + "/deployments/" + deleted, ADMIN,
                        m + "/deployments?size=100").ifMatchOf(m + "/deployments/" + deleted),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/meetings", m + "/meetings", ADMIN, meetingBody(delegate),
                        m + "/meetings?size=1"),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/meetings/{id}", m + "/meetings/" + meeting, ADMIN, meetingBody(delegate),
                        m + "/meetings/" + meeting).ifMatchOf(m + "/meetings/" + meeting),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/partners/{clientId}", m + "/partners/partner-" + UUID.randomUUID(), ADMIN,
                        () -> "{\"name\":\"Domestic observer network\"}", m + "/partners?size=100"),
                Endpoint.noBody("DELETE", "/api/v1/missions/{missionId}/partners/{clientId}", m + "/partners/partner-gone", ADMIN,
                        m + "/partners?size=100"));

        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        BadInput.requireCovered(base, endpoints);
        BadInput.check(base, endpoints);
    }

    /** JAX-RS answers 404 for a query parameter it cannot convert; the platform makes it a 400 naming the parameter. */
    @Test
    void unconvertibleQueryParametersAreBadRequestsNamingTheParameter() {
        String mission = Fixtures.mission(Fixtures.election());
        given().auth().oauth2(ADMIN).get("/api/v1/missions?status=SOMEDAY").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"))
                .body("errors[0].reason", containsString("PLANNED"));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/meetings?from=2023-02-30", mission).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/deployments?teamId=team-a", mission).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("teamId"));
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).get("/api/v1/missions/" + mission + "/deployments?q=a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        // a path that names nothing stays a 404
        given().auth().oauth2(ADMIN).get("/api/v1/missions/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get("/api/v1/missions?status=PLANNED").then().statusCode(200);
    }

    private static Supplier<String> deploymentBody(String team, String station, String start, String end) {
        return () -> {
            Map<String, Object> visit = new LinkedHashMap<>(Fixtures.visit(team, station, "OPENING", start, end));
            visit.put("id", UUID.randomUUID().toString());
            return json(visit);
        };
    }

    private static Supplier<String> meetingBody(String delegate) {
        return () -> json(map("id", UUID.randomUUID().toString(), "meetingDate", "2023-03-15", "counterpart", "Central Election Commission",
                "counterpartKind", "ELECTION_COMMISSION", "counterpartPerson", "Deputy chair", "attendeeIds", List.of(delegate),
                "topics", List.of("voter lists"), "notes", "Asked about mobile ballot boxes"));
    }

    private static String created(String url, String body) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).post(url).then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static String json(Object value) {
        try {
            return Fixtures.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
