package org.eom.missions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every operation documents who may call it and how it fails. */
@QuarkusTest
class OpenApiTest {

    static final Pattern ROLES = Pattern.compile("\\b(admin|cec|partner|head|coordinators?|observers?|analysts?|delegates?)\\b");
    static final Set<String> METHODS = Set.of("get", "post", "put", "delete");

    @Test
    void everyOperationStatesItsRolesAndErrorsAsProblems() {
        JsonNode document = Fixtures.read(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        JsonNode problem = document.at("/components/responses/NotFound/content/application~1problem+json/schema");
        assertThat(problem.path("$ref").asText()).isEqualTo("#/components/schemas/Problem");

        List<String> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            operations.add(name);
            JsonNode op = operation.getValue();
            JsonNode responses = op.get("responses");
            assertThat(op.path("summary").asText()).as(name + " states its roles").containsPattern(ROLES);
            assertThat(responses.has("401") && responses.has("403")).as(name + " documents 401 and 403").isTrue();
            if (path.getKey().contains("{")) {
                assertThat(responses.has("404")).as(name + " documents 404").isTrue();
            }
            if (op.has("requestBody")) {
                assertThat(responses.has("400")).as(name + " documents 400").isTrue();
            }
            if (op.path("summary").asText().contains("needs If-Match")) {
                assertThat(responses.has("412") && responses.has("428")).as(name + " documents 412 and 428").isTrue();
            }
            responses.properties().forEach(response -> {
                if (response.getKey().startsWith("4")) {
                    assertThat(response.getValue().path("$ref").asText()).as(name + " " + response.getKey())
                            .startsWith("#/components/responses/");
                }
            });
        }));
        assertThat(operations).contains("POST /api/v1/missions/{missionId}/teams", "PUT /api/v1/missions/{missionId}/deployments/{id}",
                "DELETE /api/v1/missions/{missionId}/deployments/{id}", "GET /api/v1/missions/{missionId}/coverage",
                "GET /api/v1/public/missions", "GET /api/v1/missions/{missionId}/audit");
    }
}
