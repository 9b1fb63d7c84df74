package org.eom.reports.statements;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The statement topics that checklist questions name (their {@code topic}), each with what its
 * sentence counts and where it stands. Topics not listed here are reported generically, by
 * question label, when their problem answers occur.
 *
 * @param polarity  what makes an observation match the finding
 * @param placement where the sentence goes in the statement
 */
public record Topic(String key, Polarity polarity, Placement placement) {

    public enum Polarity {
        /** The question asks whether something wrong happened: a match is a problem answer. */
        ADVERSE,
        /** The question asks whether something required was in place: a match is an answer without a problem. */
        EXPECTED,
        /** A fact worth reporting (exit polls, domestic observers): a match is an answer that is not NO, NONE or a problem. */
        NOTED
    }

    public enum Placement { AFTER_OPENING, AFTER_COUNTING, FINDINGS }

    /** In the order the statement reports them. */
    public static final List<Topic> CATALOGUE = List.of(
            new Topic("opened_on_time", Polarity.EXPECTED, Placement.AFTER_OPENING),
            new Topic("counting_procedures", Polarity.EXPECTED, Placement.AFTER_COUNTING),
            new Topic("protocol_posted", Polarity.EXPECTED, Placement.AFTER_COUNTING),
            new Topic("police_presence", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("observer_access", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("domestic_observers", Polarity.NOTED, Placement.FINDINGS),
            new Topic("campaign_material", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("voter_influence", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("unauthorised_persons", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("ballot_box_sealed", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("ballot_stuffing", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("secrecy", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("group_voting", Polarity.ADVERSE, Placement.FINDINGS),
            new Topic("accessibility", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("braille_templates", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("mobile_ballot_box", Polarity.EXPECTED, Placement.FINDINGS),
            new Topic("exit_polls", Polarity.NOTED, Placement.FINDINGS));

    /** Topics a statement reports in its own way (the overall assessment has its per-phase sentences). */
    public static final Set<String> REPORTED_ELSEWHERE = Set.of("overall_assessment");

    public static Optional<Topic> of(String key) {
        return CATALOGUE.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
