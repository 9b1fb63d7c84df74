package org.eom.reports.statements;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eom.platform.problem.ProblemException;
import org.eom.reports.events.StatementEvents;
import org.eom.reports.readmodel.Mission;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The life of a statement: generation, edits, comments and the review workflow. Every change
 * raises the version and keeps a copy of the statement as it then was. Authorisation is the
 * caller's (the API checks the roles before calling).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Statements {

    @Inject
    StatementDrafter drafter;

    @Inject
    SentenceEvidence evidence;

    @Inject
    StatementEvents events;

    public Statement generate(Mission mission, String username) {
        Statement statement = create(mission.id, username);
        statement.persist();
        Statement.flush(); // the evidence rows refer to it
        StatementDrafter.Draft draft = drafter.draft(statement.id, mission);
        statement.title = draft.title();
        statement.sections = draft.sections();
        StatementVersion.record(statement, "generated from the mission's data");
        return statement;
    }

    /** Reads a statement and locks it until the transaction ends, so concurrent changes apply one after the other. */
    public static Statement lock(UUID id) {
        Statement statement = Statement.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (statement == null) {
            throw ProblemException.notFound("Statement", id);
        }
        return statement;
    }

    public Statement editSection(Statement statement, String sectionId, String language, String text, String username) {
        if (!statement.status.editable()) {
            throw ProblemException.conflict("statement-not-editable", "A " + statement.status + " statement cannot be edited"
                    + (statement.status == StatementStatus.PUBLISHED ? "; start a correction with a transition to DRAFT" : "; move it back to DRAFT first"));
        }
        if (!Phrases.LANGUAGES.contains(language)) {
            throw ProblemException.invalid("language", "must be one of " + Phrases.LANGUAGES);
        }
        Section section = statement.section(sectionId).orElseThrow(() -> ProblemException.notFound("Section", sectionId));
        List<Section> sections = new ArrayList<>(statement.sections);
        sections.set(sections.indexOf(section), section.withText(language, text));
        statement.sections = sections;
        touch(statement, username);
        StatementVersion.record(statement, "section " + sectionId + " edited (" + language + ")");
        return statement;
    }

    public StatementComment comment(Statement statement, String sectionId, String text, String username) {
        if (sectionId != null && statement.section(sectionId).isEmpty()) {
            throw ProblemException.unknownReference("sectionId", "no section " + sectionId + " in this statement");
        }
        StatementComment comment = new StatementComment();
        comment.id = UUID.randomUUID();
        comment.statementId = statement.id;
        comment.sectionId = sectionId;
        comment.author = username;
        comment.text = text;
        comment.createdAt = now();
        comment.persist();
        return comment;
    }

    /**
     * Moves a statement along the workflow. From PUBLISHED, "DRAFT" leaves it untouched and returns
     * a new draft, a copy that supersedes it once it is published in turn.
     */
    public Statement transition(Statement statement, StatementStatus to, String username) {
        requireTransition(statement, to);
        if (statement.status == StatementStatus.PUBLISHED) {
            return startCorrection(statement, username);
        }
        String change = statement.status + " -> " + to;
        statement.status = to;
        touch(statement, username);
        if (to == StatementStatus.PUBLISHED) {
            publish(statement, username);
        }
        StatementVersion.record(statement, change);
        return statement;
    }

    public static void requireTransition(Statement statement, StatementStatus to) {
        if (!statement.status.next().contains(to)) {
            throw ProblemException.conflict("invalid-transition",
                    "A " + statement.status + " statement cannot become " + to + "; allowed: " + statement.status.next());
        }
    }

    private void publish(Statement statement, String username) {
        statement.publishedAt = statement.updatedAt;
        statement.publishedBy = username;
        if (statement.supersedes != null) {
            Statement corrected = lock(statement.supersedes);
            corrected.supersededBy = statement.id;
        }
        events.published(statement);
    }

    private Statement startCorrection(Statement published, String username) {
        if (published.supersededBy != null) {
            throw ProblemException.conflict("already-superseded", "Statement " + published.id + " was superseded by "
                    + published.supersededBy + "; correct that one instead");
        }
        Statement open = Statement.find("supersedes = ?1 and status <> ?2", published.id, StatementStatus.PUBLISHED).firstResult();
        if (open != null) {
            throw ProblemException.conflict("correction-in-progress", "Statement " + open.id + " is already a correction of " + published.id);
        }
        Statement correction = create(published.missionId, username);
        correction.title = published.title;
        correction.sections = published.sections;
        correction.supersedes = published.id;
        correction.persist();
        Statement.flush();
        evidence.copy(published.id, correction.id);
        StatementVersion.record(correction, "correction of statement " + published.id + " version " + published.version);
        return correction;
    }

    private static Statement create(UUID missionId, String username) {
        Statement statement = new Statement();
        statement.id = UUID.randomUUID();
        statement.missionId = missionId;
        statement.status = StatementStatus.DRAFT;
        statement.version = 1;
        statement.title = Map.of();
        statement.createdBy = username;
        statement.createdAt = now();
        statement.updatedBy = username;
        statement.updatedAt = statement.createdAt;
        return statement;
    }

    private static void touch(Statement statement, String username) {
        statement.version++;
        statement.updatedBy = username;
        statement.updatedAt = now();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
