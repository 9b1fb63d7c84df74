package org.eom.reports.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eom.platform.events.EventOutbox;
import org.eom.reports.rendering.StatementDocument;
import org.eom.reports.statements.Phrases;
import org.eom.reports.statements.Statement;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The events of topic eom.reports.v1 (docs/events.md), written through the outbox in the caller's transaction. */
@ApplicationScoped
public class StatementEvents {

    public static final String PUBLISHED = "org.eom.reports.statement.published";

    @Inject
    EventOutbox outbox;

    public record StatementPublished(UUID id, UUID missionId, long version, UUID supersedes, String title, String language,
                                     OffsetDateTime publishedAt, String publishedBy, String markdown) {
    }

    /** One event per language, so that each consumer takes the rendering it needs. */
    public void published(Statement statement) {
        for (String language : Phrases.LANGUAGES) {
            StatementDocument document = StatementDocument.of(statement.title.get(language), language, statement.sections);
            outbox.publish(PUBLISHED, statement.missionId, "statements/" + statement.id,
                    new StatementPublished(statement.id, statement.missionId, statement.version, statement.supersedes,
                            document.title(), language, statement.publishedAt, statement.publishedBy, document.markdown()));
        }
    }
}
