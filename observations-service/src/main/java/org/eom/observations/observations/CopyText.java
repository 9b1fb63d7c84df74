package org.eom.observations.observations;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows of PostgreSQL's COPY text format: fields separated by tabs, {@code \N} for null, and tab, newline, carriage
 * return, backspace, form feed, vertical tab and backslash escaped with a backslash. Each field is the column's text
 * output, the same string JDBC's {@code getString} gives.
 */
final class CopyText {

    private byte[] unescaped = new byte[1 << 12];

    /** The fields of one row as COPY TO sends it (with or without its closing newline); {@code count} of them. */
    String[] fields(byte[] row, int count) {
        String[] fields = new String[count];
        int end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        int start = 0;
        for (int field = 0; field < count; field++) {
            int stop = start;
            boolean escaped = false;
            while (stop < end && row[stop] != '\t') {
                escaped |= row[stop] == '\\';
                stop++;
            }
            if (stop - start == 2 && row[start] == '\\' && row[start + 1] == 'N') {
                fields[field] = null;
            } else {
                fields[field] = escaped ? unescape(row, start, stop) : new String(row, start, stop - start, StandardCharsets.UTF_8);
            }
            start = stop + 1;
        }
        return fields;
    }

    private String unescape(byte[] row, int start, int stop) {
        if (unescaped.length < stop - start) {
            unescaped = Arrays.copyOf(unescaped, stop - start);
        }
        int length = 0;
        for (int i = start; i < stop; i++) {
            byte b = row[i];
            if (b == '\\' && i + 1 < stop) {
                b = switch (row[++i]) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> 0x0b;
                    // COPY TO writes no octal or hex escapes; anything else stands for itself (the backslash)
                    default -> row[i];
                };
            }
            unescaped[length++] = b;
        }
        return new String(unescaped, 0, length, StandardCharsets.UTF_8);
    }
}
