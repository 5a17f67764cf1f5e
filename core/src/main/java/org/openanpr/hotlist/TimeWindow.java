package org.openanpr.hotlist;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Days of the week and a time of day in a time zone during which a list hits, e.g. Friday and Saturday 22:00-06:00.
 * A window with {@code to} before {@code from} runs over midnight and belongs to the day it opens on: Friday
 * 22:00-06:00 holds Saturday 03:00 but not Friday 03:00. {@code from == to} is a whole day from {@code from}.
 *
 * @param days every day when null or empty
 * @param from the first time of day inside the window
 * @param to   the first time of day after the window (exclusive)
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    private static final Set<DayOfWeek> EVERY_DAY = Set.copyOf(EnumSet.allOf(DayOfWeek.class));

    public TimeWindow {
        days = days == null || days.isEmpty() ? EVERY_DAY : Set.copyOf(days);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
    }

    public boolean contains(Instant time) {
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        LocalTime clock = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return !clock.isBefore(from) && clock.isBefore(to) && days.contains(day);
        }
        if (!clock.isBefore(from)) {
            return days.contains(day);
        }
        return clock.isBefore(to) && days.contains(day.minus(1));
    }
}
