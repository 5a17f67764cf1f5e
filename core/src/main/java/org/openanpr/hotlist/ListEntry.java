package org.openanpr.hotlist;

import java.time.Instant;
import java.util.Objects;
import org.openanpr.plate.Country;
import org.openanpr.plate.Plates;

/**
 * One plate on a reference list (referentielijst), as the matcher needs it, with what the list says about the plate
 * ({@link EntryDetails}), so that a hit carries the entry it matched even when the list has been replaced since.
 *
 * @param entryId    the entry's identity, unique over all lists
 * @param listId     the list it is on
 * @param plate      normalised text as {@link #pattern} returns it; {@value #WILDCARD} stands for one unknown
 *                   character
 * @param country    the issuing country; {@code null} for a plate from any country
 * @param validFrom  the first instant the entry hits; {@code null} for no start
 * @param validUntil the instant from which the entry no longer hits (exclusive); {@code null} for no end
 * @param details    reason, amount and attributes; {@link EntryDetails#NONE} when the list says nothing more
 */
public record ListEntry(long entryId, long listId, String plate, Country country, Instant validFrom,
                        Instant validUntil, EntryDetails details) {

    public static final char WILDCARD = '?';
    /** Fewer known characters would hit a large share of all traffic. */
    static final int MIN_KNOWN_WITH_WILDCARDS = 3;

    public ListEntry {
        Objects.requireNonNull(plate, "plate");
        details = details == null ? EntryDetails.NONE : details;
        if (!pattern(plate).equals(plate)) {
            throw new IllegalArgumentException("entry plate must be normalised, as ListEntry.pattern returns it");
        }
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validUntil must be after validFrom");
        }
    }

    /** An entry without details. */
    public ListEntry(long entryId, long listId, String plate, Country country, Instant validFrom, Instant validUntil) {
        this(entryId, listId, plate, country, validFrom, validUntil, EntryDetails.NONE);
    }

    /** An entry for {@code rawPlate} as a list manager writes it ({@code 12-bdf-3}, {@code 12-?BC-3}). */
    public static ListEntry of(long entryId, long listId, String rawPlate, Country country, Instant validFrom,
                               Instant validUntil) {
        return new ListEntry(entryId, listId, pattern(rawPlate), country, validFrom, validUntil);
    }

    /**
     * Normalises plate text as {@link Plates#normalise} does, keeping each {@value #WILDCARD} as a wildcard:
     * {@code 12-?bc-3} becomes {@code 12?BC3}.
     *
     * @throws IllegalArgumentException for text {@link Plates#normalise} rejects, and for a pattern with wildcards
     *                                  and fewer than three known characters
     */
    public static String pattern(String raw) {
        if (raw == null || raw.indexOf(WILDCARD) < 0) {
            return Plates.normalise(raw);
        }
        int known = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                known++;
            }
        }
        if (known < MIN_KNOWN_WITH_WILDCARDS) {
            throw new IllegalArgumentException("a plate with wildcards ('?') needs at least "
                    + MIN_KNOWN_WITH_WILDCARDS + " known letters or digits, it has " + known);
        }
        // Normalising only upper-cases and drops separators, so with each wildcard standing in for a digit the kept
        // characters line up with the letters, digits and wildcards of the raw text.
        char[] text = Plates.normalise(raw.replace(WILDCARD, '0')).toCharArray();
        int kept = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == WILDCARD) {
                text[kept++] = WILDCARD;
            } else if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                kept++;
            }
        }
        return new String(text);
    }

    public boolean hasWildcards() {
        return plate.indexOf(WILDCARD) >= 0;
    }

    public boolean validAt(Instant time) {
        return (validFrom == null || !time.isBefore(validFrom)) && (validUntil == null || time.isBefore(validUntil));
    }

    /** A read whose country the camera could not tell may be from any country, so it fits every entry. */
    public boolean fitsCountry(Country readCountry) {
        return country == null || readCountry == null || country.equals(readCountry);
    }
}
