package org.openanpr.plate;

import java.util.Locale;

/** The country that issued a plate, as an ISO 3166-1 alpha-2 code in upper case ({@code "NL"}). */
public record Country(String code) {

    public static final Country NL = new Country("NL");
    public static final Country BE = new Country("BE");
    public static final Country DE = new Country("DE");
    public static final Country FR = new Country("FR");
    public static final Country GB = new Country("GB");

    public Country {
        if (code == null || code.length() != 2 || !Chars.isLetter(code.charAt(0)) || !Chars.isLetter(code.charAt(1))) {
            throw new InvalidPlateException(
                    "country code must be two upper-case letters A-Z (ISO 3166-1 alpha-2), got " + quoted(code));
        }
    }

    /**
     * The country for a code as cameras and users write it: ISO alpha-2 ({@code NL}, or any other two letters), ISO
     * alpha-3 for the five countries whose plates we know ({@code NLD BEL DEU FRA GBR}), or the international vehicle
     * code ({@code NL B D F GB UK}). Case-insensitive, surrounding blanks ignored.
     */
    public static Country of(String code) {
        if (code == null) {
            throw new InvalidPlateException("country code is missing");
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        Country known = switch (c) {
            case "NL", "NLD" -> NL;
            case "BE", "BEL", "B" -> BE;
            case "DE", "DEU", "D" -> DE;
            case "FR", "FRA", "F" -> FR;
            case "GB", "GBR", "UK" -> GB;
            default -> null;
        };
        if (known != null) {
            return known;
        }
        if (c.length() == 2 && Chars.isLetter(c.charAt(0)) && Chars.isLetter(c.charAt(1))) {
            return new Country(c);
        }
        throw new InvalidPlateException("unknown country code " + quoted(code)
                + ": expected ISO 3166-1 alpha-2 (e.g. NL), NLD/BEL/DEU/FRA/GBR, or a vehicle code B/D/F/UK");
    }

    private static String quoted(String code) {
        return code == null ? "nothing" : '"' + code + '"';
    }
}
