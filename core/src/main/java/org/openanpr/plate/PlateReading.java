package org.openanpr.plate;

import java.util.Objects;

/**
 * A plate as read and understood.
 *
 * @param text    normalised: upper case, A-Z and 0-9 only; what matching and storage use
 * @param country the country given by the caller or inferred from the text; {@code null} when it could not be
 *                inferred
 * @param display the text written as on the plate ({@code 12-BDF-3}, {@code 1-ABC-123}, {@code AB12 CDE}), or
 *                {@code text} when the format is not recognised
 * @param format  short name of the recognised format, e.g. {@code NL-sidecode-8}, {@code BE-2010}, {@code FR-SIV},
 *                {@code GB-2001}, {@code DE}; {@link #GENERIC_FORMAT} when none is recognised
 */
public record PlateReading(String text, Country country, String display, String format) {

    public static final String GENERIC_FORMAT = "generic";

    public PlateReading {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(format, "format");
    }
}
