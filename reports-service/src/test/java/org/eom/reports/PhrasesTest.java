package org.eom.reports;

import org.eom.reports.statements.Level;
import org.eom.reports.statements.Phrases;
import org.eom.reports.statements.Topic;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template strings and thresholds, without the application. */
class PhrasesTest {

    @Test
    void everyLanguageHasEveryPhrase() {
        Set<String> english = withoutPluralForms(Phrases.of("en").keys());
        for (String language : Phrases.LANGUAGES) {
            assertThat(withoutPluralForms(Phrases.of(language).keys())).as(language).isEqualTo(english);
        }
        for (Topic topic : Topic.CATALOGUE) {
            for (String form : List.of("NONE", "PARTIAL", "ALL")) {
                assertThat(english).contains("topic." + topic.key() + "." + form);
            }
        }
    }

    @Test
    void russianPluralsDatesAndCountries() {
        Phrases ru = Phrases.of("ru");
        assertThat(ru.count("stations", 1)).isEqualTo("1 избирательный участок");
        assertThat(ru.count("stations", 3)).isEqualTo("3 избирательных участка");
        assertThat(ru.count("stations", 11)).isEqualTo("11 избирательных участков");
        assertThat(ru.count("stations", 21)).isEqualTo("21 избирательный участок");
        assertThat(ru.count("stations", 32)).isEqualTo("32 избирательных участка");
        assertThat(ru.countOf("observations.of", 3, 41)).isEqualTo("3 из 41 наблюдения");
        assertThat(ru.date(LocalDate.of(2023, 3, 19))).isEqualTo("19 марта 2023 года");
        assertThat(ru.country("KZ")).isEqualTo("Казахстан");
        assertThat(ru.list(List.of("«А»", "«Б»", "«В»"))).isEqualTo("«А», «Б» и «В»");
        assertThat(ru.percent(1, 24)).isEqualTo("4,2 %");

        Phrases en = Phrases.of("en");
        assertThat(en.count("stations", 1)).isEqualTo("1 polling station");
        assertThat(en.count("stations", 32)).isEqualTo("32 polling stations");
        assertThat(en.countOf("counts.of", 3, 41)).isEqualTo("3 of 41 counts observed");
        assertThat(en.date(LocalDate.of(2023, 3, 17))).isEqualTo("17 March 2023");
        assertThat(en.percent(1, 25)).isEqualTo("4 per cent");
        assertThat(en.percent(1, 3)).isEqualTo("33 per cent");
        assertThat(en.country("TR")).isIn("Türkiye", "Turkey");
        assertThat(en.country("Atlantis")).isEqualTo("Atlantis");
        assertThatThrownBy(() -> en.get("no.such.phrase")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void levelsFollowTheDocumentedThresholds() {
        assertThat(Level.of(0, 32)).isEqualTo(Level.NONE);
        assertThat(Level.of(1, 32)).isEqualTo(Level.ISOLATED);
        assertThat(Level.of(3, 32)).isEqualTo(Level.ISOLATED);
        assertThat(Level.of(4, 40)).as("10 per cent is no longer isolated").isEqualTo(Level.SOME);
        assertThat(Level.of(16, 32)).as("half is some").isEqualTo(Level.SOME);
        assertThat(Level.of(17, 32)).isEqualTo(Level.MOST);
        assertThat(Level.of(31, 32)).isEqualTo(Level.MOST);
        assertThat(Level.of(32, 32)).isEqualTo(Level.ALL);
        assertThatThrownBy(() -> Level.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<String> withoutPluralForms(Set<String> keys) {
        return keys.stream().map(k -> k.replaceAll("\\.(one|few|many|other)$", "")).collect(Collectors.toSet());
    }
}
