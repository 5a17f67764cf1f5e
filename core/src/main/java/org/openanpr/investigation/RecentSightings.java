package org.openanpr.investigation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last confident sighting of each plate, in memory and bounded, so that the read pipeline can compare a read with
 * the plate's previous one without a database lookup per read. Entries older than {@code horizon} (counted from the
 * newest sighting seen) are dropped, and over {@code maxPlates} the least recently seen go first. A sighting that is
 * older than the one kept is compared but does not replace it (late deliveries).
 */
public final class RecentSightings {
    private final Duration horizon;
    private final int maxPlates;
    private final LinkedHashMap<String, CloneCheck.Seen> byPlate = new LinkedHashMap<>(16, 0.75f, true);
    private Instant newest = Instant.MIN;

    public RecentSightings(Duration horizon, int maxPlates) {
        if (horizon == null || horizon.isNegative() || horizon.isZero()) throw new IllegalArgumentException("horizon: positive");
        if (maxPlates < 1) throw new IllegalArgumentException("maxPlates: at least 1");
        this.horizon = horizon;
        this.maxPlates = maxPlates;
    }

    /** A pair of sightings of one plate: the one kept before, and the new one. */
    public record Pair(String plate, CloneCheck.Seen earlier, CloneCheck.Seen later) {
    }

    /**
     * Records the sightings (plate → seen, in order) and returns, for each, the plate's sighting kept before it within
     * the horizon, as pairs in time order.
     */
    public synchronized List<Pair> record(List<Map.Entry<String, CloneCheck.Seen>> sightings) {
        List<Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, CloneCheck.Seen> e : sightings) {
            CloneCheck.Seen seen = e.getValue();
            Instant at = seen.sighting().time();
            if (at.isAfter(newest)) newest = at;
            // one lookup for a plate not seen before, a second only to replace the sighting kept
            CloneCheck.Seen before = byPlate.putIfAbsent(e.getKey(), seen);
            if (before == null) continue;
            if (Duration.between(before.sighting().time(), at).abs().compareTo(horizon) <= 0) {
                boolean later = !at.isBefore(before.sighting().time());
                pairs.add(later ? new Pair(e.getKey(), before, seen) : new Pair(e.getKey(), seen, before));
                if (later) byPlate.put(e.getKey(), seen);
            } else if (at.isAfter(before.sighting().time())) {
                byPlate.put(e.getKey(), seen);
            }
        }
        trim();
        return pairs;
    }

    public synchronized int size() {
        return byPlate.size();
    }

    /**
     * Drops, from the least recently seen on, plates over {@code maxPlates} and plates last seen before the horizon; it
     * stops at the first plate that may stay, so a full memory costs what it drops, not a scan of a million plates.
     */
    private void trim() {
        Instant cutoff = newest.minus(horizon);
        Iterator<CloneCheck.Seen> leastRecentFirst = byPlate.values().iterator();
        while (leastRecentFirst.hasNext()) {
            CloneCheck.Seen eldest = leastRecentFirst.next();
            if (byPlate.size() <= maxPlates && !eldest.sighting().time().isBefore(cutoff)) return;
            leastRecentFirst.remove();
        }
    }
}
