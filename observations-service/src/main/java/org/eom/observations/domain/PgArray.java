package org.eom.observations.domain;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A PostgreSQL array literal as one query parameter ({@code cast(?1 as uuid[])}), where Hibernate would otherwise
 * be given a list: it translates a query with a list parameter again on every call, since each length is a new
 * query, while an array parameter keeps one query and one plan.
 */
public final class PgArray {

    private PgArray() {
    }

    /** The literal of ids or enum names, which need no quoting. */
    public static <T> String literal(List<T> items, Function<T, Object> element) {
        return items.stream().map(element).map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
