package org.openanpr.zone;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Euro emission class (0–7) from the registry's words: {@code uitlaatemissieniveau} ("EURO 6 AD", "EURO VI E",
 * "EURO III") or {@code emissiecode_omschrijving} ("5", "6"; "Z" is zero emission, which has no class).
 */
public final class EuroClass {
    private static final Pattern ARABIC = Pattern.compile("^(?:EURO\\s*)?([0-7])(?:\\b|[^0-9]).*|^(?:EURO\\s*)?([0-7])$");
    private static final Pattern ROMAN = Pattern.compile("^(?:EURO\\s*)?(VII|VI|V|IV|III|II|I)\\b.*");

    private EuroClass() {
    }

    /** The class, or null when the text names none. */
    public static Integer parse(String text) {
        if (text == null) return null;
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) return null;
        Matcher a = ARABIC.matcher(t);
        if (a.matches()) return Integer.parseInt(a.group(1) != null ? a.group(1) : a.group(2));
        Matcher r = ROMAN.matcher(t);
        if (r.matches()) return switch (r.group(1)) {
            case "I" -> 1;
            case "II" -> 2;
            case "III" -> 3;
            case "IV" -> 4;
            case "V" -> 5;
            case "VI" -> 6;
            default -> 7;
        };
        return null;
    }
}
