package org.openanpr.demo;

import java.util.random.RandomGenerator;

/**
 * How ANPR cameras get plates wrong. Field studies put correct whole-plate reads at 90-94 %; the errors are
 * mostly look-alike characters, sometimes a character lost or a bolt or dirt read as an extra one. Back-office
 * features such as fuzzy search and trip matching only make sense when the demo has these errors.
 */
final class OcrNoise {
    static final double CORRECT_SHARE = 0.92;

    private static final String[] CONFUSABLE = {"0ODQ", "1IL", "2Z", "5S", "8B", "6G"};

    private OcrNoise() {
    }

    /** A plate that differs from {@code truth}: one look-alike swapped (most often), or one character lost or added. */
    static String misread(String truth, RandomGenerator rng) {
        double kind = rng.nextDouble();
        if (kind < 0.70) {
            String swapped = swapLookAlike(truth, rng);
            if (swapped != null) return swapped;
        }
        if (kind < 0.85 && truth.length() > 2) {
            int at = rng.nextInt(truth.length());
            return truth.substring(0, at) + truth.substring(at + 1);
        }
        // An extra character is usually a doubled stroke or a screw read as 1 or I.
        int at = rng.nextInt(truth.length() + 1);
        char extra = rng.nextBoolean() && at > 0 ? truth.charAt(at - 1) : (rng.nextBoolean() ? '1' : 'I');
        return truth.substring(0, at) + extra + truth.substring(at);
    }

    /**
     * Engines are confident about what they read right and less so about errors, but the ranges overlap, which is
     * why a confidence threshold alone cannot filter misreads.
     */
    static double confidence(boolean correct, RandomGenerator rng) {
        double c = correct
                ? 0.99 - Math.abs(rng.nextGaussian() * 0.055)
                : 0.74 + rng.nextGaussian() * 0.11;
        return Math.round(Math.clamp(c, 0.30, 0.995) * 1000) / 1000.0;
    }

    private static String swapLookAlike(String truth, RandomGenerator rng) {
        int[] candidates = new int[truth.length()];
        int n = 0;
        for (int i = 0; i < truth.length(); i++) {
            if (group(truth.charAt(i)) != null) candidates[n++] = i;
        }
        if (n == 0) return null;
        int at = candidates[rng.nextInt(n)];
        char original = truth.charAt(at);
        String group = group(original);
        char replacement;
        do {
            replacement = group.charAt(rng.nextInt(group.length()));
        } while (replacement == original);
        return truth.substring(0, at) + replacement + truth.substring(at + 1);
    }

    private static String group(char c) {
        for (String g : CONFUSABLE) {
            if (g.indexOf(c) >= 0) return g;
        }
        return null;
    }
}
