package org.openanpr.demo;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Traffic intensity over the day, as a multiplier with a daily mean of 1. The shape is that of a Dutch urban
 * motorway on a working day: a sharp morning peak, a broader evening peak, a deep night trough.
 */
final class DayProfile {
    /** Share of the day's traffic per clock hour (0-1, 1-2, ...), in percent. */
    private static final double[] HOURLY_PERCENT = {
            1.0, 0.6, 0.45, 0.4, 0.55, 1.3, 3.4, 6.6, 7.3, 5.8, 5.0, 5.1,
            5.3, 5.4, 5.8, 6.5, 7.4, 7.7, 5.9, 4.2, 3.3, 2.8, 2.2, 1.5};

    /** Night never drops below this share of the mean, so a demo opened at 3 a.m. still shows traffic. */
    static final double FLOOR = 0.15;

    private final ZoneId zone;
    private final double[] hourly = new double[24];
    private final double max;

    DayProfile(ZoneId zone) {
        this.zone = zone;
        double mean = 0;
        for (double p : HOURLY_PERCENT) mean += p / 24;
        double floored = 0;
        for (int h = 0; h < 24; h++) {
            hourly[h] = Math.max(HOURLY_PERCENT[h] / mean, FLOOR);
            floored += hourly[h] / 24;
        }
        double m = 0;
        for (int h = 0; h < 24; h++) {
            hourly[h] /= floored;
            m = Math.max(m, hourly[h]);
        }
        this.max = m;
    }

    /**
     * Linear between the midpoints of the hours: no jumps on the hour in a live view, and the integral over the
     * day is unchanged, so the daily mean stays 1.
     */
    double at(Instant time) {
        LocalTime t = time.atZone(zone).toLocalTime();
        double x = t.toSecondOfDay() / 3600.0 - 0.5;
        int i = (int) Math.floor(x);
        double f = x - i;
        return hourly[Math.floorMod(i, 24)] * (1 - f) + hourly[Math.floorMod(i + 1, 24)] * f;
    }

    double max() {
        return max;
    }
}
