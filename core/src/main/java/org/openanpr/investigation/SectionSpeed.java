package org.openanpr.investigation;

import java.time.Duration;
import java.time.Instant;

/**
 * Section speed control (trajectcontrole): the average speed between an entry and an exit camera over the road
 * distance between them, corrected as the Dutch Public Prosecution Service (OM) does before it fines: 3 km/h off a
 * measured speed up to 100 km/h, 3 % above, the result rounded down to a whole km/h. A violation is a corrected speed
 * above the limit plus the section's own enforcement margin (0 unless the organisation sets one).
 *
 * @param distanceMetres the road distance from entry to exit camera, as surveyed; positive
 * @param limitKmh       the speed limit over the whole section
 * @param marginKmh      kilometres per hour over the limit tolerated on top of the correction (handhavingsgrens)
 */
public record SectionSpeed(double distanceMetres, int limitKmh, int marginKmh) {
    /** The correction's two parts: a fixed part up to {@link #CORRECTION_SWITCH_KMH}, a percentage above it. */
    public static final double CORRECTION_KMH = 3;
    public static final double CORRECTION_PERCENT = 3;
    public static final double CORRECTION_SWITCH_KMH = 100;

    public SectionSpeed {
        if (!(distanceMetres > 0) || distanceMetres > 100_000)
            throw new IllegalArgumentException("distanceMetres: the road distance between the cameras, over 0 and at most 100 km");
        if (limitKmh < 5 || limitKmh > 200) throw new IllegalArgumentException("limitKmh: between 5 and 200");
        if (marginKmh < 0 || marginKmh > 50) throw new IllegalArgumentException("marginKmh: between 0 and 50");
    }

    public enum Outcome {
        /** Corrected speed above limit plus margin. */
        VIOLATION,
        /** Within the limit after correction. */
        WITHIN_LIMIT,
        /** The exit's time is not after the entry's: a clock is off, or these are not one journey. Never a violation. */
        EXIT_NOT_AFTER_ENTRY
    }

    /**
     * @param elapsed     exit time minus entry time
     * @param measuredKmh distance over elapsed time, unrounded (null when the exit is not after the entry)
     * @param correctedKmh measured minus the OM correction, rounded down
     */
    public record Measurement(Outcome outcome, Duration elapsed, Double measuredKmh, Integer correctedKmh, String calculation) {
        public boolean violation() {
            return outcome == Outcome.VIOLATION;
        }
    }

    /** The OM's correction of a measured speed, rounded down to whole km/h. */
    public static int corrected(double measuredKmh) {
        double correction = measuredKmh <= CORRECTION_SWITCH_KMH ? CORRECTION_KMH : measuredKmh * CORRECTION_PERCENT / 100;
        // A tiny epsilon keeps an exact figure (80.0 from 8000 m in 360 s) from flooring to 79 through binary rounding.
        return (int) Math.floor(measuredKmh - correction + 1e-9);
    }

    public Measurement measure(Instant entry, Instant exit) {
        Duration elapsed = Duration.between(entry, exit);
        if (elapsed.isNegative() || elapsed.isZero())
            return new Measurement(Outcome.EXIT_NOT_AFTER_ENTRY, elapsed, null, null,
                    "exit " + exit + " is not after entry " + entry + ": no speed can be computed");
        double seconds = elapsed.toNanos() / 1e9;
        double measured = distanceMetres / seconds * 3.6;
        int corrected = corrected(measured);
        String calculation = String.format(java.util.Locale.ROOT,
                "%.0f m in %.3f s = %.2f km/h; OM correction %s = %d km/h; limit %d km/h%s",
                distanceMetres, seconds, measured,
                measured <= CORRECTION_SWITCH_KMH ? "-3 km/h" : "-3%", corrected, limitKmh,
                marginKmh > 0 ? " + margin " + marginKmh + " km/h" : "");
        Outcome outcome = corrected > limitKmh + marginKmh ? Outcome.VIOLATION : Outcome.WITHIN_LIMIT;
        return new Measurement(outcome, elapsed, measured, corrected, calculation);
    }

    /**
     * The longest plausible journey over the section: at a crawl of 5 km/h, or at least an hour. An entry longer ago is
     * not the same journey (the vehicle stopped, or left and came back), so it is not looked for.
     */
    public Duration longestJourney() {
        long seconds = (long) Math.ceil(distanceMetres / (5 / 3.6));
        return Duration.ofSeconds(Math.max(seconds, 3600));
    }
}
