package org.openanpr.profile;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * "At tagged places within {@code hours} on at least {@code minNights} nights of any {@code periodDays} days, each
 * night with {@code minSightings} sightings at {@code minPlaces} distinct places": the border shuttle (out and back
 * across the border at night, several times a week). A night is the local date its hours began on, so 23:50 and 00:20
 * are one night and a night across a DST change keeps its local hours.
 */
public record RepeatedNights(Set<String> placeTags, LocalHours hours, int minNights, int periodDays, int minSightings, int minPlaces)
        implements PatternRule {
    public RepeatedNights {
        placeTags = Set.copyOf(placeTags);
        if (placeTags.isEmpty()) throw new IllegalArgumentException("placeTags: at least one");
        if (hours == null) throw new IllegalArgumentException("hours: required");
        if (periodDays < 1 || periodDays > 31) throw new IllegalArgumentException("periodDays: between 1 and 31");
        if (minNights < 1 || minNights > periodDays) throw new IllegalArgumentException("minNights: between 1 and periodDays");
        if (minSightings < 1 || minSightings > 20) throw new IllegalArgumentException("minSightingsPerNight: between 1 and 20");
        if (minPlaces < 1 || minPlaces > minSightings) throw new IllegalArgumentException("minPlacesPerNight: between 1 and minSightingsPerNight");
    }

    @Override
    public Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone) {
        Map<LocalDate, List<PlaceSighting>> byNight = new TreeMap<>();
        for (PlaceSighting s : seen)
            if (hours.contains(s.sighting().time(), zone))
                byNight.computeIfAbsent(hours.dayOf(s.sighting().time(), zone), d -> new ArrayList<>()).add(s);
        List<LocalDate> nights = new ArrayList<>();
        byNight.forEach((night, at) -> {
            if (at.size() >= minSightings && at.stream().map(PlaceSighting::place).distinct().count() >= minPlaces) nights.add(night);
        });
        int best = 0;
        int bestFrom = 0;
        int bestTo = 0;
        for (int i = 0, j = 0; i < nights.size(); i++) {
            LocalDate last = nights.get(i).plusDays(periodDays - 1L);
            while (j < nights.size() && !nights.get(j).isAfter(last)) j++;
            if (j - i > best) {
                best = j - i;
                bestFrom = i;
                bestTo = j;
            }
        }
        if (best < minNights) return Optional.empty();
        List<PlaceSighting> evidence = new ArrayList<>();
        for (int k = bestFrom; k < bestTo; k++) {
            List<PlaceSighting> at = new ArrayList<>(byNight.get(nights.get(k)));
            at.sort(java.util.Comparator.comparing(s -> s.sighting().time()));
            evidence.addAll(at);
        }
        return Optional.of(new Candidate(plate, best / (double) minNights, best + " nights within " + periodDays + " days (from "
                + nights.get(bestFrom) + "), " + hours.from() + "–" + hours.to(), evidence));
    }
}
