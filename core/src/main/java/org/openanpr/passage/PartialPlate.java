package org.openanpr.passage;

import org.openanpr.hotlist.ListEntry;

/**
 * A partial plate from a witness: {@value ListEntry#WILDCARD} for one unknown character (as list entries have it) and
 * {@value #ANY} for any run of unknown characters, possibly none, so that "starts with XG, ends with 7" is
 * {@code XG*7} and "12, then one unknown, then B" is {@code 12?B*}. Separators ({@code -}, space, {@code .}) are
 * dropped and letters upper-cased, as plates are normalised; at least {@value #MIN_KNOWN} known letters or digits, so
 * that a pattern names few plates rather than most of them.
 */
public final class PartialPlate {
    public static final char ANY = '*';
    public static final int MIN_KNOWN = 3;
    public static final int MAX_LENGTH = 20;

    private PartialPlate() {
    }

    /** True for text that holds {@value #ANY}: a partial plate, not a plate or a fixed-length pattern. */
    public static boolean isPartial(String raw) {
        return raw != null && raw.indexOf(ANY) >= 0;
    }

    /**
     * {@code xg-*-7} becomes {@code XG*7}; runs of {@value #ANY} become one.
     *
     * @throws IllegalArgumentException naming the problem: another character, too long, too few known characters
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("a partial plate is required");
        StringBuilder out = new StringBuilder();
        int known = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '-' || c == ' ' || c == '.') continue;
            if (c >= 'a' && c <= 'z') c = (char) (c - 'a' + 'A');
            if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                known++;
                out.append(c);
            } else if (c == ListEntry.WILDCARD) {
                out.append(c);
            } else if (c == ANY) {
                if (out.isEmpty() || out.charAt(out.length() - 1) != ANY) out.append(c);
            } else {
                throw new IllegalArgumentException("a partial plate holds letters, digits, '?' (one unknown character) and '*'"
                        + " (any unknown characters), not '" + (Character.isISOControl(c) ? "\\u" + Integer.toHexString(c) : c) + "'");
            }
        }
        if (out.length() > MAX_LENGTH) throw new IllegalArgumentException("a partial plate is at most " + MAX_LENGTH + " characters");
        if (known < MIN_KNOWN)
            throw new IllegalArgumentException("a partial plate needs at least " + MIN_KNOWN + " known letters or digits, it has " + known);
        return out.toString();
    }
}
