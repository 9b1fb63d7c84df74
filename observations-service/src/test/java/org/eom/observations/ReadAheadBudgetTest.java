package org.eom.observations;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Small bodies are read before any token is checked (platform's BodiesReadAhead, ADR 0023), so what they may hold
 * together is bounded: here 200 kB, three bodies of 60 kB. A caller without a token that sends most of a body on many
 * connections and waits holds no more than that; the next such request takes the usual path and is refused at once.
 */
@QuarkusTest
@TestProfile(ReadAheadBudgetTest.SmallBudget.class)
class ReadAheadBudgetTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eom.http.read-ahead.max-size", "200K");
        }
    }

    private static final String HELD = "eom_http_read_ahead_bytes";
    private static final int ANNOUNCED = 60_000;

    @Inject
    MissionFeed feed;

    @Test
    void callersWithoutATokenHoldAtMostTheBudgetAndGiveItBackWhenTheyHangUp() throws Exception {
        TestMission m = feed.mission(2);
        String path = m.observations();
        assertThat(ServiceMetrics.gauge(HELD)).isZero();

        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                stalled.add(sendMostOfABody(path));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ServiceMetrics.gauge(HELD) == 3L * ANNOUNCED);

            // past the budget the body is not read ahead: the missing token is answered before the body has come
            try (Socket fourth = sendMostOfABody(path)) {
                assertThat(statusLine(fourth)).startsWith("HTTP/1.1 401");
            }
            assertThat(ServiceMetrics.gauge(HELD)).isEqualTo(3L * ANNOUNCED);

            // a phone's upload is stored meanwhile, through the usual path
            given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(1)))
                    .post(path).then().statusCode(201);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ServiceMetrics.gauge(HELD) == 0);

        // and once the stalled callers are gone, a phone's upload is read ahead again and gives its share back
        given().auth().oauth2(m.observerA1Token()).contentType(ContentType.JSON).body(Checklists.voting(UUID.randomUUID(), m.station(2)))
                .post(path).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> ServiceMetrics.gauge(HELD) == 0);
    }

    /** A POST without a token announcing {@link #ANNOUNCED} bytes, of which it sends all but a thousand. */
    private static Socket sendMostOfABody(String path) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + ANNOUNCED
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(" ".repeat(ANNOUNCED - 1000).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
