package org.eom.reports.statements;

import java.util.List;

/**
 * The review workflow: draft, in review, approved (head of mission), published. A published
 * statement never changes; "back to draft" from published starts a correction, a new statement
 * that supersedes it once published.
 */
public enum StatementStatus {
    DRAFT, IN_REVIEW, APPROVED, PUBLISHED;

    public List<StatementStatus> next() {
        return switch (this) {
            case DRAFT -> List.of(IN_REVIEW);
            case IN_REVIEW -> List.of(DRAFT, APPROVED);
            case APPROVED -> List.of(DRAFT, PUBLISHED);
            case PUBLISHED -> List.of(DRAFT);
        };
    }

    public boolean editable() {
        return this == DRAFT || this == IN_REVIEW;
    }
}
