package org.openanpr.plate;

/** The two character kinds that normalised plate text consists of. */
final class Chars {

    private Chars() {
    }

    static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code text[from, to)} is all digits; {@code from == to} counts as no digits, hence false. */
    static boolean allDigits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Number of consecutive letters in {@code text} starting at {@code from}. */
    static int letterRun(String text, int from) {
        int i = from;
        while (i < text.length() && isLetter(text.charAt(i))) {
            i++;
        }
        return i - from;
    }

    /** Number of consecutive digits in {@code text} starting at {@code from}. */
    static int digitRun(String text, int from) {
        int i = from;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i - from;
    }
}
