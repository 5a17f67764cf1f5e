package org.openanpr.plate;

/** Turns raw plate text from a camera or a user into normalised text and a {@link PlateReading}. */
public final class Plates {

    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 10;

    private Plates() {
    }

    /**
     * Upper-cases {@code raw} and strips separators (blanks, dashes, dots, middle dots, underscores). The result is
     * 2-10 characters A-Z and 0-9.
     *
     * @throws InvalidPlateException when {@code raw} is null or blank, holds any other character (named in the
     *                               message), is too short or too long, or is one letter repeated with no digit
     */
    public static String normalise(String raw) {
        if (raw == null) {
            throw new InvalidPlateException("plate text is missing");
        }
        if (isNormalised(raw)) {
            rejectArtefact(raw);
            return raw;
        }
        char[] kept = new char[MAX_LENGTH];
        int count = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            if (Chars.isLetter(c) || Chars.isDigit(c)) {
                if (count < MAX_LENGTH) {
                    kept[count] = c;
                }
                count++;
            } else if (!isSeparator(c)) {
                throw illegalCharacter(raw, i);
            }
        }
        if (count == 0) {
            throw new InvalidPlateException(isBlank(raw) ? "plate text is blank" : "plate text has no letters or digits");
        }
        if (count < MIN_LENGTH || count > MAX_LENGTH) {
            throw badLength(count);
        }
        String text = new String(kept, 0, count);
        rejectArtefact(text);
        return text;
    }

    /**
     * Normalises {@code raw} and recognises its format. With a country, only that country's formats are tried; with
     * none, the country is inferred (NL first, then BE, FR, GB, DE). Text that fits no format keeps the given country
     * (null when none was given), displays as the normalised text and has format {@link PlateReading#GENERIC_FORMAT}.
     *
     * @throws InvalidPlateException as {@link #normalise(String)}
     */
    public static PlateReading interpret(String raw, Country countryOrNull) {
        String text = normalise(raw);
        PlateFormat format = PlateFormats.firstMatch(text, countryOrNull);
        if (format == null) {
            return new PlateReading(text, countryOrNull, text, PlateReading.GENERIC_FORMAT);
        }
        return new PlateReading(text, format.country(), format.display(text), format.id());
    }

    /**
     * Stored plate text written as on the plate ({@code 12BDF3} as {@code 12-BDF-3}), the one place that formats a plate
     * for people: API {@code display} fields, exports, reports and the web app all use it. {@code country} is the
     * stored ISO code, or null/empty when unknown (the format is then inferred as by {@link #interpret}). A Dutch-shaped
     * text that no issued series allows (a misread, {@code 12ABC3}) still gets its sidecode's dashes when the country
     * is Dutch or unknown: the dashes follow the letter/digit pattern, which no other sidecode shares. Never throws:
     * text that is no plate (a wildcard entry {@code 12?BC3}, a stored oddity) is returned as it is.
     */
    public static String display(String text, String country) {
        if (text == null) return null;
        try {
            Country c = country == null || country.isBlank() ? null : Country.of(country);
            PlateReading reading = interpret(text, c);
            if (!reading.format().equals(PlateReading.GENERIC_FORMAT)) return reading.display();
            if (c == null || c.equals(Country.NL)) {
                for (DutchSidecode sidecode : DutchSidecode.values())
                    if (sidecode.fitsLayout(reading.text())) return sidecode.display(reading.text());
            }
            return reading.text();
        } catch (InvalidPlateException e) {
            return text;
        }
    }

    private static boolean isNormalised(String raw) {
        if (raw.length() < MIN_LENGTH || raw.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!Chars.isLetter(c) && !Chars.isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return switch (c) {
            case '-', '.', '_', '\u00B7' /* middle dot */, '\u2022' /* bullet */, '\u2212' /* minus sign */ -> true;
            // and the Unicode hyphens and dashes that word processors substitute for '-'
            default -> isBlank(c) || Character.getType(c) == Character.DASH_PUNCTUATION;
        };
    }

    /** Tab and no-break space too, which {@link String#isBlank()} does not count. */
    private static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isBlank(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (!isBlank(raw.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * No plate of any format we know lacks digits and repeats one letter ({@code IIIIII}, {@code LLL}); that text is
     * what a reader makes of fences, grilles and radiator slats. Repeated digits ({@code 1111}) stay valid, as
     * all-digit plates exist (e.g. Luxembourg), and so do letters with variety, as personalised plates in several
     * countries may be letters only. Dropping such reads at ingest keeps them from flooding the fuzzy index,
     * where one repeated letter is near every other run of it.
     */
    private static void rejectArtefact(String text) {
        char first = text.charAt(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != first || Chars.isDigit(c)) {
                return;
            }
        }
        throw new InvalidPlateException("plate text is one letter '" + first
                + "' repeated, with no digit: a typical misread of fences or grilles, not a plate");
    }

    private static InvalidPlateException illegalCharacter(String raw, int index) {
        int codePoint = raw.codePointAt(index);
        String shown = Character.isISOControl(codePoint) ? "" : "'" + Character.toString(codePoint) + "' ";
        return new InvalidPlateException(String.format(
                "plate text holds character %s(U+%04X) at index %d; only letters A-Z, digits 0-9 and separators"
                        + " (space - . _ ·) are allowed", shown, codePoint, index));
    }

    private static InvalidPlateException badLength(int length) {
        return new InvalidPlateException(String.format(
                "plate text has %d letters and digits; a plate has %d to %d", length, MIN_LENGTH, MAX_LENGTH));
    }
}
