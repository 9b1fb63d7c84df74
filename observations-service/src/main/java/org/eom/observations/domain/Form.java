package org.eom.observations.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One version of a checklist template, immutable once published. This is also its API and event
 * representation ({@code template.published}). missionId is null for the shipped templates.
 */
public record Form(UUID id, int version, UUID missionId, Phase phase, Localized title, List<Question> questions) {

    /** Every checklist ends with this question, answered on the four-point scale. */
    public static final String OVERALL_ASSESSMENT = "overall_assessment";
    public static final List<String> ASSESSMENT_SCALE = List.of("VERY_GOOD", "GOOD", "BAD", "VERY_BAD");
    public static final List<String> NEGATIVE_ASSESSMENTS = List.of("BAD", "VERY_BAD");
    /** The incident form's question whose choices are the incident categories. */
    public static final String INCIDENT_CATEGORY = "category";

    public Optional<Question> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    /** Whether an observation of this mission may answer this form: shipped forms serve every mission. */
    public boolean usableBy(UUID mission) {
        return missionId == null || missionId.equals(mission);
    }
}
