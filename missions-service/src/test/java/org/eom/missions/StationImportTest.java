package org.eom.missions;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eom.deploy.infra.InfraTestResource;
import org.eom.deploy.infra.TestTokens;
import org.eom.deploy.infra.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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

    /**
     * A national list imported in parts: each part is applied in rounds of 500 rows, which must find the stations that
     * earlier parts created and publish every change of every round, once.
     */
    @Test
    void importsAnElectionInPartsAndPublishesEachChangeOnce() {
        String electionId = MissionLifecycleTest.createElection();
        given().auth().oauth2(ADMIN).contentType("text/csv").body(stationsCsv(1, 1200, n -> "Station " + n))
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(200).body("created", equalTo(1200)).body("rejected", equalTo(0));
        // overlapping the first part: 1001 to 1100 renamed, 1101 to 1200 as they were, 1201 to 2200 new
        given().auth().oauth2(ADMIN).contentType("text/csv")
                .body(stationsCsv(1001, 2200, n -> n <= 1100 ? "Renamed station " + n : "Station " + n))
                .post("/api/v1/elections/{e}/polling-stations/import", electionId)
                .then().statusCode(200).body("created", equalTo(1000)).body("updated", equalTo(100)).body("unchanged", equalTo(100));
        given().auth().oauth2(ADMIN).get("/api/v1/elections/{e}/polling-stations?size=1", electionId)
                .then().statusCode(200).body("totalItems", equalTo(2200));

        // rounds 1-500, 501-1000, 1001-1200 of the first part; 1001-1500, 1501-2000, 2001-2200 of the second
        Predicate<ConsumerRecord<String, String>> thisElectionsStations = r -> r.key().equals(electionId)
                && Fixtures.read(r.value()).path("type").asText().equals("org.eom.missions.polling-stations.upserted");
        InfraTestResource.awaitRecords(Topics.MISSIONS, thisElectionsStations, 6);
        Map<String, List<String>> namesByNumber = new HashMap<>();
        InfraTestResource.records(Topics.MISSIONS).stream().filter(thisElectionsStations)
                .flatMap(r -> Fixtures.read(r.value()).path("data").path("stations").valueStream())
                .forEach(station -> namesByNumber.computeIfAbsent(station.path("number").asText(), n -> new ArrayList<>())
                        .add(station.path("name").asText()));
        assertThat(namesByNumber).hasSize(2200);
        assertThat(namesByNumber.get("1050")).containsExactly("Station 1050", "Renamed station 1050");
        assertThat(namesByNumber.get("1150")).containsExactly("Station 1150");
        assertThat(namesByNumber.get("2150")).containsExactly("Station 2150");
        assertThat(namesByNumber.values().stream().mapToInt(List::size).sum()).isEqualTo(1200 + 1100);
    }

    private static String stationsCsv(int first, int last, IntFunction<String> name) {
        StringBuilder csv = new StringBuilder("number,name,district\n");
        for (int n = first; n <= last; n++) {
            csv.append(n).append(',').append(name.apply(n)).append(",District ").append(n % 40).append('\n');
        }
        return csv.toString();
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
