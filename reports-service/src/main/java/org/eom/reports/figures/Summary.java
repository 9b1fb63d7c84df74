package org.eom.reports.figures;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A mission's figures. Every count carries the link to the observations (or incidents, or
 * deployments) behind it; station counts are distinct polling stations. {@code asOf}: when the
 * counters were read.
 */
public record Summary(UUID missionId, Count total, List<PhaseFigures> phases, List<FlagFigure> flags,
                      IncidentFigures incidents, List<CoverageFigure> coverage, OffsetDateTime asOf) {

    /** {@code stations} is null where only observations are counted. */
    public record Count(long observations, Long stations, String href) {
    }

    public record ValueCount(String value, long observations, Long stations, String href) {
    }

    /**
     * Shares are of the answered assessments: (BAD + VERY_BAD) / answered, once over observations
     * and once over distinct stations (a station with at least one negative assessment is negative).
     */
    public record AssessmentFigures(List<ValueCount> distribution, Count answered, Count notAnswered, Count negative,
                                    Double negativeShareOfObservations, Double negativeShareOfStations) {
    }

    public record DistrictFigures(String district, Count visits, AssessmentFigures assessment) {
    }

    /** {@code notAnswered} counts the phase's observations that gave no answer to the question. */
    public record QuestionFigures(String questionId, String type, String topic, Map<String, String> label,
                                  Count answered, Count notAnswered, Count problems, List<ValueCount> answers) {
    }

    public record PhaseFigures(String phase, Count visits, AssessmentFigures assessment, List<DistrictFigures> districts,
                               List<QuestionFigures> questions) {
    }

    public record FlagFigure(String phase, String code, String questionId, Count count) {
    }

    public record IncidentCount(String category, String severity, long incidents, String href) {
    }

    public record IncidentFigures(long total, long serious, List<IncidentCount> byCategoryAndSeverity, String href) {
    }

    /** Planned visits (deployments, by station and phase) against stations with a counted observation in that phase. */
    public record CoverageFigure(String phase, long planned, long reported, long unreported, long unplannedStations,
                                 String unreportedHref) {
    }
}
