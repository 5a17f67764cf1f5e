package org.openanpr.hotlist;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one reference list matches: whether it forgives misreads, how it ranks, and the conditions under which it hits
 * at all.
 *
 * @param fuzzy      whether reads that differ by OCR confusions and one more character hit too (see
 *                   {@link MatchKind#FUZZY}); for patterns with wildcards, confusions only
 * @param priority   higher ranks first among the matches of one read
 * @param directions directions of travel the list hits in, compared without regard to case; empty for any, and a
 *                   read without a direction does not hit a list with directions
 * @param window     when the list hits; {@code null} for always
 * @param area       where the list hits; {@code null} for anywhere, and a read without a position does not hit a
 *                   list with an area
 */
public record ListRules(long listId, boolean fuzzy, int priority, Set<String> directions, TimeWindow window,
                        Area area) {

    public ListRules {
        directions = directions == null ? Set.of() : directions.stream().map(ListRules::checkedDirection)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A list without conditions. */
    public static ListRules of(long listId, boolean fuzzy, int priority) {
        return new ListRules(listId, fuzzy, priority, Set.of(), null, null);
    }

    public ListRules withDirections(String... newDirections) {
        return new ListRules(listId, fuzzy, priority, Set.copyOf(Arrays.asList(newDirections)), window, area);
    }

    public ListRules withWindow(TimeWindow newWindow) {
        return new ListRules(listId, fuzzy, priority, directions, newWindow, area);
    }

    public ListRules withArea(Area newArea) {
        return new ListRules(listId, fuzzy, priority, directions, window, newArea);
    }

    /** Whether the list's conditions hold for {@code sighting}; the plate is not looked at. */
    public boolean admits(Sighting sighting) {
        if (!directions.isEmpty() && (sighting.direction() == null || !directions.contains(sighting.direction()))) {
            return false;
        }
        if (window != null && !window.contains(sighting.time())) {
            return false;
        }
        return area == null || sighting.lat() != null && area.contains(sighting.lat(), sighting.lon());
    }

    private static String checkedDirection(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("a direction must not be blank");
        }
        return Sighting.direction(raw);
    }
}
