package org.eom.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: every list endpoint answers with this shape. {@code nextCursor}, on the lists that may hold a
 * mission's every observation, is the cursor to send as {@code cursor} for the following page (ADR 0032); absent on
 * the last page, and on the other lists.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {

    public static <E, T> Page<T> of(List<E> entities, PageRequest request, long total, Function<E, T> view) {
        return of(entities.stream().map(view).toList(), request, total);
    }

    /** A page of items already in their view's shape, {@code total} matching in all. */
    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.page(), request.size(), total, pages(request, total), null);
    }

    /**
     * The same for a list read with one item more than the page ({@link PageRequest#sizeAndOneMore}): when that item
     * came, the page carries the cursor of the following one, made of its last item's sort key ({@code key}).
     */
    public static <T> Page<T> withNext(List<T> itemsAndOneMore, PageRequest request, long total, Function<T, List<String>> key) {
        if (itemsAndOneMore.size() <= request.size()) {
            return of(itemsAndOneMore, request, total);
        }
        List<T> items = itemsAndOneMore.subList(0, request.size());
        String next = new Cursor(request.page() + 1, key.apply(items.getLast())).text();
        return new Page<>(List.copyOf(items), request.page(), request.size(), total, pages(request, total), next);
    }

    private static int pages(PageRequest request, long total) {
        return (int) ((total + request.size() - 1) / request.size());
    }
}
