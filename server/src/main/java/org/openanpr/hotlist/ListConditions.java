package org.openanpr.hotlist;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/**
 * Optional limits on when a list hits, as the list manager writes them: directions of travel (empty: any), days and
 * hours in a time zone (null: always), an area as a polygon of [lat, lon] points (null: anywhere).
 */
public record ListConditions(List<String> directions, Hours hours, List<List<Double>> area) {
    public static final ListConditions NONE = new ListConditions(List.of(), null, null);

    public ListConditions {
        directions = directions == null ? List.of() : List.copyOf(directions);
    }

    /** Days and a time of day range; {@code to} before {@code from} runs over midnight. */
    public record Hours(List<DayOfWeek> days, LocalTime from, LocalTime to, String zone) {
    }
}
