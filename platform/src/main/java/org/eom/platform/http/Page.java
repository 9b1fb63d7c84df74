package org.eom.platform.http;

import java.util.List;
import java.util.function.Function;

/** One page of a list: every list endpoint answers with this shape. */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <E, T> Page<T> of(List<E> entities, PageRequest request, long total, Function<E, T> view) {
        int pages = (int) ((total + request.size() - 1) / request.size());
        return new Page<>(entities.stream().map(view).toList(), request.page(), request.size(), total, pages);
    }
}
