package org.eom.bench;

import java.util.BitSet;
import java.util.Locale;
import java.util.UUID;

/**
 * Every accepted observation counted exactly once: the summary's total equals what the services acknowledged (201s
 * and CREATED batch items), and the export holds each of them once. Requests whose answer was lost (a timeout) may
 * have been stored all the same; those are told apart, not counted as a failure.
 */
record Correctness(long acknowledged, long summaryTotal, long exportedRows, long duplicates, long missing,
                   long storedWithoutAnswer, long unexplained, String exportFailure) {

    /** Matches an export's ids, one by one, against the ledger. */
    static final class Tally {
        private final Ledger ledger;
        private final BitSet seen = new BitSet();
        private long duplicates;
        private long foreign;

        Tally(Ledger ledger) {
            this.ledger = ledger;
        }

        void add(UUID id) {
            long seq = ledger.seqOf(id);
            if (seq < 0) {
                foreign++;
            } else if (seen.get((int) seq)) {
                duplicates++;
            } else {
                seen.set((int) seq);
            }
        }

        Correctness result(long summaryTotal, LoadPlan.ExportResult export) {
            BitSet accepted = ledger.acceptedSnapshot();
            BitSet missing = (BitSet) accepted.clone();
            missing.andNot(seen);
            BitSet extra = (BitSet) seen.clone();
            extra.andNot(accepted);
            BitSet explained = (BitSet) extra.clone();
            explained.and(ledger.uncertainSnapshot());
            return new Correctness(accepted.cardinality(), summaryTotal, export.rows(), duplicates, missing.cardinality(),
                    explained.cardinality(), extra.cardinality() - explained.cardinality() + foreign,
                    export.status() == 200 ? null : Http.describe(export.status()) + " " + export.failure());
        }
    }

    boolean ok() {
        return exportFailure == null && duplicates == 0 && missing == 0 && unexplained == 0
                && summaryTotal == acknowledged + storedWithoutAnswer && exportedRows == summaryTotal;
    }

    String describe() {
        if (exportFailure != null) {
            return "export failed (" + exportFailure + "): cannot check; summary counts " + summaryTotal + " of " + acknowledged;
        }
        return String.format(Locale.ROOT,
                "%s: %,d acknowledged (201 + CREATED batch items)%s; summary counts %,d; export has %,d rows, %,d duplicates, "
                        + "%,d missing, %,d not acknowledged",
                ok() ? "OK" : "MISMATCH", acknowledged,
                storedWithoutAnswer > 0 ? String.format(" + %,d stored whose answer was lost", storedWithoutAnswer) : "",
                summaryTotal, exportedRows, duplicates, missing, unexplained);
    }
}
