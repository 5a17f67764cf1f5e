package org.openanpr.hotlist;

import org.openanpr.plate.OcrConfusion;

/**
 * Plate text packed into a long, six bits a character, so that a lookup hashes and compares one word instead of a
 * String. Characters code 1-36 and a wildcard {@code ?} codes 0; ten characters take 60 bits. As no plate character
 * codes 0, texts of different length never share a code and no text codes 0, which the tables use for an empty slot.
 */
final class PlateCode {

    static final int BITS = 6;
    private static final long CHAR_MASK = (1L << BITS) - 1;
    private static final byte[] SYMBOL = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            SYMBOL[c] = (byte) (c - '0' + 1);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            SYMBOL[c] = (byte) (c - 'A' + 11);
        }
    }

    private PlateCode() {
    }

    /** The code of normalised text or an entry pattern, its wildcards as 0. */
    static long of(String text) {
        long code = 0;
        for (int i = 0; i < text.length(); i++) {
            code = (code << BITS) | SYMBOL[text.charAt(i)];
        }
        return code;
    }

    /** The code of {@link OcrConfusion#key}{@code (text)}, without building that String. */
    static long keyOf(String text) {
        long code = 0;
        for (int i = 0; i < text.length(); i++) {
            code = (code << BITS) | SYMBOL[OcrConfusion.classOf(text.charAt(i))];
        }
        return code;
    }

    /** Ones over every known character of {@code pattern}, zeros over its wildcards. */
    static long knownMask(String pattern) {
        long mask = 0;
        for (int i = 0; i < pattern.length(); i++) {
            mask = (mask << BITS) | (pattern.charAt(i) == ListEntry.WILDCARD ? 0 : CHAR_MASK);
        }
        return mask;
    }

    /** The code of the text of {@code length} characters with the character at {@code index} deleted. */
    static long deleteAt(long code, int length, int index) {
        int below = (length - 1 - index) * BITS;
        long low = code & ((1L << below) - 1);
        return ((code >>> (below + BITS)) << below) | low;
    }

    static int charAt(long code, int length, int index) {
        return (int) ((code >>> ((length - 1 - index) * BITS)) & CHAR_MASK);
    }
}
