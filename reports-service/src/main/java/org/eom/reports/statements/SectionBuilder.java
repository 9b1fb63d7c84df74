package org.eom.reports.statements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Collects a section's generated sentences, in every language at once, and assembles its text. */
final class SectionBuilder {

    private final String id;
    private final List<Sentence> sentences = new ArrayList<>();
    private int paragraph;

    SectionBuilder(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The next sentence starts a new paragraph (unless the current one is still empty). */
    SectionBuilder newParagraph() {
        if (!sentences.isEmpty() && sentences.getLast().paragraph() == paragraph) {
            paragraph++;
        }
        return this;
    }

    /**
     * @param name         unique within the section; the sentence id is "section.name"
     * @param observations the evidence counts, or null for a sentence that rests on no observation
     */
    SectionBuilder add(String name, Function<Phrases, String> text, Map<String, Object> figures,
                       Map<String, List<UUID>> sources, Sentence.Evidence observations) {
        sentences.add(new Sentence(sentenceId(name), paragraph, perLanguage(text), figures, sources, observations));
        return this;
    }

    String sentenceId(String name) {
        return id + "." + name;
    }

    Section build() {
        Map<String, String> text = new LinkedHashMap<>();
        for (String language : Phrases.LANGUAGES) {
            text.put(language, sentences.stream()
                    .collect(Collectors.groupingBy(Sentence::paragraph, LinkedHashMap::new,
                            Collectors.mapping(s -> s.text().get(language), Collectors.joining(" "))))
                    .values().stream().collect(Collectors.joining("\n\n")));
        }
        return new Section(id, perLanguage(p -> p.get("section." + id)), text, List.copyOf(sentences));
    }

    static Map<String, String> perLanguage(Function<Phrases, String> text) {
        Map<String, String> texts = new LinkedHashMap<>();
        Phrases.LANGUAGES.forEach(language -> texts.put(language, text.apply(Phrases.of(language))));
        return texts;
    }
}
