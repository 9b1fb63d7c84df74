package org.eom.reports.rendering;

import java.util.regex.Pattern;

/** Markdown helpers for text that comes from data (names, topics) and must not turn into markup. */
public final class Markdown {

    private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>#|~])");

    private Markdown() {
    }

    public static String escape(String text) {
        return text == null ? "" : SPECIAL.matcher(text.strip()).replaceAll("\\\\$1");
    }

    public static String bold(String escapedText) {
        return "**" + escapedText + "**";
    }
}
