package org.openanpr.investigation;

import java.time.Duration;

/**
 * Whether one plate seen at two places could have been one vehicle: the straight-line distance between the sightings,
 * less a distance margin (cameras a few hundred metres apart, position error), over the time between them, plus a
 * time margin (camera clocks off by minutes), must not need more than {@code maxKmh}. Both margins work in the
 * vehicle's favour: only a journey impossible even so is a clone suspect. Straight-line distance is shorter than any
 * road, which favours it too.
 *
 * @param maxKmh        the fastest plausible average speed between cameras
 * @param marginMetres  subtracted from the distance
 * @param clockMargin   added to the time between the sightings
 */
public record ImpossibleTravel(double maxKmh, double marginMetres, Duration clockMargin) {
    public static final ImpossibleTravel DEFAULT = new ImpossibleTravel(200, 1_000, Duration.ofMinutes(5));

    public ImpossibleTravel {
        if (!(maxKmh >= 30 && maxKmh <= 1000)) throw new IllegalArgumentException("maxKmh: between 30 and 1000");
        if (!(marginMetres >= 0 && marginMetres <= 100_000)) throw new IllegalArgumentException("marginMetres: between 0 and 100 km");
        if (clockMargin == null || clockMargin.isNegative() || clockMargin.compareTo(Duration.ofHours(2)) > 0)
            throw new IllegalArgumentException("clockMargin: between 0 and 2 hours");
    }

    /**
     * @param neededKmh the average speed the journey needs with both margins applied (infinite when none is left of the
     *                  time)
     * @param rule      the margins and the speed limit it was judged by
     */
    public record Verdict(boolean impossible, double metres, Duration between, double neededKmh, ImpossibleTravel rule) {
        /**
         * The calculation in words, for the suspect's record. Written only when asked: the clone stage judges every
         * plate seen again within two hours, most of them plausible journeys whose words nobody reads.
         */
        public String calculation() {
            return String.format(java.util.Locale.ROOT,
                    "%.0f m apart (less %.0f m margin) in %d s (plus %d s clock margin) needs %.0f km/h; plausible at most %.0f km/h",
                    metres, rule.marginMetres(), between.toSeconds(), rule.clockMargin().toSeconds(), neededKmh, rule.maxKmh());
        }
    }

    /** Null when either sighting has no position: nothing can be said. */
    public Verdict check(Sighting a, Sighting b) {
        Double metres = a.metresTo(b);
        if (metres == null) return null;
        Duration between = Duration.between(a.time(), b.time()).abs();
        double distance = Math.max(0, metres - marginMetres);
        double seconds = between.plus(clockMargin).toNanos() / 1e9;
        double needed = distance == 0 ? 0 : seconds == 0 ? Double.POSITIVE_INFINITY : distance / seconds * 3.6;
        return new Verdict(needed > maxKmh, metres, between, needed, this);
    }
}
