package org.openanpr.plate;

/**
 * The old diplomatic plates {@code CD-999} (three digits). Since 1991 diplomats get ordinary sidecode 1 and 3 plates
 * ({@code CD-12-34}, {@code 12-CD-34}), which read as their sidecode. The International Court of Justice series
 * {@code CDJ} is left out: its exact layout is not known to us.
 */
enum DutchDiplomatic implements PlateFormat {
    CD;

    @Override
    public String id() {
        return "NL-diplomatic";
    }

    @Override
    public Country country() {
        return Country.NL;
    }

    @Override
    public boolean matches(String text) {
        return text.length() == 5 && text.startsWith("CD") && Chars.allDigits(text, 2, 5);
    }

    @Override
    public String display(String text) {
        return "CD-" + text.substring(2);
    }
}
