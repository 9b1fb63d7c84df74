package org.eom.platform.http;

import org.eom.platform.problem.Problem;
import org.eom.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ADR 0032: a page read on from a cursor knows its number and skips nothing; a cursor no list gave is refused by name. */
class PageRequestTest {

    @Test
    void aPagesNextCursorReadsOnFromItsLastItem() {
        // a list reads one item more than the page: that it came says a page follows
        Page<String> third = Page.withNext(List.of("a", "b", "c"), PageRequest.of(2, 2), 9, item -> List.of("VOTING", "12 b", item));
        assertThat(third.items()).containsExactly("a", "b");
        assertThat(third.page()).isEqualTo(2);
        assertThat(third.totalPages()).isEqualTo(5);

        PageRequest fourth = PageRequest.of(null, 2, third.nextCursor());
        assertThat(fourth.page()).isEqualTo(3);
        assertThat(fourth.offset()).isZero();
        assertThat(fourth.sizeAndOneMore()).isEqualTo(3);
        assertThat(fourth.afterKey(3)).containsExactly("VOTING", "12 b", "b");
        assertThat(PageRequest.of(3, 2).offset()).isEqualTo(6);
        assertThat(PageRequest.of(3, 2).afterKey(3)).isNull();
    }

    @Test
    void theLastPageHasNoNextCursor() {
        Page<String> last = Page.withNext(List.of("a", "b"), PageRequest.of(0, 2), 2, item -> List.of(item));
        assertThat(last.items()).containsExactly("a", "b");
        assertThat(last.nextCursor()).isNull();
        assertThat(Page.of(List.of("a", "b"), PageRequest.of(0, 2), 9).nextCursor()).isNull();
    }

    @Test
    void whatIsNotACursorOfThisListIsRefusedByName() {
        String evidenceCursor = new Cursor(1, List.of("0190f3a2-0000-7000-8000-000000000000")).text();
        assertThat(refused(() -> PageRequest.of(null, 10, evidenceCursor).afterKey(3))).isEqualTo("cursor");
        for (String text : List.of("", "yesterday", "W10", "WzAsImEiXQ" /* [0,"a"] */, "WyIxIiwiYSJd" /* ["1","a"] */,
                "WzEsMl0" /* [1,2] */, "WzFd" /* [1] */)) {
            assertThat(refused(() -> PageRequest.of(null, 10, text))).as(text).isEqualTo("cursor");
        }
        assertThat(refused(() -> PageRequest.of(1, 10, evidenceCursor))).isEqualTo("page");
        assertThat(refused(() -> PageRequest.of(null, 0, evidenceCursor))).isEqualTo("size");
        assertThat(refused(() -> Cursor.uuid("not-an-id"))).isEqualTo("cursor");
    }

    @Test
    void aListWithACursorTakesNoDeepOffset() {
        assertThat(PageRequest.of(50, 200, null).offset()).isEqualTo(PageRequest.MAX_OFFSET_WITH_CURSOR);
        assertThat(refused(() -> PageRequest.of(51, 200, null))).isEqualTo("page");
        assertThat(refused(() -> PageRequest.of(201, 50, null))).isEqualTo("page");
        // read on from a cursor, a page is as deep as the list; a list without cursors keeps its offsets
        assertThat(PageRequest.of(null, 200, new Cursor(5_000, List.of("VOTING", "12", "b")).text()).page()).isEqualTo(5_000);
        assertThat(PageRequest.of(5_000, 200).offset()).isEqualTo(1_000_000);
    }

    private static String refused(Runnable request) {
        Problem problem = catchThrowableOfType(ProblemException.class, request::run).problem();
        assertThat(problem.status()).isEqualTo(400);
        return problem.errors().getFirst().field();
    }
}
