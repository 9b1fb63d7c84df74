package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import org.eom.deploy.infra.TestTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class StationImportTest {

    static final String ADMIN = TestTokens.user("secretariat", "admin");

    @Test
    void importsGoodRowsReportsBadOnesAndReimportChangesNothing() {
        String electionId = MissionLifecycleTest.createElection();
        String csv = """
                number,name,district,address,latitude,longitude,accessibility
                1,"School No. 1, main hall",Yesil,"Kabanbay batyr 1",51.1,71.4,ramp;braille
                2,School No. 2,Almaty,,north,71.4,
                3,,Baikonur,,51.2,71.5,
                4,School No. 4,Saryarka,,51.3,71.6,ramp
                1,Duplicate,Yesil,,,,
                """;
        given().auth().oauth2(ADMIN).contentType("text/csv").body(csv)
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(200)
                .body("received", equalTo(5)).body("created", equalTo(2)).body("rejected", equalTo(3))
                .body("errors", hasSize(3))
                .body("errors[0].row", equalTo(3)).body("errors[0].field", equalTo("latitude"))
                .body("errors[1].row", equalTo(4)).body("errors[1].field", equalTo("name"))
                .body("errors[2].row", equalTo(6)).body("errors[2].field", equalTo("number"));
        given().auth().oauth2(ADMIN).get("/api/v1/elections/{e}/polling-stations?number=1", electionId)
                .then().statusCode(200).body("items[0].name", equalTo("School No. 1, main hall"))
                .body("items[0].accessibility", equalTo(java.util.List.of("ramp", "braille")));

        given().auth().oauth2(ADMIN).contentType("text/csv").body(csv)
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(200).body("created", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(2));
    }

    @Test
    void importsTwentyThousandStationsInOneRequest() {
        String electionId = MissionLifecycleTest.createElection();
        StringBuilder csv = new StringBuilder("number,name,district,latitude,longitude\n");
        for (int i = 1; i <= 20_000; i++) {
            csv.append(i).append(",Station ").append(i).append(",District ").append(i % 40).append(",43.2,76.9\n");
        }
        given().auth().oauth2(ADMIN).contentType("text/csv").body(csv.toString())
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(200).body("created", equalTo(20_000)).body("rejected", equalTo(0));
        given().auth().oauth2(ADMIN).get("/api/v1/elections/{e}/polling-stations?district=District 7&size=200", electionId)
                .then().statusCode(200).body("totalItems", equalTo(500));
    }

    @Test
    void rejectsFilesThatAreNotUtf8OrHaveUnknownColumns() {
        String electionId = MissionLifecycleTest.createElection();
        byte[] latin1 = "number,name,district\n1,École,Yesil\n".getBytes(StandardCharsets.ISO_8859_1);
        given().auth().oauth2(ADMIN).contentType("text/csv").body(new byte[]{'n', 'u', 'm', (byte) 0xC3, (byte) 0x28})
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().auth().oauth2(ADMIN).contentType("text/csv").body("number,name,district,colour\n1,a,b,red\n")
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(400).body("errors[0].field", equalTo("header"));
        given().auth().oauth2(ADMIN).contentType("text/csv").body(latin1)
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(400);
    }
}
