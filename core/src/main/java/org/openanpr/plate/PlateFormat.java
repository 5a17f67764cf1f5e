package org.openanpr.plate;

/** One way a country writes its plates. Implementations only ever see normalised text (A-Z, 0-9). */
sealed interface PlateFormat
        permits DutchSidecode, DutchDiplomatic, BelgianFormat, FrenchFormat, BritishFormat, GermanFormat {

    /** The name reported as {@link PlateReading#format()}, e.g. {@code "NL-sidecode-8"}. */
    String id();

    Country country();

    boolean matches(String text);

    /** How {@code text} is written on the plate; only defined for text that {@link #matches(String) matches}. */
    String display(String text);
}
