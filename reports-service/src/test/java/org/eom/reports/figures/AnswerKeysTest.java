package org.eom.reports.figures;

import org.eom.reports.figures.CountedObservation.AnswerRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored observation's contribution is read back from its answer keys when a newer snapshot replaces it, so the keys
 * must give back exactly the rows they were made from, or the counters would move by something else than they did.
 */
class AnswerKeysTest {

    @Test
    void theKeysGiveBackTheRowsTheyWereMadeFrom() {
        List<AnswerRow> rows = List.of(
                new AnswerRow("secrecy", "NO", true),
                new AnswerRow("irregularities", "ballot_stuffing", false),
                new AnswerRow("irregularities", "carousel", false),
                new AnswerRow("remarks", CountedObservation.UNCATEGORISED, false),
                // a value guessed to be a choice without its template may hold the keys' own signs
                new AnswerRow("queue", "a=b!", true));

        List<String> keys = AnswerKeys.of(rows, List.of("secrecy", "accessibility", "irregularities", "remarks", "queue", "notes"));

        assertThat(keys).containsExactlyInAnyOrder("secrecy", "secrecy=NO", "secrecy!",
                "irregularities", "irregularities=ballot_stuffing", "irregularities=carousel",
                "remarks", "remarks=", "queue", "queue=a=b!", "queue!", "accessibility?", "notes?");
        assertThat(AnswerKeys.rows(keys.toArray(String[]::new))).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void aQuestionIsAProblemForAllItsValuesOrForNone() {
        List<AnswerRow> rows = AnswerKeys.rows(new String[]{"technologies", "technologies=SCANNER", "technologies=CAMERA",
                "technologies!", "secrecy", "secrecy=YES"});

        assertThat(rows).containsExactlyInAnyOrder(new AnswerRow("technologies", "SCANNER", true),
                new AnswerRow("technologies", "CAMERA", true), new AnswerRow("secrecy", "YES", false));
    }
}
