package org.eom.reports.statements;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The template strings of one language (resources statement/phrases_{language}.properties), with
 * the language's plural rules, list, quote, date, number and country formatting. Values passed in
 * are inserted as they are: the caller escapes data for Markdown.
 */
public final class Phrases {

    public static final String ENGLISH = "en";
    public static final List<String> LANGUAGES = List.of(ENGLISH, "ru");

    private static final Map<String, Phrases> BY_LANGUAGE = LANGUAGES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Phrases::load));

    private final String language;
    private final Locale locale;
    private final Properties strings;
    private final DateTimeFormatter dates;

    private Phrases(String language, Properties strings) {
        this.language = language;
        this.locale = Locale.forLanguageTag(language);
        this.strings = strings;
        this.dates = DateTimeFormatter.ofPattern(get("date.pattern"), locale);
    }

    public static Phrases of(String language) {
        Phrases phrases = BY_LANGUAGE.get(language);
        if (phrases == null) {
            throw new IllegalArgumentException("unsupported language " + language);
        }
        return phrases;
    }

    public String language() {
        return language;
    }

    public Set<String> keys() {
        return strings.stringPropertyNames();
    }

    public boolean has(String key) {
        return strings.containsKey(key);
    }

    /** The string of {@code key} with each {name} replaced: {@code arguments} are name, value, name, value... */
    public String get(String key, Object... arguments) {
        String template = strings.getProperty(key);
        if (template == null) {
            throw new IllegalStateException("phrase " + key + " is missing for language " + language);
        }
        String text = template;
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            text = text.replace("{" + arguments[i] + "}", String.valueOf(arguments[i + 1]));
        }
        return text;
    }

    /** The plural form of {@code key} for {@code n}, e.g. "32 polling stations". */
    public String count(String key, long n) {
        return get(pluralKey(key, n), "n", number(n));
    }

    /** "n of m ..." with the noun agreeing with {@code m}. */
    public String countOf(String key, long n, long m) {
        return get(pluralKey(key, m), "n", number(n), "m", number(m));
    }

    /** "A", "A and B", "A, B and C". */
    public String list(List<String> items) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + get("list.and") + " " + items.get(items.size() - 1);
    }

    public String quote(String text) {
        return get("quote.open") + text + get("quote.close");
    }

    public String date(LocalDate date) {
        return dates.format(date);
    }

    /** A whole number, or one decimal below 10 ("4.2 per cent", "4,2 %"). */
    public String percent(long part, long whole) {
        double value = part * 100.0 / whole;
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(value < 10 ? 1 : 0);
        return get("percent", "value", format.format(value));
    }

    /** The name of a country from its ISO 3166 code; a value that is not a code is kept as it is. */
    public String country(String code) {
        if (code == null || code.length() != 2) {
            return code;
        }
        String name = Locale.of("", code.toUpperCase(Locale.ROOT)).getDisplayCountry(locale);
        return name.isEmpty() ? code : name;
    }

    private String number(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    private String pluralKey(String key, long n) {
        String specific = key + "." + pluralCategory(n);
        if (strings.containsKey(specific)) {
            return specific;
        }
        return strings.containsKey(key + ".other") ? key + ".other" : key + ".many";
    }

    /** CLDR plural categories for English and Russian. */
    private String pluralCategory(long n) {
        if (!language.equals("ru")) {
            return n == 1 ? "one" : "other";
        }
        long lastDigit = n % 10;
        long lastTwo = n % 100;
        if (lastDigit == 1 && lastTwo != 11) {
            return "one";
        }
        if (lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14)) {
            return "few";
        }
        return "many";
    }

    private static Phrases load(String language) {
        String resource = "statement/phrases_" + language + ".properties";
        try (InputStream in = Phrases.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            Properties strings = new Properties();
            strings.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new Phrases(language, strings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
