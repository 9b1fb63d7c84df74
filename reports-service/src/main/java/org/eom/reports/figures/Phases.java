package org.eom.reports.figures;

import java.util.Comparator;
import java.util.List;

/** The phases of election day in the order a statement and a summary present them. */
public final class Phases {

    public static final String OPENING = "OPENING";
    public static final String VOTING = "VOTING";
    public static final String CLOSING_COUNTING = "CLOSING_COUNTING";
    public static final String TABULATION = "TABULATION";

    public static final List<String> ORDER = List.of(OPENING, VOTING, CLOSING_COUNTING, TABULATION);

    /** Known phases first, in election-day order, then any other alphabetically. */
    public static final Comparator<String> BY_ELECTION_DAY = Comparator
            .comparing((String phase) -> ORDER.contains(phase) ? ORDER.indexOf(phase) : ORDER.size())
            .thenComparing(Comparator.naturalOrder());

    private Phases() {
    }
}
