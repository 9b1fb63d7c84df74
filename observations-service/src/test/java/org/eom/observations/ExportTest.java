package org.eom.observations;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eom.deploy.infra.QueryPlan;
import org.eom.observations.access.ReadScope;
import org.eom.observations.observations.ObservationExport;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ExportTest {

    @Inject
    MissionFeed feed;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObservationExport export;

    @Test
    void exportsAHundredThousandObservationsAsStreamedCsvWithOneColumnPerQuestion() throws Exception {
        UUID template = UUID.randomUUID();
        TestMission m = missionWithCopies(template, 99_999, false);
        // flagged as the service flags (jsonb puts "code" first): the cell lists the codes
        UUID other = UUID.randomUUID();
        feed.execute("update observation set flags = cast(? as jsonb) where id = ?", """
                [{"code": "CONFLICT", "questionId": "exit_polls", "otherObservationId": "%s", "detail": "OUTSIDE, INSIDE"},
                 {"code": "REPEATED_VISIT", "questionId": null, "otherObservationId": "%s", "detail": null}]""".formatted(other, other), template);

        InputStream csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).contentType("text/csv").header("Content-Disposition", org.hamcrest.Matchers.containsString(".csv"))
                .extract().asInputStream();
        long lines = 0;
        String header;
        String first;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            header = reader.readLine();
            first = reader.readLine();
            lines = 2;
            while (reader.readLine() != null) {
                lines++;
            }
        }
        assertThat(lines).isEqualTo(100_001);
        List<String> columns = List.of(header.split(","));
        assertThat(columns).startsWith("id", "version", "revision", "status", "phase", "station_id", "station_number", "district");
        assertThat(columns).contains("campaign_material", "voter_influence", "exit_polls", "technologies", "overall_assessment");
        List<String> cells = List.of(first.split(",", -1));
        assertThat(cells.get(0)).isEqualTo(template.toString());
        assertThat(cells.get(columns.indexOf("exit_polls"))).isEqualTo("OUTSIDE");
        assertThat(cells.get(columns.indexOf("delegate_usernames"))).isEqualTo(m.observerA1() + ";" + m.observerA2());
        assertThat(cells.get(columns.indexOf("flags"))).isEqualTo("CONFLICT;REPEATED_VISIT");
        assertThat(cells.get(columns.indexOf("overall_assessment"))).isEqualTo("GOOD");
    }

    @Test
    void exportsJsonAndOnlyToMissionReaders() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        given().auth().oauth2(m.partnerToken()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(2)))
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        UUID observers = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(observers, m.station(1)))
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        JsonPath json = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=json", m.missionId())
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertThat(json.getList("")).hasSize(2);
        assertThat(json.getString("find { it.id == '" + id + "' }.answers.exit_polls")).isEqualTo("OUTSIDE");
        assertThat(json.getList("find { it.id == '" + id + "' }.answers.technologies")).containsExactly("VIDEO_SURVEILLANCE");
        assertThat(json.getList("find { it.id == '" + observers + "' }.delegate_usernames")).containsExactly(m.observerA1(), m.observerA2());
        assertThat(json.getList("find { it.id == '" + observers + "' }.flags")).isEmpty();
        // a partner exports only what it submitted
        JsonPath partners = given().auth().oauth2(m.partnerToken()).get("/api/v1/missions/{m}/export?format=json", m.missionId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(partners.getList("id")).containsExactly(id.toString());
        given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=xml", m.missionId())
                .then().statusCode(400);
    }

    /** The question columns come from the forms the mission's observations were written with, amendments included (V7). */
    @Test
    void aVisitAmendedToAnotherFormBringsThatFormsQuestionsToTheExport() {
        TestMission m = feed.mission(2);
        UUID id = UUID.randomUUID();
        String observations = m.observations();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(observations).then().statusCode(201);
        Map<String, Object> opening = Checklists.observation(id, m.station(1), Checklists.OPENING, Checklists.ARRIVED, Map.ofEntries(
                Map.entry("arrival_time", "07:30"), Map.entry("opened_on_time", "YES"), Map.entry("ballot_boxes_shown_empty", "YES"),
                Map.entry("ballot_box_sealed", "YES"), Map.entry("ballots_counted_before_opening", "YES"),
                Map.entry("essential_materials", "YES"), Map.entry("layout_ensures_secrecy", "YES"), Map.entry("campaign_material", "NO"),
                Map.entry("unauthorised_persons", "NO"), Map.entry("observer_access", "YES"), Map.entry("accessibility", "YES"),
                Map.entry("opening_procedures_followed", "YES"), Map.entry("overall_assessment", "GOOD")));
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(opening)
                .put(observations + "/" + id).then().statusCode(200).body("phase", equalTo("OPENING"));

        String csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).extract().asString();
        List<String> columns = List.of(csv.substring(0, csv.indexOf("\r\n")).split(","));
        assertThat(columns).as("the opening form's questions").contains("opened_on_time", "ballot_box_sealed");
        assertThat(columns).as("the voting form it was first written with").contains("exit_polls");
        assertThat(csv.lines().count()).isEqualTo(2);
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() throws Exception {
        TestMission m = feed.mission(2);
        List<String> notes = List.of("=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(A1)", "\tHYPERLINK(x)", "calm, nothing to report");
        Map<UUID, String> byId = new java.util.LinkedHashMap<>();
        for (String note : notes) {
            UUID id = UUID.randomUUID();
            Map<String, Object> body = Checklists.voting(id, m.station(1));
            body.put("notes", note);
            given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
            byId.put(id, note);
        }
        String csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        int notesColumn = List.of(lines.get(0).split(",")).indexOf("notes");
        Map<String, String> exported = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1));
            exported.put(cells.get(0), cells.get(notesColumn));
        }
        byId.forEach((id, note) -> assertThat(exported.get(id.toString())).as(note).isEqualTo(switch (note) {
            case "calm, nothing to report" -> "\"calm, nothing to report\"";
            default -> "'" + note;
        }));
    }

    @Test
    void csvCellsAreTheStoredTextWithBackslashesTabsAndLineBreaksIntact() {
        TestMission m = feed.mission(2);
        Map<String, Object> body = Checklists.voting(UUID.randomUUID(), m.station(1), Checklists.with(Checklists.cleanVotingAnswers(),
                "technologies", List.of("BALLOT_SCANNER", "VIDEO_SURVEILLANCE")));
        // what PostgreSQL's COPY escapes on the way (backslash, tab, line breaks, its null marker)
        body.put("notes", "C:\\temp\tkey \\N, \"quoted\"\r\nnext line");
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        String csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).extract().asString();
        assertThat(csv.substring(csv.indexOf("\r\n") + 2))
                .contains(",\"C:\\temp\tkey \\N, \"\"quoted\"\"\r\nnext line\",10:00,1500,420,")
                .contains(",OUTSIDE,BALLOT_SCANNER;VIDEO_SURVEILLANCE,");
    }

    @Test
    void answersStoredInJsonbKeyOrderBeforeTheJsonColumnExportAsTheOthers() {
        TestMission m = feed.mission(2);
        UUID migrated = UUID.randomUUID();
        for (int station = 1; station <= 2; station++) {
            UUID id = station == 1 ? migrated : UUID.randomUUID();
            given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(station),
                            Checklists.with(Checklists.cleanVotingAnswers(), "technologies", List.of("BALLOT_SCANNER", "VIDEO_SURVEILLANCE"))))
                    .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        }
        // what V4 left of a row written while the column was jsonb: the value before the question id
        assertThat(feed.execute("update observation set answers = cast(cast(answers as jsonb) as json) where id = ?", migrated)).isEqualTo(1);
        assertThat(feed.count("select count(*) from observation where id = ? and cast(answers as text) like '[{\"value\"%'", migrated))
                .isEqualTo(1);

        String csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines).hasSize(3);
        List<String> header = List.of(lines.get(0).split(","));
        int firstAnswer = header.indexOf("notes") + 1;
        List<String> answersOfFirst = List.of(lines.get(1).split(",", -1)).subList(firstAnswer, header.size());
        List<String> answersOfSecond = List.of(lines.get(2).split(",", -1)).subList(firstAnswer, header.size());
        assertThat(answersOfFirst).isEqualTo(answersOfSecond).contains("OUTSIDE", "BALLOT_SCANNER;VIDEO_SURVEILLANCE");

        JsonPath json = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=json", m.missionId())
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> migratedAnswers = json.getMap("find { it.id == '" + migrated + "' }.answers");
        assertThat(migratedAnswers).isEqualTo(json.getMap("find { it.id != '" + migrated + "' }.answers"))
                .containsEntry("exit_polls", "OUTSIDE").containsEntry("technologies", List.of("BALLOT_SCANNER", "VIDEO_SURVEILLANCE"));
    }

    @Test
    void aClientThatHangsUpMidExportLeavesNoQueryRunningAndNoConnectionTaken() throws Exception {
        TestMission m = missionWithCopies(UUID.randomUUID(), 49_999, false);
        long taken = dataSource.getMetrics().activeCount();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET /api/v1/missions/" + m.missionId() + "/export?format=csv HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + m.analystToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().readNBytes(1 << 16)).hasSize(1 << 16);
        }
        // the service notices on its next writes and closes the export's own connection, which ends PostgreSQL's COPY;
        // no pooled connection is taken or left to a late cancel (the export after it and the service's next statements work)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(feed.count("select count(*) from pg_stat_activity where query like 'copy (select%' and state <> 'idle' and pid <> pg_backend_pid()"))
                    .isZero();
            assertThat(dataSource.getMetrics().activeCount()).isLessThanOrEqualTo(taken);
        });
        InputStream csv = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=csv", m.missionId())
                .then().statusCode(200).extract().asInputStream();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            assertThat(reader.lines().count()).isEqualTo(50_001);
        }
    }

    /**
     * The export reads a mission in statements of {@code eom.observations.export.rows-per-statement} rows (1,000 in
     * the tests), each going on from the last row of the one before. Rows received in the same microsecond, across the
     * statements' boundaries, are each sent once.
     */
    @Test
    void rowsReceivedAtTheSameMomentAreEachExportedOnceAcrossStatements() {
        TestMission m = missionWithCopies(UUID.randomUUID(), 2_499, false);
        assertThat(feed.execute("update observation set received_at = timestamptz '2023-03-19 09:00:00.123456+00' where mission_id = ?",
                m.missionId())).isEqualTo(2_500);
        List<String> ids = given().auth().oauth2(m.analystToken()).get("/api/v1/missions/{m}/export?format=json", m.missionId())
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(ids).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(ids).as("in id order within the moment").isSorted();
    }

    /**
     * The export streams a mission of any size: PostgreSQL reads the rows in the order of an index and sends each as
     * it goes, rather than sorting the mission first (in parallel workers, spilled to disk, nothing sent until the
     * end). That sort was its choice for a mission whose rows are stored among other missions' rows, as on election
     * day. Planned on the export's own connection, for the whole mission and for a partner's part of it, each from
     * the first row and from a later one: a statement that goes on from a position starts its index scan there.
     */
    @Test
    void aMissionAndAPartnersPartAreReadInIndexOrderWithoutASort() throws SQLException {
        TestMission m = missionWithCopies(UUID.randomUUID(), 20_000, true);
        feed.execute("analyze observation");
        try (Connection connection = export.connect()) {
            ObservationExport.After later = new ObservationExport.After("2023-03-19 09:00:00.5+00", UUID.randomUUID().toString());
            for (ObservationExport.After from : List.of(ObservationExport.After.FIRST, later)) {
                ObservationExport.from(connection, m.missionId(), ReadScope.WHOLE_MISSION, from);
                assertThat(QueryPlan.of(connection, ObservationExport.select(ReadScope.WHOLE_MISSION, 10_000)))
                        .contains("Index Scan Backward using observation_list_idx").doesNotContain("Sort", "Gather");
                ReadScope partner = ReadScope.submittedBy("partner-o'brien");
                ObservationExport.from(connection, m.missionId(), partner, from);
                assertThat(QueryPlan.of(connection, ObservationExport.select(partner, 10_000)))
                        .contains("Index Scan Backward using observation_partner_idx").doesNotContain("Sort", "Gather");
            }
        }
    }

    /**
     * A mission with one observation stored through the API and copies of it written straight into the table (the API
     * is not what is under test here), received a millisecond apart after it; if {@code amongOtherMissions}, each stored
     * after three copies given to other missions.
     */
    private TestMission missionWithCopies(UUID observation, int copies, boolean amongOtherMissions) {
        TestMission m = feed.mission(2);
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(observation, m.station(1)))
                .post("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(201);
        int rows = amongOtherMissions ? copies * 4 : copies;
        int copied = feed.execute("insert into observation (id, mission_id, election_id, station_id, station_number, district, phase, "
                + "template_id, template_version, team_id, delegate_usernames, submitted_by, source, arrived_at, departed_at, received_at, "
                + "status, overall_assessment, answers, flags, notes, created_hash, content_hash, version, revision) "
                + "select gen_random_uuid(), " + (amongOtherMissions ? "case when n % 4 = 0 then mission_id else gen_random_uuid() end" : "mission_id")
                + ", election_id, station_id, station_number, district, phase, template_id, "
                + "template_version, team_id, delegate_usernames, submitted_by, source, arrived_at + n * interval '1 second', departed_at, "
                + "received_at + n * interval '1 millisecond', status, overall_assessment, answers, flags, 'copy ' || n, created_hash, "
                + "content_hash, 1, 1 from observation, generate_series(1, ?) n where id = ?", rows, observation);
        assertThat(copied).isEqualTo(rows);
        return m;
    }
}
