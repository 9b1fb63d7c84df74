package org.eom.observations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eom.deploy.infra.BadInput;
import org.eom.deploy.infra.BadInput.Endpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every write endpoint against the malformed-request corpus: 4xx problems naming the field, never a 5xx, nothing written. */
@QuarkusTest
class BadInputTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MissionFeed feed;

    @Test
    void everyWriteEndpointRefusesMalformedRequestsCleanly() {
        TestMission m = feed.mission(2);
        String observer = m.observerA1Token();
        String analyst = m.analystToken();
        String observations = m.observations();
        String incidents = "/api/v1/missions/" + m.missionId() + "/incidents";
        Supplier<String> observation = () -> json(Checklists.voting(UUID.randomUUID(), m.station(1)));
        UUID amended = submitted(m, observations);
        UUID withdrawn = submitted(m, observations);
        UUID reviewed = submitted(m, observations);
        UUID incident = UUID.randomUUID();
        given().auth().oauth2(observer).contentType(ContentType.JSON).body(IncidentTest.incident(incident, m.station(1), "OTHER"))
                .post(incidents).then().statusCode(201);
        Map<String, Object> opening = given().auth().oauth2(analyst).get("/api/v1/forms/{id}", Checklists.OPENING)
                .then().statusCode(200).extract().as(Map.class);
        String form = json(Map.of("missionId", m.missionId().toString(), "phase", "OPENING",
                "title", Map.of("en", "Opening (mission)", "ru", "Открытие (миссия)"), "questions", opening.get("questions")));

        List<Endpoint> endpoints = List.of(
                Endpoint.json("POST", "/api/v1/missions/{missionId}/observations", observations, observer, observation, observations),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/observations/{id}", observations + "/" + amended, observer,
                        () -> json(Checklists.voting(amended, m.station(1))), observations + "/" + amended)
                        .ifMatchOf(observations + "/" + amended),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/observations/{id}/withdrawal", observations + "/" + withdrawn + "/withdrawal",
                        observer, () -> "{\"reason\":\"entered twice by mistake\"}", observations + "/" + withdrawn),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/observations/{id}/reviews", observations + "/" + reviewed + "/reviews",
                        analyst, () -> "{\"status\":\"VERIFIED\",\"comment\":\"matches the protocol photo\"}", observations + "/" + reviewed),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/observations/batch", observations + "/batch", observer,
                        () -> "{\"items\":[" + observation.get() + "]}", observations)
                        .itemsJudgedSeparately("items.", answer -> answer.contains("\"INVALID\"")),
                Endpoint.json("POST", "/api/v1/missions/{missionId}/incidents", incidents, observer,
                        () -> json(IncidentTest.incident(UUID.randomUUID(), m.station(1), "OTHER")), incidents),
                Endpoint.json("PUT", "/api/v1/missions/{missionId}/incidents/{id}", incidents + "/" + incident, observer,
                        () -> json(IncidentTest.incident(incident, m.station(1), "OTHER")), incidents + "/" + incident)
                        .ifMatchOf(incidents + "/" + incident),
                Endpoint.json("POST", "/api/v1/forms", "/api/v1/forms", analyst, () -> form,
                        "/api/v1/forms?missionId=" + m.missionId() + "&size=200"));

        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        BadInput.requireCovered(base, endpoints);
        BadInput.check(base, endpoints);
    }

    private UUID submitted(TestMission m, String observations) {
        UUID id = UUID.randomUUID();
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(id, m.station(1)))
                .post(observations).then().statusCode(201);
        return id;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** quarkus.http.limits.max-body-size: a real partner batch fits well; a larger body gets 413 whether its length is declared or not. */
    @Test
    void bodiesOverTheLimitAreRefusedWith413WhileARealBatchFits() throws Exception {
        TestMission m = feed.mission(2);
        StringBuilder batch = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> item = Checklists.voting(UUID.randomUUID(), m.station(1));
            item.put("notes", "Очередь ".repeat(200)); // 2,600 bytes of Cyrillic notes on every item
            batch.append(i == 0 ? "" : ",").append(json(item));
        }
        byte[] body = batch.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.out.printf("request limits: a batch of 1,000 observations with notes is %,d bytes%n", body.length);
        assertThat(body.length).isLessThan(LIMIT / 2);

        String path = m.observations() + "/batch";
        String declared = rawExchange(path, m.observerA1Token(), LIMIT + 1, false);
        String chunked = rawExchange(path, m.observerA1Token(), LIMIT + 1, true);
        System.out.printf("request limits: declared Content-Length over the limit -> %s; chunked body over the limit -> %s%n",
                declared.replace("\r\n", " | "), chunked.replace("\r\n", " | "));
        assertThat(declared).startsWith("HTTP/1.1 413");
        assertThat(chunked).startsWith("HTTP/1.1 413");
        assertThat(feed.count("select count(*) from observation where mission_id = ?", m.missionId())).isZero();
        given().auth().oauth2(m.observerA1Token()).get("/api/v1/missions/{m}/observations", m.missionId()).then().statusCode(200);

        // Vert.x refuses an oversized request line or header block before any of our code runs
        var longUrl = given().auth().oauth2(m.observerA1Token()).get("/api/v1/missions/{m}/observations?phase=" + "x".repeat(5000), m.missionId());
        var longHeader = given().auth().oauth2(m.observerA1Token()).header("X-Padding", "x".repeat(30_000))
                .get("/api/v1/missions/{m}/observations", m.missionId());
        System.out.printf("request limits: 5,000-character URL -> %d %s; 30 KB header -> %d %s%n", longUrl.statusCode(),
                longUrl.contentType(), longHeader.statusCode(), longHeader.contentType());
        assertThat(longUrl.statusCode()).isEqualTo(414);
        assertThat(longHeader.statusCode()).isEqualTo(431);
    }

    static final int LIMIT = 20 * 1024 * 1024;

    /** Sends {@code size} bytes of JSON-looking body on a raw socket; returns the status line and headers it gets back. */
    private static String rawExchange(String path, String token, int size, boolean chunked) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            java.io.OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) ' ');
            try {
                for (int sent = 0; sent < size; sent += block.length) {
                    int length = Math.min(block.length, size - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    out.write(block, 0, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before the whole body is sent: read what it said
            }
            java.io.InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && !answer.toString().endsWith("\r\n\r\n")) {
                answer.append((char) c);
            }
            return answer.toString().trim();
        }
    }
}
