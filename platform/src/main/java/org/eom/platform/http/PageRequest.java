package org.eom.platform.http;

import org.eom.platform.problem.ProblemException;

import java.util.List;

/**
 * Query parameters page (from 0) and size (1..200, default 50), checked once for every list; and, for the lists that
 * offer it, {@code cursor}: the {@code nextCursor} of the page before, which gives the page number itself (ADR 0032).
 */
public record PageRequest(int page, int size, Cursor after) {

    public static final int MAX_SIZE = 200;

    /**
     * The deepest offset a list that offers {@code cursor} takes: deeper pages walk every row before them (seconds at a
     * million observations), and the cursor reaches them at the first page's cost.
     */
    public static final int MAX_OFFSET_WITH_CURSOR = 10_000;

    public static PageRequest of(Integer page, Integer size) {
        return checked(page, size, Integer.MAX_VALUE);
    }

    /** For the lists that offer {@code cursor}: {@code page} and {@code cursor} exclusive, offsets up to {@link #MAX_OFFSET_WITH_CURSOR}. */
    public static PageRequest of(Integer page, Integer size, String cursor) {
        if (cursor != null && page != null) {
            throw ProblemException.invalid("page", "cannot be combined with " + Cursor.PARAMETER + ", which knows its page");
        }
        Cursor after = cursor == null ? null : Cursor.parse(cursor);
        PageRequest request = after != null ? checked(after.page(), size, Integer.MAX_VALUE) : checked(page, size, MAX_OFFSET_WITH_CURSOR);
        return new PageRequest(request.page, request.size, after);
    }

    private static PageRequest checked(Integer page, Integer size, int maxOffset) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            throw ProblemException.invalid("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ProblemException.invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) p * s > maxOffset) {
            throw ProblemException.invalid("page", "starts more than " + maxOffset + " items deep; read on with "
                    + Cursor.PARAMETER + ", the nextCursor of the page before");
        }
        return new PageRequest(p, s, null);
    }

    /** The rows a list reads for this page: one more than its size, which says whether a page follows. */
    public int sizeAndOneMore() {
        return size + 1;
    }

    /** The rows before this page that a query skips: none when it reads on from a cursor. */
    public long offset() {
        return after == null ? (long) page * size : 0;
    }

    /** The sort key a query reads on after, of the list's {@code columns}; null without a cursor. */
    public List<String> afterKey(int columns) {
        if (after == null) {
            return null;
        }
        if (after.key().size() != columns) {
            throw Cursor.notACursor();
        }
        return after.key();
    }

    public io.quarkus.panache.common.Page panache() {
        return io.quarkus.panache.common.Page.of(page, size);
    }
}
