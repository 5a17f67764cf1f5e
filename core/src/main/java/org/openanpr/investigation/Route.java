package org.openanpr.investigation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A vehicle's route: its sightings in time order, cut into legs wherever it went unseen for longer than the gap
 * threshold. Each cut is a {@link Gap}: where it was last seen, where next, how long in between and how far apart
 * (as the crow flies), so that an analyst sees what the route does not tell. Durations are elapsed time between
 * instants: a night with a daylight-saving change counts its real hours.
 */
public record Route(List<Sighting> sightings, List<List<Sighting>> legs, List<Gap> gaps, Duration gapThreshold) {

    /** Time unseen between two consecutive sightings, longer than the threshold. */
    public record Gap(Sighting lastSeen, Sighting nextSeen, Duration unseen, Double metres) {
    }

    /**
     * @param gapThreshold a longer time unseen starts a new leg; positive
     */
    public static Route of(List<Sighting> sightings, Duration gapThreshold) {
        if (gapThreshold == null || gapThreshold.isNegative() || gapThreshold.isZero())
            throw new IllegalArgumentException("gap: a positive duration");
        List<Sighting> ordered = new ArrayList<>(sightings);
        // Ties (two cameras at one place seeing the vehicle at the same second) keep a stable order by camera and id.
        ordered.sort(Comparator.comparing(Sighting::time).thenComparing(Sighting::camera).thenComparing(Sighting::id));
        List<List<Sighting>> legs = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        List<Sighting> leg = new ArrayList<>();
        Sighting previous = null;
        for (Sighting s : ordered) {
            if (previous != null) {
                Duration between = Duration.between(previous.time(), s.time());
                if (between.compareTo(gapThreshold) > 0) {
                    gaps.add(new Gap(previous, s, between, previous.metresTo(s)));
                    legs.add(List.copyOf(leg));
                    leg = new ArrayList<>();
                }
            }
            leg.add(s);
            previous = s;
        }
        if (!leg.isEmpty()) legs.add(List.copyOf(leg));
        return new Route(List.copyOf(ordered), List.copyOf(legs), List.copyOf(gaps), gapThreshold);
    }
}
