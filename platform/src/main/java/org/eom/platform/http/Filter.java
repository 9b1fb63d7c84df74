package org.eom.platform.http;

import io.quarkus.panache.common.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a Panache query from optional list filters: a filter whose value is null is left out. */
public final class Filter {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters parameters = new Parameters();
    private int next;

    /** Adds {@code field = value} when value is not null. */
    public Filter eq(String field, Object value) {
        return value == null ? this : where(field + " = :%s", value);
    }

    /** Adds a clause whose single parameter is written {@code :%s}, e.g. {@code "lower(name) like :%s"}. */
    public Filter where(String clauseTemplate, Object value) {
        String name = "p" + next++;
        clauses.add(clauseTemplate.formatted(name));
        parameters.and(name, value);
        return this;
    }

    /** The query with an order: the sort key must come from a fixed map so clients cannot inject HQL. */
    public String query(String order) {
        return (clauses.isEmpty() ? "" : String.join(" and ", clauses)) + " order by " + order;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Looks the client's sort key up in the allowed ones; unknown keys are a 400 naming the parameter. */
    public static String order(String sort, String defaultKey, Map<String, String> allowed) {
        String order = allowed.get(sort == null ? defaultKey : sort);
        if (order == null) {
            throw org.eom.platform.problem.ProblemException.invalid("sort",
                    "must be one of " + allowed.keySet().stream().sorted().toList());
        }
        return order;
    }
}
