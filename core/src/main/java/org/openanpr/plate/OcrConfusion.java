package org.openanpr.plate;

import java.util.Arrays;
import java.util.List;

/**
 * The characters plate readers mistake for one another, and a distance between plate texts that does not count those
 * mistakes. Classes: {0 O D Q}, {1 I L}, {2 Z}, {5 S}, {8 B}, {6 G}; every other character is a class of its own.
 */
public final class OcrConfusion {

    private static final char[] CLASS = new char[128];

    static {
        for (char c = 0; c < CLASS.length; c++) {
            CLASS[c] = c;
        }
        for (String members : new String[] {"0ODQ", "1IL", "2Z", "5S", "8B", "6G"}) {
            for (int i = 0; i < members.length(); i++) {
                CLASS[members.charAt(i)] = members.charAt(0);
            }
        }
    }

    private OcrConfusion() {
    }

    /** The representative of {@code c}'s class: {@code '0'} for O, D and Q, {@code '1'} for I and L, and so on. */
    public static char classOf(char c) {
        return c < CLASS.length ? CLASS[c] : c;
    }

    /** {@code normalised} with every character replaced by {@link #classOf}: plates confused by substitution alone
     * have the same key. */
    public static String key(String normalised) {
        int n = normalised.length();
        int first = 0;
        while (first < n && classOf(normalised.charAt(first)) == normalised.charAt(first)) {
            first++;
        }
        if (first == n) {
            return normalised;
        }
        char[] key = normalised.toCharArray();
        for (int i = first; i < n; i++) {
            key[i] = classOf(key[i]);
        }
        return new String(key);
    }

    /**
     * Levenshtein distance in which substituting a character by one of its own class costs nothing: the Levenshtein
     * distance of the two keys.
     */
    public static int distance(String a, String b) {
        // Myers' bit-parallel algorithm over the shorter string: no allocation, a handful of word operations per
        // character of the longer one.
        String pattern = a.length() <= b.length() ? a : b;
        String text = pattern == a ? b : a;
        int m = pattern.length();
        if (m == 0) {
            return text.length();
        }
        if (m > Long.SIZE) {
            return distanceByTable(pattern, text);
        }
        long plus = -1L;
        long minus = 0L;
        long last = 1L << (m - 1);
        int score = m;
        for (int j = 0; j < text.length(); j++) {
            long eq = matchMask(pattern, classOf(text.charAt(j)));
            long xv = eq | minus;
            long xh = (((eq & plus) + plus) ^ plus) | eq;
            long hPlus = minus | ~(xh | plus);
            long hMinus = plus & xh;
            if ((hPlus & last) != 0) {
                score++;
            } else if ((hMinus & last) != 0) {
                score--;
            }
            hPlus = (hPlus << 1) | 1L;
            hMinus <<= 1;
            plus = hMinus | ~(xv | hPlus);
            minus = hPlus & xv;
        }
        return score;
    }

    /** Whether {@code a} and {@code b} differ by at most one character beyond confusions: {@code distance <= 1}. */
    public static boolean similar(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        int n = shorter.length();
        int i = 0;
        while (i < n && sameClass(shorter.charAt(i), longer.charAt(i))) {
            i++;
        }
        if (i == n) {
            return longer.length() - n <= 1;
        }
        if (longer.length() == n) {
            return sameClassFrom(shorter, i + 1, longer, i + 1);
        }
        return longer.length() == n + 1 && sameClassFrom(shorter, i, longer, i + 1);
    }

    /**
     * Whether {@code read} is what a plate reader makes of {@code plate}: the same text up to confusions, or with one
     * character missing or extra. Unlike {@link #similar}, one plainly different character is not a misread: on a
     * dense plate space it would make nearly every passing car look like some listed one.
     */
    public static boolean misread(String read, String plate) {
        int difference = read.length() - plate.length();
        if (difference == 0) {
            for (int i = 0; i < read.length(); i++) {
                if (!sameClass(read.charAt(i), plate.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        return (difference == 1 || difference == -1) && similar(read, plate);
    }

    /**
     * The keys to look up to find every stored read that is {@code normalised} up to confusions and at most one
     * character missing: {@link #key} first, then the key with each single character deleted, each once.
     */
    public static List<String> keyNeighbours(String normalised) {
        String key = key(normalised);
        int n = key.length();
        String[] keys = new String[n + 1];
        int count = 0;
        keys[count++] = key;
        for (int i = 0; n > 1 && i < n; i++) {
            // deleting any character of a run of equal ones gives the same key
            if (i > 0 && key.charAt(i) == key.charAt(i - 1)) {
                continue;
            }
            keys[count++] = new StringBuilder(n - 1).append(key, 0, i).append(key, i + 1, n).toString();
        }
        return List.of(Arrays.copyOf(keys, count));
    }

    private static boolean sameClass(char a, char b) {
        return classOf(a) == classOf(b);
    }

    private static boolean sameClassFrom(String a, int fromA, String b, int fromB) {
        if (a.length() - fromA != b.length() - fromB) {
            return false;
        }
        for (int i = fromA, j = fromB; i < a.length(); i++, j++) {
            if (!sameClass(a.charAt(i), b.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** Bit i set where {@code pattern[i]} is in class {@code cls}. */
    private static long matchMask(String pattern, char cls) {
        long mask = 0L;
        for (int i = 0; i < pattern.length(); i++) {
            if (classOf(pattern.charAt(i)) == cls) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /** The textbook dynamic programme, for strings too long for one machine word. */
    private static int distanceByTable(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (sameClass(a.charAt(i - 1), b.charAt(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
