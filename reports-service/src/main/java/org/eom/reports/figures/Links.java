package org.eom.reports.figures;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/** The drill-down links that open a figure to the records behind it. */
public final class Links {

    private Links() {
    }

    /** Builds a query from pairs (name, value, name, value...); null values are left out. */
    public static String observations(UUID missionId, String... pairs) {
        return withQuery("/api/v1/missions/" + missionId + "/summary/observations", pairs);
    }

    public static String incidents(UUID missionId, String... pairs) {
        return withQuery("/api/v1/missions/" + missionId + "/summary/incidents", pairs);
    }

    public static String unreportedDeployments(UUID missionId, String phase) {
        return withQuery("/api/v1/missions/" + missionId + "/summary/coverage/unreported", "phase", phase);
    }

    private static String withQuery(String path, String... pairs) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                parameters.put(pairs[i], pairs[i + 1]);
            }
        }
        if (parameters.isEmpty()) {
            return path;
        }
        StringJoiner query = new StringJoiner("&", path + "?", "");
        parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }
}
