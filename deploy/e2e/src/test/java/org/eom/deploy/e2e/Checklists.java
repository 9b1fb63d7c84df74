package org.eom.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eom.deploy.local.http.Json;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Valid answers to whatever a template asks, read from the template itself (so the tests follow the shipped
 * forms): for every required question an answer that is not a problem.
 */
final class Checklists {

    private Checklists() {
    }

    /** A submission of the form for the station, with the client-chosen id, visited on election day (19 March 2023). */
    static ObjectNode observation(JsonNode form, UUID id, UUID station) {
        ObjectNode body = Json.object().put("id", id.toString()).put("stationId", station.toString())
                .put("templateId", form.path("id").asText()).put("templateVersion", form.path("version").asInt())
                .put("arrivedAt", "2023-03-19T10:00:00+06:00").put("departedAt", "2023-03-19T10:30:00+06:00");
        body.set("answers", unproblematicAnswers(form));
        return body;
    }

    static ArrayNode unproblematicAnswers(JsonNode form) {
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (JsonNode question : form.path("questions")) {
            if (!question.path("required").asBoolean(false)) {
                continue;
            }
            Set<String> problems = new HashSet<>();
            question.path("problemAnswers").forEach(p -> problems.add(p.asText()));
            JsonNode value = switch (question.path("type").asText()) {
                case "YES_NO" -> Json.MAPPER.getNodeFactory().textNode(problems.contains("YES") ? "NO" : "YES");
                case "NUMBER" -> Json.MAPPER.getNodeFactory().numberNode(question.path("min").asInt(0));
                case "TIME" -> Json.MAPPER.getNodeFactory().textNode("10:00");
                case "TEXT" -> Json.MAPPER.getNodeFactory().textNode("Nothing to report.");
                case "SINGLE_CHOICE" -> firstChoice(question, problems);
                case "MULTIPLE_CHOICE" -> Json.MAPPER.createArrayNode().add(firstChoice(question, problems));
                default -> throw new IllegalStateException("Unknown question type in " + question);
            };
            answers.addObject().put("questionId", question.path("id").asText()).set("value", value);
        }
        return answers;
    }

    private static JsonNode firstChoice(JsonNode question, Set<String> problems) {
        for (JsonNode choice : question.path("choices")) {
            if (!problems.contains(choice.path("value").asText())) {
                return choice.path("value");
            }
        }
        throw new IllegalStateException("Every choice is a problem in " + question);
    }
}
