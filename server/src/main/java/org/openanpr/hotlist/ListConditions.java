package org.openanpr.hotlist;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
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

    /** Days (null: every day) and a time of day range; {@code to} before {@code from} runs over midnight. */
    public record Hours(List<DayOfWeek> days, LocalTime from, LocalTime to, String zone) {
        /** The zone the hours are meant in; Dutch time unless the list says otherwise. */
        public ZoneId zoneId() {
            return ZoneId.of(zone == null ? "Europe/Amsterdam" : zone);
        }
    }
}
