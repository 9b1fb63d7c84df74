package org.eom.reports.statements;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A part of a statement. {@code text} (Markdown, per language) is what is rendered and what
 * analysts edit; {@code sentences} are what the generator wrote, each with its figures and
 * sources, kept unchanged so an edited text can still be checked against them.
 */
public record Section(String id, Map<String, String> title, Map<String, String> text, List<Sentence> sentences) {

    public Section withText(String language, String newText) {
        Map<String, String> texts = new HashMap<>(text);
        texts.put(language, newText);
        return new Section(id, title, Map.copyOf(texts), sentences);
    }
}
