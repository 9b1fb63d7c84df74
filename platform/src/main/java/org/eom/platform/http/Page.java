package org.eom.platform.http;

import java.util.List;
import java.util.function.Function;

/** One page of a list: every list endpoint answers with this shape. */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <E, T> Page<T> of(List<E> entities, PageRequest request, long total, Function<E, T> view) {
        return of(entities.stream().map(view).toList(), request, total);
    }

    /** A page of items already in their view's shape, {@code total} matching in all. */
    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        int pages = (int) ((total + request.size() - 1) / request.size());
        return new Page<>(items, request.page(), request.size(), total, pages);
    }
}
