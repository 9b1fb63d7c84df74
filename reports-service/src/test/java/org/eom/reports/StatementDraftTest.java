package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.reports.Api.ADMIN;
import static org.eom.reports.Api.awaitLoaded;
import static org.eom.reports.Api.token;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class StatementDraftTest {

    @Test
    void draftStatesTheMeetingsOpeningVisitsCountAndFindingsOfTheData() {
        ElectionDays.Astana day = ElectionDays.astana();
        MissionFixture f = day.fixture();
        awaitLoaded(f.missionId, 9, 1, 5);

        JsonPath draft = generate(f);
        String en = text(draft, "en");
        assertThat(en)
                .contains("**International Election Observation Mission**", "**Organization of Turkic States (OTS)**", "**(19 March 2023)**")
                .contains("conducted observation of the Elections of Members of the Mazhilis of the Parliament of the Republic of "
                        + "Kazakhstan on 19 March 2023.")
                .contains("The Mission comprised 4 members: officials of the Secretariat of the Organization of Turkic States (OTS) (1), "
                        + "representatives of central election commissions (2) and diplomats (1).")
                .contains("Its members came from Azerbaijan, Kyrgyzstan, Türkiye and Uzbekistan, member states other than Kazakhstan.")
                .contains("The Mission observed the elections in Astana, in the following districts: Almaty, Nura, Saryarka and Yesil.")
                .contains("In the framework of pre-election contacts, on 17 March 2023 the Mission met with representatives of the "
                        + "political parties “Amanat”, “Auyl” and “Nationwide Social Democratic Party”.")
                .contains("On the same day, the Mission met with Mr. Nurlan Abdirov, Chairman (Central Election Commission of the "
                        + "Republic of Kazakhstan, election commission).")
                .contains("On election day, the Mission attended the opening of polling station No. 431 (Yesil, Astana). "
                        + "The opening was conducted on time (1 observation).")
                .contains("The Mission visited 8 polling stations in total and completed 9 observation forms.")
                .contains("The Mission also observed the vote count at polling station No. 373 (Saryarka, Astana). "
                        + "The results protocol was completed and posted publicly (1 observation).")
                .contains("The Mission observed no serious problems which would affect the results of the election.")
                .contains("The Mission assessed voting negatively in 33 per cent of the observations (2 of 6 observations; "
                        + "2 of 5 polling stations).")
                .contains("The Mission assessed the opening positively in all cases observed (1 observation, 1 polling station).")
                .contains("The observers were given full access to the polling stations (7 observations).")
                .contains("The Mission observed no campaign material visible inside or outside the polling stations (7 observations).")
                .contains("The Mission observed no attempt by any outsider to influence voters on how to vote (7 observations).")
                .contains("The polling stations were accessible for persons with disabilities in most cases (6 of 7 observations).")
                .contains("Braille templates for blind voters were available in most cases (6 of 7 observations).")
                .contains("Mobile ballot boxes were available for those who could not cast their ballots at the polling stations "
                        + "(7 observations).")
                .contains("The Mission witnessed exit polls conducted outside the polling stations in some cases (2 of 7 observations).")
                .contains("Problems were reported on “Irregularities seen” in some cases (1 of 7 observations).")
                .contains("The Mission's observers reported 1 incident: procedural (1).")
                .contains("[The conclusion is to be written by the head of mission.]");

        String ru = text(draft, "ru");
        assertThat(ru).contains("**ЗАЯВЛЕНИЕ**", "19 марта 2023 года", "«Auyl»", "№ 431 (Yesil, Astana)",
                "Всего Миссия посетила 8 избирательных участков и заполнила 9 форм наблюдения.",
                "помимо страны проведения выборов (Казахстан): Азербайджан");
    }

    @Test
    void everySentenceKeepsItsFiguresSourcesAndObservations() {
        ElectionDays.Astana day = ElectionDays.astana();
        MissionFixture f = day.fixture();
        awaitLoaded(f.missionId, 9, 1, 5);
        JsonPath draft = generate(f);
        String statementId = draft.getString("id");

        String opening = "sections.find { it.id == 'election-day' }.sentences.find { it.id == 'election-day.opening' }";
        assertThat(draft.getList(opening + ".figures.stationNumbers")).containsExactly("431");
        assertThat(draft.getLong(opening + ".observations.counted")).isEqualTo(1);
        assertThat(evidence(draft.getString(opening + ".observations.href"), null)).containsExactly(day.opening().toString());

        String voting = "sections.find { it.id == 'findings' }.sentences.find { it.id == 'findings.assessment-voting' }";
        assertThat(draft.getInt(voting + ".figures.negativeObservations")).isEqualTo(2);
        assertThat(draft.getInt(voting + ".figures.assessedStations")).isEqualTo(5);
        assertThat(evidence(draft.getString(voting + ".observations.href"), true))
                .containsExactlyInAnyOrder(day.voting12b().toString(), day.voting30().toString());
        assertThat(evidence(draft.getString(voting + ".observations.href"), null)).hasSize(6);
        // read on from each page's nextCursor (ADR 0032), in pages of one and of four: the same evidence in the same order
        for (int size : List.of(1, 4)) {
            assertThat(Api.readOnByCursor(draft.getString(voting + ".observations.href"), Map.of(), size, "items.observationId"))
                    .isEqualTo(evidence(draft.getString(voting + ".observations.href"), null));
        }

        String access = "sections.find { it.id == 'findings' }.sentences.find { it.id == 'findings.topic-accessibility' }";
        assertThat(draft.getString(access + ".figures.level")).isEqualTo("MOST");
        assertThat(draft.getString(access + ".figures.polarity")).isEqualTo("EXPECTED");
        assertThat(draft.getLong(access + ".observations.matching")).isEqualTo(6);
        assertThat(evidence(draft.getString(access + ".observations.href"), false)).containsExactly(day.voting12b().toString());

        String parties = "sections.find { it.id == 'contacts' }.sentences.find { it.id == 'contacts.meeting-1' }";
        assertThat(draft.getList(parties + ".sources.meetings")).hasSize(3);
        assertThat(draft.getString(parties + ".figures.date")).isEqualTo("2023-03-17");
        String composition = "sections.find { it.id == 'introduction' }.sentences.find { it.id == 'introduction.composition' }";
        assertThat(draft.getList(composition + ".sources.delegates")).hasSize(4);

        // the evidence is what the data was at generation: a later withdrawal moves the figures, not the draft's evidence
        f.withdraw(day.voting30());
        Api.awaitSummary(f.missionId, s -> s.getLong("total.observations") == 8);
        assertThat(evidence(draft.getString(voting + ".observations.href"), true)).contains(day.voting30().toString());
        JsonPath regenerated = generate(f);
        assertThat(text(regenerated, "en")).contains("The Mission assessed voting negatively in 20 per cent of the observations "
                + "(1 of 5 observations; 1 of 4 polling stations).");
        assertThat(regenerated.getString("id")).isNotEqualTo(statementId);
    }

    @Test
    void anotherMissionsDataDraftsAnotherStatement() {
        MissionFixture f = ElectionDays.chisinau();
        awaitLoaded(f.missionId, 7, 1, 0);
        Api.awaitRows("meeting", f.missionId, 2);

        String en = text(generate(f), "en");
        assertThat(en)
                .contains("**Election Observation Mission to Moldova**", "**Commonwealth Observer Network**",
                        "**Presidential Election (Moldova)**", "**(20 October 2024)**")
                .contains("conducted observation of the Presidential Election in Moldova on 20 October 2024.")
                .contains("The Mission comprised 3 members: representatives of central election commissions (1), "
                        + "members of parliament (1) and other experts (1).")
                .contains("Its members came from Armenia, Kazakhstan and Moldova.")
                .contains("In the framework of pre-election contacts, on 17 October 2024 the Mission met with representatives of "
                        + "the media outlet “TV8”. The discussions covered media coverage.")
                .contains("On 18 October 2024, the Mission met with Ms. Ana Rusu, Director (Promo-LEX, civil society).")
                .contains("On election day, the Mission attended the opening of polling stations No. 7 (Centru) and No. 9 (Centru).")
                .contains("None of the polling stations observed opened on time (2 observations).")
                .contains("The Mission visited 6 polling stations in total and completed 7 observation forms.")
                .contains("The Mission also observed the vote count at 5 polling stations.")
                .contains("The results protocol was completed and posted publicly in most cases (4 of 5 observations).")
                .contains("The Mission assessed the overall conduct as very bad in 1 of 7 observations.")
                .contains("The Mission assessed the count negatively in 1 of 5 counts observed.")
                .contains("The Mission's observers reported 1 incident: ballot stuffing (1). Of high or critical severity: 1.")
                .doesNotContain("Kazakhstan on", "431", "373", "Astana", "Turkic", "no serious problems", "other than");
    }

    @Test
    void aMissionWithoutObservationsDraftsWhatItKnows() {
        MissionFixture f = new MissionFixture()
                .election("GE", "Parliamentary Elections", "2024-10-26")
                .mission("Observer Group", "Observation Mission", List.of())
                .delegate("ANALYST", "Analyst", "LT", "OTHER");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).post("/api/v1/missions/{m}/statements", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        Api.awaitRows("delegate", f.missionId, 1);
        String en = text(generate(f), "en");
        assertThat(en).contains("conducted observation of the Parliamentary Elections in Georgia on 26 October 2024.",
                        "No pre-election meetings of the Mission are recorded.", "The Mission's observers reported no incidents.")
                .doesNotContain("visited", "opening of polling station", "serious problems");
    }

    static JsonPath generate(MissionFixture f) {
        return given().auth().oauth2(token(f, "ANALYST", "analyst")).contentType(ContentType.JSON)
                .post("/api/v1/missions/{m}/statements", f.missionId)
                .then().statusCode(201).header("ETag", equalTo("\"1\"")).body("status", equalTo("DRAFT"))
                .extract().jsonPath();
    }

    static String text(JsonPath statement, String language) {
        return String.join("\n\n", statement.getList("sections.text." + language, String.class));
    }

    private static List<String> evidence(String href, Boolean matching) {
        var request = given().auth().oauth2(ADMIN).queryParam("size", 200);
        if (matching != null) {
            request.queryParam("matching", matching);
        }
        return request.get(href).then().statusCode(200).extract().jsonPath().getList("items.observationId", String.class);
    }
}
