package org.eom.reports.rendering;

import org.eom.reports.statements.Section;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A statement in one language, ready to render: its title and its Markdown, the single source
 * from which the HTML and PDF renderings are derived.
 */
public record StatementDocument(String title, String language, String markdown) {

    public static StatementDocument of(String title, String language, List<Section> sections) {
        String markdown = sections.stream()
                .map(section -> section.text().get(language))
                .filter(Objects::nonNull)
                .filter(text -> !text.isBlank())
                .collect(Collectors.joining("\n\n"));
        return new StatementDocument(title, language, markdown + "\n");
    }
}
