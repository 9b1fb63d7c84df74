package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.eom.observations.domain.Answer;
import org.eom.observations.domain.Change;
import org.eom.observations.domain.Observation;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The content of an observation as canonical named fields ({@code stationId}, {@code arrivedAt},
 * {@code answers.campaign_material}, ...): hashed ({@link org.eom.observations.domain.ContentHash}) to
 * tell a replay from a conflict, compared to say what an amendment changed.
 */
final class Content {

    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper();

    private Content() {
    }

    /** The content a client sent. */
    static Map<String, JsonNode> of(UUID missionId, ObservationRequest r) {
        Map<String, JsonNode> fields = new TreeMap<>();
        put(fields, "missionId", missionId);
        put(fields, "stationId", r.stationId());
        put(fields, "templateId", r.templateId());
        put(fields, "templateVersion", r.templateVersion());
        put(fields, "teamId", r.teamId());
        put(fields, "delegateUsernames", r.delegateUsernames() == null ? null : new TreeSet<>(r.delegateUsernames()));
        put(fields, "arrivedAt", instant(r.arrivedAt()));
        put(fields, "departedAt", instant(r.departedAt()));
        put(fields, "notes", r.notes());
        for (ObservationRequest.AnswerInput answer : r.answers()) {
            JsonNode value = Values.canonical(answer.value());
            if (value != null) {
                fields.put("answers." + answer.questionId(), value);
            }
        }
        return fields;
    }

    /** The content of a stored observation, with team and delegates as they were resolved. */
    static Map<String, JsonNode> of(Observation o) {
        Map<String, JsonNode> fields = new TreeMap<>();
        put(fields, "stationId", o.stationId);
        put(fields, "templateId", o.templateId);
        put(fields, "templateVersion", o.templateVersion);
        put(fields, "teamId", o.teamId);
        put(fields, "delegateUsernames", new TreeSet<>(o.delegateUsernames));
        put(fields, "arrivedAt", instant(o.arrivedAt));
        put(fields, "departedAt", instant(o.departedAt));
        put(fields, "notes", o.notes);
        for (Answer answer : o.answers) {
            fields.put("answers." + answer.questionId(), Values.canonical(answer.value()));
        }
        return fields;
    }

    /** The fields whose values differ, in field order. */
    static List<Change> changes(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changes.add(new Change(name, before.get(name), after.get(name)));
            }
        }
        return changes;
    }

    private static void put(Map<String, JsonNode> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, node(value));
        }
    }

    /**
     * The node {@code valueToTree} makes of the field types above, built directly: its round trip through a token
     * buffer was a fifth of the content's cost. Any other type still goes through it, so hashes never change.
     */
    private static JsonNode node(Object value) {
        return switch (value) {
            case null -> NullNode.getInstance();
            case String text -> TextNode.valueOf(text);
            case UUID id -> TextNode.valueOf(id.toString());
            case Integer number -> IntNode.valueOf(number);
            case Collection<?> items -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode(items.size());
                items.forEach(item -> array.add(node(item)));
                yield array;
            }
            default -> CANONICAL_JSON.valueToTree(value);
        };
    }

    private static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
    }
}
