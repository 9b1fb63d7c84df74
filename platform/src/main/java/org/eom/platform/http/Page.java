package org.eom.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: every list endpoint answers with this shape. {@code next}, on the lists that may hold a
 * mission's every observation, is the cursor to send as {@code after} for the following page (ADR 0032); absent when
 * this page is not full, and on the other lists.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String next) {

    public static <E, T> Page<T> of(List<E> entities, PageRequest request, long total, Function<E, T> view) {
        return of(entities.stream().map(view).toList(), request, total);
    }

    /** A page of items already in their view's shape, {@code total} matching in all. */
    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.page(), request.size(), total, pages(request, total), null);
    }

    /** The same, with the cursor of the following page, made of its last item's sort key ({@code key}). */
    public static <T> Page<T> withNext(List<T> items, PageRequest request, long total, Function<T, List<String>> key) {
        String next = items.size() < request.size() ? null : new Cursor(request.page() + 1, key.apply(items.getLast())).text();
        return new Page<>(items, request.page(), request.size(), total, pages(request, total), next);
    }

    private static int pages(PageRequest request, long total) {
        return (int) ((total + request.size() - 1) / request.size());
    }
}
