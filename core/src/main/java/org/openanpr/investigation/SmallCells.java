package org.openanpr.investigation;

/**
 * Small-cell suppression for traffic statistics: a count of distinct vehicles from 1 to {@value #MIN_VEHICLES} - 1 is
 * not shown, so that no figure singles out a vehicle (a count of one at a quiet camera is one known car). Zero is
 * shown: it says no vehicle was there and points at none. Parts shown next to their whole (domestic, foreign, unknown
 * country) are suppressed further until the hidden parts add up to nothing or to at least {@value #MIN_VEHICLES}, so
 * that no small part is the whole minus the others.
 */
public final class SmallCells {
    public static final int MIN_VEHICLES = 5;

    private SmallCells() {
    }

    public static boolean small(long vehicles) {
        return vehicles > 0 && vehicles < MIN_VEHICLES;
    }

    /** The count as it may be shown; null when suppressed. */
    public static Long shown(long vehicles) {
        return small(vehicles) ? null : vehicles;
    }

    /**
     * The parts of a whole as they may be shown (null: suppressed): each small part, then the smallest shown non-zero
     * parts until what is hidden is zero or at least {@value #MIN_VEHICLES}. All are hidden when the whole is small.
     */
    public static Long[] parts(long... parts) {
        Long[] out = new Long[parts.length];
        long whole = 0;
        for (long p : parts) whole += p;
        if (small(whole)) return out;
        long hidden = 0;
        for (int i = 0; i < parts.length; i++) {
            if (small(parts[i])) hidden += parts[i];
            else out[i] = parts[i];
        }
        while (small(hidden)) {
            int next = -1;
            for (int i = 0; i < parts.length; i++)
                if (out[i] != null && out[i] > 0 && (next < 0 || out[i] < out[next])) next = i;
            if (next < 0) break;
            hidden += out[next];
            out[next] = null;
        }
        return out;
    }

    /** {@code part / whole} when the part is shown and the whole is not zero; null otherwise (a share would tell the part). */
    public static Double share(Long part, long whole) {
        return part == null || whole == 0 ? null : part / (double) whole;
    }
}
