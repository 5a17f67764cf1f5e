package org.openanpr.passage;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A read's time, parsed. {@link OffsetDateTime#parse} took 6 % of the server's CPU on the single-read path and 3 % on
 * the batch path (JFR): the formatter machinery is general. Cameras send one form,
 * {@code 2026-03-29T01:59:59[.fraction](Z|+01:00)}, which is read here digit by digit; every other text (lower-case
 * letters, no seconds, an offset without its colon, a year past 9999, anything invalid) goes to
 * {@link OffsetDateTime#parse}, so what is accepted, and the error for what is not, stay exactly the JDK's.
 */
public final class IsoTime {
    private IsoTime() {
    }

    /** @throws java.time.format.DateTimeParseException as {@link OffsetDateTime#parse} would */
    public static OffsetDateTime parse(String s) {
        OffsetDateTime fast = canonical(s);
        return fast != null ? fast : OffsetDateTime.parse(s);
    }

    /** The canonical form, or null when {@code s} is not in it (or not a valid time: the JDK then says why). */
    private static OffsetDateTime canonical(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':')
            return null;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) nanos = nanos * 10 + (s.charAt(i++) - '0');
            int width = i - start;
            if (width == 0 || i < n && isDigit(s.charAt(i))) return null;
            for (int k = width; k < 9; k++) nanos *= 10;
        }
        if (i >= n) return null;
        ZoneOffset offset;
        char sign = s.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            offset = ZoneOffset.UTC;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) return null;
            try {
                offset = sign == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
