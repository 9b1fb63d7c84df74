package org.eom.observations.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.util.List;

/**
 * One question of a checklist. {@code problemAnswers} lists the answers that indicate a problem
 * (for a choice question: choice values), {@code topic} is a stable key that reports use to phrase
 * findings (e.g. {@code campaign_material}) across templates and versions.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Question(String id, QuestionType type, Localized label, List<Choice> choices, boolean required,
                       List<String> problemAnswers, BigDecimal min, BigDecimal max, String topic) {

    public static final List<String> YES_NO_VALUES = List.of("YES", "NO");

    public Question {
        choices = choices == null ? List.of() : choices;
        problemAnswers = problemAnswers == null ? List.of() : problemAnswers;
    }

    public List<String> choiceValues() {
        if (type == QuestionType.YES_NO) {
            return YES_NO_VALUES;
        }
        return choices.stream().filter(c -> c != null).map(Choice::value).toList();
    }
}
