package org.eom.observations.api;

import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.List;

/**
 * The where clause of a list query with optional filters, for HQL and native SQL alike: each clause
 * writes its parameters as {@code ?}, numbered here ({@code ?1}, {@code ?2}, ...). A filter whose first
 * value is null is left out.
 */
public final class Conditions {

    private final List<String> clauses = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    public Conditions and(String clause, Object... clauseValues) {
        if (clauseValues.length > 0 && clauseValues[0] == null) {
            return this;
        }
        StringBuilder numbered = new StringBuilder();
        int next = 0;
        for (char c : clause.toCharArray()) {
            numbered.append(c);
            if (c == '?') {
                values.add(clauseValues[next++]);
                numbered.append(values.size());
            }
        }
        clauses.add(numbered.toString());
        return this;
    }

    public String where() {
        return String.join(" and ", clauses);
    }

    public Object[] values() {
        return values.toArray();
    }

    public Query bind(Query query) {
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        return query;
    }
}
