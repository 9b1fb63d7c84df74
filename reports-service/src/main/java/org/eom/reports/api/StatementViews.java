package org.eom.reports.api;

import org.eom.reports.statements.Phrases;
import org.eom.reports.statements.Section;
import org.eom.reports.statements.Sentence;
import org.eom.reports.statements.Statement;
import org.eom.reports.statements.StatementComment;
import org.eom.reports.statements.StatementStatus;
import org.eom.reports.statements.StatementVersion;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of statements: the full working view for the mission, the public one for CECs. */
public final class StatementViews {

    private StatementViews() {
    }

    public record SentenceView(String id, int paragraph, Map<String, String> text, Map<String, Object> figures,
                               Map<String, List<UUID>> sources, ObservationsView observations) {
    }

    /** How many observations stand behind a sentence, how many match it, and where to list them. */
    public record ObservationsView(long counted, long matching, String href) {
    }

    public record SectionView(String id, Map<String, String> title, Map<String, String> text, List<SentenceView> sentences) {
    }

    public record StatementView(UUID id, UUID missionId, StatementStatus status, long version, List<StatementStatus> allowedTransitions,
                                Map<String, String> title, List<String> languages, UUID supersedes, UUID supersededBy,
                                String createdBy, OffsetDateTime createdAt, String updatedBy, OffsetDateTime updatedAt,
                                String publishedBy, OffsetDateTime publishedAt, List<SectionView> sections) {

        static StatementView of(Statement s) {
            List<SectionView> sections = s.sections.stream().map(section -> new SectionView(section.id(), section.title(), section.text(),
                    section.sentences().stream().map(sentence -> sentence(s.id, sentence)).toList())).toList();
            return new StatementView(s.id, s.missionId, s.status, s.version, s.status.next(), s.title, Phrases.LANGUAGES,
                    s.supersedes, s.supersededBy, s.createdBy, s.createdAt, s.updatedBy, s.updatedAt, s.publishedBy, s.publishedAt,
                    sections);
        }

        private static SentenceView sentence(UUID statementId, Sentence sentence) {
            ObservationsView observations = sentence.observations() == null ? null
                    : new ObservationsView(sentence.observations().counted(), sentence.observations().matching(),
                    "/api/v1/statements/" + statementId + "/sentences/" + sentence.id() + "/observations");
            return new SentenceView(sentence.id(), sentence.paragraph(), sentence.text(), sentence.figures(), sentence.sources(),
                    observations);
        }
    }

    public record StatementSummary(UUID id, UUID missionId, StatementStatus status, long version, Map<String, String> title,
                                   UUID supersedes, UUID supersededBy, String createdBy, OffsetDateTime createdAt,
                                   OffsetDateTime updatedAt, OffsetDateTime publishedAt) {
        static StatementSummary of(Statement s) {
            return new StatementSummary(s.id, s.missionId, s.status, s.version, s.title, s.supersedes, s.supersededBy,
                    s.createdBy, s.createdAt, s.updatedAt, s.publishedAt);
        }
    }

    public record SectionText(String id, Map<String, String> title, Map<String, String> text) {
        static SectionText of(Section section) {
            return new SectionText(section.id(), section.title(), section.text());
        }
    }

    public record VersionSummary(long version, StatementStatus status, String changedBy, OffsetDateTime changedAt, String change) {
        static VersionSummary of(StatementVersion v) {
            return new VersionSummary(v.version, v.status, v.changedBy, v.changedAt, v.change);
        }
    }

    public record VersionView(UUID statementId, long version, StatementStatus status, String changedBy, OffsetDateTime changedAt,
                              String change, List<SectionText> sections) {
        static VersionView of(StatementVersion v) {
            return new VersionView(v.statementId, v.version, v.status, v.changedBy, v.changedAt, v.change,
                    v.sections.stream().map(SectionText::of).toList());
        }
    }

    public record CommentView(UUID id, UUID statementId, String sectionId, String author, String text, OffsetDateTime createdAt) {
        static CommentView of(StatementComment c) {
            return new CommentView(c.id, c.statementId, c.sectionId, c.author, c.text, c.createdAt);
        }
    }

    /** What a CEC sees: the published text, never the working data (sentences, figures, evidence, authors). */
    public record PublicStatementView(UUID id, UUID missionId, long version, Map<String, String> title, List<String> languages,
                                      OffsetDateTime publishedAt, UUID supersedes, UUID supersededBy, List<SectionText> sections) {
        static PublicStatementView of(Statement s) {
            return new PublicStatementView(s.id, s.missionId, s.version, s.title, Phrases.LANGUAGES, s.publishedAt, s.supersedes,
                    s.supersededBy, s.sections.stream().map(SectionText::of).toList());
        }
    }

    public record PublicStatementSummary(UUID id, UUID missionId, long version, Map<String, String> title, OffsetDateTime publishedAt,
                                         UUID supersedes, UUID supersededBy) {
        static PublicStatementSummary of(Statement s) {
            return new PublicStatementSummary(s.id, s.missionId, s.version, s.title, s.publishedAt, s.supersedes, s.supersededBy);
        }
    }
}
