package org.openanpr.profile;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "At least {@code minPlaces} distinct places within {@code within}, each stay shorter than {@code maxStay}": the
 * hopper (the ITrechter idea: thieves who try car after car at carpool areas and car parks). A visit is a run of
 * consecutive sightings at one place; its stay is from its first to its last sighting, so a car park's entry and exit
 * cameras make one visit however their clocks differ (a place with one camera sees the car in and out). A single
 * sighting is a drive-by, not a stay, and does not count: a road camera tagged as a car park's entrance sees through
 * traffic too. A commuter parks all day: one place, long stays, never a candidate.
 */
public record DistinctPlaces(Set<String> placeTags, int minPlaces, Duration within, Duration maxStay, LocalHours hours)
        implements PatternRule {
    public DistinctPlaces {
        placeTags = Set.copyOf(placeTags);
        if (placeTags.isEmpty()) throw new IllegalArgumentException("placeTags: at least one");
        if (minPlaces < 1 || minPlaces > 50) throw new IllegalArgumentException("minPlaces: between 1 and 50");
        if (within.compareTo(Duration.ofMinutes(10)) < 0 || within.compareTo(Duration.ofDays(7)) > 0)
            throw new IllegalArgumentException("withinHours: at most 168 (a week), at least 10 minutes");
        if (maxStay.compareTo(Duration.ofMinutes(1)) < 0 || maxStay.compareTo(Duration.ofDays(1)) > 0)
            throw new IllegalArgumentException("maxStayMinutes: between 1 and 1440");
        if (hours == null) hours = LocalHours.ALL_DAY;
    }

    record Visit(String place, List<PlaceSighting> seen) {
        Instant start() {
            return seen.getFirst().sighting().time();
        }

        boolean shortStay(Duration maxStay) {
            return seen.size() >= 2 && stay().compareTo(maxStay) < 0;
        }

        Duration stay() {
            return Duration.between(seen.getFirst().sighting().time(), seen.getLast().sighting().time());
        }
    }

    @Override
    public Optional<Candidate> evaluate(String plate, List<PlaceSighting> seen, ZoneId zone) {
        List<PlaceSighting> sorted = seen.stream().filter(s -> hours.contains(s.sighting().time(), zone))
                .sorted(Comparator.comparing((PlaceSighting s) -> s.sighting().time())).toList();
        List<Visit> shortVisits = new ArrayList<>();
        Visit current = null;
        for (PlaceSighting s : sorted) {
            if (current == null || !current.place().equals(s.place())) {
                if (current != null && current.shortStay(maxStay)) shortVisits.add(current);
                current = new Visit(s.place(), new ArrayList<>());
            }
            current.seen().add(s);
        }
        if (current != null && current.shortStay(maxStay)) shortVisits.add(current);
        // the window [start of visit i, + within] with the most distinct places
        int bestPlaces = 0;
        int bestFrom = 0;
        int bestTo = 0;
        for (int i = 0, j = 0; i < shortVisits.size(); i++) {
            Instant end = shortVisits.get(i).start().plus(within);
            while (j < shortVisits.size() && !shortVisits.get(j).start().isAfter(end)) j++;
            Set<String> places = new LinkedHashSet<>();
            for (int k = i; k < j; k++) places.add(shortVisits.get(k).place());
            if (places.size() > bestPlaces) {
                bestPlaces = places.size();
                bestFrom = i;
                bestTo = j;
            }
        }
        if (bestPlaces < minPlaces) return Optional.empty();
        List<PlaceSighting> evidence = new ArrayList<>();
        for (int k = bestFrom; k < bestTo; k++) evidence.addAll(shortVisits.get(k).seen());
        Duration span = Duration.between(shortVisits.get(bestFrom).start(), shortVisits.get(bestTo - 1).seen().getLast().sighting().time());
        return Optional.of(new Candidate(plate, bestPlaces / (double) minPlaces,
                bestPlaces + " distinct places in " + span.toMinutes() + " minutes, each stay under " + maxStay.toMinutes() + " minutes",
                evidence));
    }
}
