package org.openanpr.demo;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Plate strings in the real formats of the countries whose vehicles show up on Utrecht's roads. */
final class Plates {
    /** Dutch sidecode formats, index + 1 = sidecode; X is a letter, 9 a digit. */
    static final List<String> SIDECODES = List.of(
            "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9",
            "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9");

    /**
     * Rough share of each sidecode in today's Dutch car park: cars from the 1990s-2010s (7-11) dominate, the
     * newest sidecodes grow each year, the oldest survive as classics.
     */
    private static final double[] SIDECODE_WEIGHTS = {
            0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 9, 12, 17, 14, 18, 10, 9, 5};

    /** The RDW leaves out vowels (they spell words) and C/Q (confusable with G/O/0). */
    static final String DUTCH_LETTERS = "BDFGHJKLNPRSTVXZ";

    /** Letter groups the RDW does not issue for their political or offensive meaning. */
    private static final Set<String> DUTCH_BANNED = Set.of(
            "SS", "SD", "NSB", "PVV", "VVD", "SGP", "GVD", "KKK", "PKK", "TBS", "KVT", "LPF");

    /** Districts near the border and big cities: the German plates one actually sees around Utrecht. */
    private static final String[] GERMAN_DISTRICTS = {
            "KLE", "BOR", "MS", "D", "K", "E", "DU", "WES", "VIE", "AC", "EMS", "COE", "GE", "OB", "NE", "KR",
            "HH", "B", "M", "F", "S"};

    private static final String FRENCH_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ";   // SIV: no I, O, U
    private static final String BRITISH_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY";  // no I, Q, Z
    private static final String[] BRITISH_AREAS = {"LA", "LB", "LC", "MA", "BD", "YA", "WA", "GN", "KP", "SN"};

    private Plates() {
    }

    static int dutchSidecode(RandomGenerator rng) {
        return 1 + weightedIndex(SIDECODE_WEIGHTS, rng);
    }

    static String dutch(int sidecode, RandomGenerator rng) {
        String format = SIDECODES.get(sidecode - 1);
        while (true) {
            StringBuilder plate = new StringBuilder(format.length());
            for (char f : format.toCharArray()) {
                plate.append(switch (f) {
                    case 'X' -> pick(DUTCH_LETTERS, rng);
                    case '9' -> (char) ('0' + rng.nextInt(10));
                    default -> f;
                });
            }
            String candidate = plate.toString();
            if (!bannedDutch(candidate)) return candidate;
        }
    }

    /** Belgian format since 2010: 1-ABC-123 (a leading 2 since the 1-series ran out). */
    static String belgian(RandomGenerator rng) {
        return (rng.nextDouble() < 0.85 ? "1" : "2") + "-" + letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3, rng)
                + "-" + String.format("%03d", rng.nextInt(1000));
    }

    /** German: district, one or two letters, one to four digits, eight characters at most. */
    static String german(RandomGenerator rng) {
        String district = GERMAN_DISTRICTS[rng.nextInt(GERMAN_DISTRICTS.length)];
        int letterCount = 1 + rng.nextInt(2);
        int digitCount = Math.min(1 + rng.nextInt(4), 8 - district.length() - letterCount);
        int number = 1 + rng.nextInt((int) Math.pow(10, digitCount) - 1);
        return district + " " + letters("ABCDEFGHIJKLMNOPRSTUVWXYZ", letterCount, rng) + " " + number;
    }

    /** French SIV format AB-123-CD. */
    static String french(RandomGenerator rng) {
        return letters(FRENCH_LETTERS, 2, rng) + "-" + String.format("%03d", 1 + rng.nextInt(999)) + "-"
                + letters(FRENCH_LETTERS, 2, rng);
    }

    /** Current British format: area code, age identifier (March or September of a year), three letters. */
    static String british(RandomGenerator rng) {
        int year = 15 + rng.nextInt(10);
        int age = rng.nextBoolean() ? year : year + 50;
        return BRITISH_AREAS[rng.nextInt(BRITISH_AREAS.length)] + age + " " + letters(BRITISH_LETTERS, 3, rng);
    }

    /** Cameras send letters and digits only. */
    static String wire(String plate) {
        StringBuilder out = new StringBuilder(plate.length());
        for (int i = 0; i < plate.length(); i++) {
            char c = plate.charAt(i);
            if (Character.isLetterOrDigit(c)) out.append(c);
        }
        return out.toString();
    }

    static int weightedIndex(double[] weights, RandomGenerator rng) {
        double total = 0;
        for (double w : weights) total += w;
        double r = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    private static boolean bannedDutch(String plate) {
        for (String group : plate.split("-")) {
            for (String banned : DUTCH_BANNED) {
                if (group.contains(banned)) return true;
            }
        }
        return false;
    }

    private static String letters(String alphabet, int count, RandomGenerator rng) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) out.append(pick(alphabet, rng));
        return out.toString();
    }

    private static char pick(String alphabet, RandomGenerator rng) {
        return alphabet.charAt(rng.nextInt(alphabet.length()));
    }
}
