package org.eom.reports;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator must draft any mission's statement: no country, organisation or place of the seed mission in its code or phrases. */
class CountryNeutralGeneratorTest {

    private static final Pattern SEED_FACTS = Pattern.compile(
            "Kazakh|Казах|Astana|Астана|\\bOTS\\b|Turkic|Тюркск|Mazhilis|Мажилис|Auyl|Amanat|Abdirov|\\b431\\b|\\b373\\b");

    @Test
    void noSeedMissionFactInTheServiceSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            List<Path> offending = files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".properties"))
                    .filter(p -> SEED_FACTS.matcher(read(p)).find())
                    .toList();
            assertThat(offending).isEmpty();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
