package org.eom.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.eom.reports.Api.token;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class RenderingTest {

    static ElectionDays.Astana day;
    static String analyst;
    static String statementId;

    /** One draft for the class, made on first use (the HTTP port is only known once a test runs). */
    @BeforeEach
    void draft() {
        if (day == null) {
            day = ElectionDays.astana();
            Api.awaitLoaded(day.fixture().missionId, 9, 1, 5);
            analyst = token(day.fixture(), "ANALYST", "analyst");
            statementId = StatementDraftTest.generate(day.fixture()).getString("id");
        }
    }

    @Test
    void markdownInEnglishAndRussian() {
        given().auth().oauth2(analyst).accept("text/markdown").get("/api/v1/statements/{id}", statementId)
                .then().statusCode(200).contentType(containsString("text/markdown")).header("Content-Language", "en")
                .body(startsWith("**International Election Observation Mission**  \n**Organization of Turkic States (OTS)**"))
                .body(containsString("**STATEMENT**\n\nThe International Election Observation Mission (hereinafter referred to as "
                        + "the Mission)"))
                .body(containsString("polling station No. 431 (Yesil, Astana)"));
        given().auth().oauth2(analyst).accept("text/markdown").header("Accept-Language", "ru, en;q=0.5")
                .get("/api/v1/statements/{id}", statementId)
                .then().statusCode(200).header("Content-Language", "ru").body(containsString("**ЗАЯВЛЕНИЕ**"))
                .body(containsString("избирательного участка № 431 (Yesil, Astana)"));
        given().auth().oauth2(analyst).accept("text/markdown").queryParam("lang", "ru").header("Accept-Language", "en")
                .get("/api/v1/statements/{id}", statementId).then().statusCode(200).header("Content-Language", "ru");
        given().auth().oauth2(analyst).accept("text/markdown").queryParam("lang", "de").get("/api/v1/statements/{id}", statementId)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("lang"));
        given().auth().oauth2(analyst).accept("image/png").get("/api/v1/statements/{id}", statementId).then().statusCode(406);
        given().auth().oauth2(analyst).get("/api/v1/statements/{id}", statementId)
                .then().statusCode(200).contentType(ContentType.JSON).body("id", equalTo(statementId));
    }

    @Test
    void htmlEscapesWhatEditorsTypeAsMarkup() {
        String id = StatementDraftTest.generate(day.fixture()).getString("id");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("language", "en", "text", "Counting was **orderly** <script>alert('x')</script>"))
                .put("/api/v1/statements/{id}/sections/conclusion", id).then().statusCode(200);
        given().auth().oauth2(analyst).accept("text/html").get("/api/v1/statements/{id}", id)
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(startsWith("<!DOCTYPE html>"))
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<strong>STATEMENT</strong>"))
                .body(containsString("Counting was <strong>orderly</strong> &lt;script&gt;"))
                .body(not(containsString("<script>")));
    }

    @Test
    void pdfInEnglishAndRussianWithTheTextSelectable() throws IOException {
        byte[] english = given().auth().oauth2(analyst).accept("application/pdf").get("/api/v1/statements/{id}", statementId)
                .then().statusCode(200).contentType("application/pdf").header("Content-Disposition", containsString("-en.pdf"))
                .extract().asByteArray();
        assertThat(new String(english, 0, 5)).isEqualTo("%PDF-");
        assertThat(text(english)).contains("STATEMENT", "International Election Observation Mission", "No. 431", "17 March 2023");

        byte[] russian = given().auth().oauth2(analyst).accept("application/pdf").queryParam("lang", "ru")
                .get("/api/v1/statements/{id}", statementId).then().statusCode(200).extract().asByteArray();
        assertThat(new String(russian, 0, 5)).isEqualTo("%PDF-");
        String text = text(russian);
        assertThat(text).contains("ЗАЯВЛЕНИЕ", "№ 431", "17 марта 2023 года", "Всего Миссия посетила 8 избирательных участков");
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isBetween(1, 5);
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }
}
