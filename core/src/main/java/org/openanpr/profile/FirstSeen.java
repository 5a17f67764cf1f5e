package org.openanpr.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "First seen at the tagged places at unusual hours": a vehicle that was not seen at any of the places in the
 * {@code lookBack} before the run's window, and whose first passage there in the window falls within {@code hours} on
 * the local clock (a car new to a residential area, arriving at 03:00). At least {@code minSightings} of its passages
 * from the first on must be within the hours; more raise the score. The look-back is read before the window
 * ({@link #lookBack()}), so a resident who also comes home at night but was seen last week is not new.
 */
public record FirstSeen(Set<String> placeTags, LocalHours hours, Duration lookBack, int minSightings) implements PatternRule {
    public FirstSeen {
        placeTags = Set.copyOf(placeTags);
        if (placeTags.isEmpty()) throw new IllegalArgumentException("placeTags: at least one");
        if (hours == null || hours.allDay()) throw new IllegalArgumentException("hours: required, and not the whole day");
        if (lookBack.compareTo(Duration.ofDays(1)) < 0 || lookBack.compareTo(Duration.ofDays(28)) > 0)
            throw new IllegalArgumentException("lookBackDays: between 1 and 28");
        if (minSightings < 1 || minSightings > 20) throw new IllegalArgumentException("minSightings: between 1 and 20");
    }

    /** With no window start given, every passage handed over is in the window: the first of them is the first seen. */
    @Override
    public Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone) {
        return evaluate(plate, seen, zone, Instant.MIN);
    }

    @Override
    public Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone, Instant windowStart) {
        if (seen.isEmpty()) return Optional.empty();
        List<PlaceSighting> sorted = seen.stream().sorted(Comparator.comparing((PlaceSighting s) -> s.sighting().time())).toList();
        PlaceSighting first = sorted.getFirst();
        Instant at = first.sighting().time();
        // seen in the look-back before the window: not new here
        if (at.isBefore(windowStart)) return Optional.empty();
        if (!hours.contains(at, zone)) return Optional.empty();
        List<PlaceSighting> inHours = new ArrayList<>();
        for (PlaceSighting s : sorted) if (hours.contains(s.sighting().time(), zone)) inHours.add(s);
        if (inHours.size() < minSightings) return Optional.empty();
        String local = at.atZone(zone).toLocalDateTime().toString().replace('T', ' ');
        return Optional.of(new Candidate(plate, inHours.size() / (double) minSightings, "first seen " + local + " at " + first.place()
                + ", not in the " + lookBack.toDays() + " days before; " + inHours.size() + " passage(s) " + hours.from() + "–" + hours.to(),
                inHours));
    }

    @Override
    public Duration lookBack() {
        return lookBack;
    }
}
