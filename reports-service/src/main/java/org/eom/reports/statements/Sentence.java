package org.eom.reports.statements;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One generated sentence, per language, with what it was derived from.
 *
 * @param paragraph    sentences with the same number form one paragraph of the section
 * @param figures      the numbers the sentence states, and the threshold level it chose
 * @param sources      ids of non-observation records it quotes: "meetings", "delegates", "incidents"
 * @param observations how many observations stand behind it (its denominator) and how many of them
 *                     match its finding (its numerator); the ids are kept in sentence_evidence
 */
public record Sentence(String id, int paragraph, Map<String, String> text, Map<String, Object> figures,
                       Map<String, List<UUID>> sources, Evidence observations) {

    public record Evidence(long counted, long matching) {
    }
}
