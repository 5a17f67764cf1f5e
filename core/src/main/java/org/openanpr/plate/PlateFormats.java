package org.openanpr.plate;

import java.util.Arrays;
import java.util.stream.Stream;

/** Which formats to try, in which order, for a given country or for a plate of unknown country. */
final class PlateFormats {

    private static final PlateFormat[] NL = concat(DutchSidecode.values(), DutchDiplomatic.values());
    private static final PlateFormat[] BE = BelgianFormat.values();
    private static final PlateFormat[] FR = FrenchFormat.values();
    private static final PlateFormat[] GB = BritishFormat.values();
    private static final PlateFormat[] DE = GermanFormat.values();
    private static final PlateFormat[] NONE = {};

    /**
     * For text of unknown country, the first format that fits wins. The Netherlands comes first because this is a
     * Dutch back office and most plates seen are Dutch; Germany comes last because its rule is the loosest and would
     * otherwise take text from the others.
     */
    private static final PlateFormat[] ANY_COUNTRY = concat(NL, BE, FR, GB, DE);

    private PlateFormats() {
    }

    /** The first format {@code text} matches, of {@code country}'s or, when null, of any country; null if none. */
    static PlateFormat firstMatch(String text, Country country) {
        for (PlateFormat format : country == null ? ANY_COUNTRY : of(country)) {
            if (format.matches(text)) {
                return format;
            }
        }
        return null;
    }

    private static PlateFormat[] of(Country country) {
        return switch (country.code()) {
            case "NL" -> NL;
            case "BE" -> BE;
            case "FR" -> FR;
            case "GB" -> GB;
            case "DE" -> DE;
            default -> NONE;
        };
    }

    private static PlateFormat[] concat(PlateFormat[]... groups) {
        return Stream.of(groups).flatMap(Arrays::stream).toArray(PlateFormat[]::new);
    }
}
