package org.eom.reports;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.path.json.JsonPath;
import org.eom.deploy.infra.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Tokens and waits shared by the tests. */
public final class Api {

    public static final String ADMIN = TestTokens.user("secretariat", "admin");

    private Api() {
    }

    /** A token for the fixture's delegate of {@code missionRole}, with the realm role {@code realmRole}. */
    public static String token(MissionFixture fixture, String missionRole, String realmRole) {
        return TestTokens.user(fixture.username(missionRole), realmRole);
    }

    /** Waits until the consumers have applied enough of the fixture's events for {@code ready} to hold; returns the summary. */
    public static JsonPath awaitSummary(UUID missionId, Predicate<JsonPath> ready) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        // a summary computed before the figure the predicate reads existed (ADR 0015 answers it while it is refreshed)
        // lacks that figure: not ready yet
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreException(NullPointerException.class).until(() -> {
            var response = given().auth().oauth2(ADMIN).get("/api/v1/missions/{m}/summary", missionId);
            if (response.statusCode() != 200) {
                return false;
            }
            last.set(response.jsonPath());
            return ready.test(last.get());
        });
        return last.get();
    }

    /** A summary's figures: everything but when its counters were read ({@code asOf}), for comparing two summaries. */
    public static Map<String, Object> figures(JsonPath summary) {
        Map<String, Object> figures = new HashMap<>(summary.getMap("$"));
        figures.remove("asOf");
        return figures;
    }

    /** Waits for the fixture's observations, incidents and mission data (deployments come last on the mission's key). */
    public static JsonPath awaitLoaded(UUID missionId, int observations, int incidents, int plannedVisits) {
        return awaitSummary(missionId, s -> s.getLong("total.observations") == observations
                && s.getLong("incidents.total") == incidents
                && s.getList("coverage.planned", Integer.class).stream().mapToInt(Integer::intValue).sum() == plannedVisits);
    }

    /** Waits until the read model holds {@code rows} rows of a mission-scoped table (for data no figure shows). */
    public static void awaitRows(String table, UUID missionId, long rows) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from " + table + " where mission_id = ?", missionId) == rows);
    }

    /** Reads one number from the service's database (for what no API shows, e.g. the templates consumed). */
    public static long count(String sql, Object... parameters) {
        AgroalDataSource dataSource = Arc.container().select(AgroalDataSource.class).get();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every item of a list (the values at {@code itemPath}, e.g. {@code items.id}) read in pages of {@code size}, each
     * after the one before by its {@code nextCursor} (ADR 0032), checking that the pages count on, that a page with a
     * {@code nextCursor} is full, and that the last page ends the list's total.
     */
    public static List<String> readOnByCursor(String href, Map<String, ?> filters, int size, String itemPath) {
        List<String> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; ; page++) {
            var request = given().auth().oauth2(ADMIN).queryParams(filters).queryParam("size", size);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath body = request.get(href).then().statusCode(200).body("page", equalTo(page)).extract().jsonPath();
            List<String> pageItems = body.getList(itemPath, String.class);
            items.addAll(pageItems);
            cursor = body.getString("nextCursor");
            if (cursor == null) {
                assertThat(items).as("the last page ends the list").hasSize(body.getInt("totalItems"));
                return items;
            }
            assertThat(pageItems).as("a page with a nextCursor is full").hasSize(size);
            assertThat(page).as("pages read of %d items", body.getLong("totalItems")).isLessThan((int) (body.getLong("totalItems") / size));
        }
    }
}
