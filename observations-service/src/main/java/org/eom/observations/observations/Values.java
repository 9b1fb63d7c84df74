package org.eom.observations.observations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Canonical answer values, so that equal answers compare (and hash) equal: 5, 5.0 and 5.00 are one
 * number; choice sets are unordered. Canonical values read back from JSON as the same nodes, so a
 * stored observation never looks changed.
 */
final class Values {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigDecimal LONG_RANGE = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /** The canonical form of a value; null for no answer. */
    static JsonNode canonical(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            if (number.scale() > 0 || number.abs().compareTo(LONG_RANGE) >= 0) {
                return NODES.numberNode(number.doubleValue());
            }
            // as a JSON parser reads it back: an int node when it fits, else a long node
            long integral = number.longValueExact();
            return integral == (int) integral ? NODES.numberNode((int) integral) : NODES.numberNode(integral);
        }
        if (value.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            value.forEach(element -> elements.add(canonical(element)));
            ArrayNode sorted = NODES.arrayNode();
            elements.stream().sorted(Comparator.comparing(String::valueOf)).forEach(sorted::add);
            return sorted;
        }
        return value;
    }
}
