package org.openanpr.plate;

import java.util.Arrays;

/**
 * A fixed-length plate layout written the way it appears on the plate: {@code X} is a letter, {@code 9} a digit and
 * any other character a separator that is printed but is not part of the normalised text. {@code "XX-99-99"} fits
 * {@code "AB1234"} and displays it as {@code "AB-12-34"}.
 */
final class Layout {

    private final String template;
    private final int length;

    Layout(String template) {
        int slots = 0;
        for (int t = 0; t < template.length(); t++) {
            if (isSlot(template.charAt(t))) {
                slots++;
            }
        }
        this.template = template;
        this.length = slots;
    }

    String template() {
        return template;
    }

    boolean fits(String text) {
        if (text.length() != length) {
            return false;
        }
        int i = 0;
        for (int t = 0; t < template.length(); t++) {
            char slot = template.charAt(t);
            if (isSlot(slot)) {
                char c = text.charAt(i++);
                if (slot == 'X' ? !Chars.isLetter(c) : !Chars.isDigit(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code text} with the template's separators put back; {@code text} must fit. */
    String display(String text) {
        char[] out = new char[template.length()];
        int i = 0;
        for (int t = 0; t < out.length; t++) {
            char slot = template.charAt(t);
            out[t] = isSlot(slot) ? text.charAt(i++) : slot;
        }
        return new String(out);
    }

    /**
     * Start and end (exclusive) text index of each letter group, flattened: {@code "XX-99-XX"} gives {@code {0, 2, 4, 6}}.
     * Two letter groups may touch in the text ({@code "XX-XX-99"}) yet are separate on the plate.
     */
    int[] letterGroups() {
        int[] bounds = new int[template.length() * 2];
        int count = 0;
        int i = 0;
        int groupStart = -1;
        for (int t = 0; t <= template.length(); t++) {
            char slot = t < template.length() ? template.charAt(t) : ' ';
            if (slot == 'X') {
                if (groupStart < 0) {
                    groupStart = i;
                }
            } else if (groupStart >= 0) {
                bounds[count++] = groupStart;
                bounds[count++] = i;
                groupStart = -1;
            }
            if (isSlot(slot)) {
                i++;
            }
        }
        return Arrays.copyOf(bounds, count);
    }

    private static boolean isSlot(char c) {
        return c == 'X' || c == '9';
    }
}
