package org.openanpr.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Hours of the day on the local clock, {@code from} inclusive to {@code to} exclusive; {@code from} after {@code to}
 * runs past midnight (22:00–06:00 is a night). Local, so a night keeps its hours across a DST change.
 */
public record LocalHours(LocalTime from, LocalTime to) {
    public static final LocalHours ALL_DAY = new LocalHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public LocalHours {
        if (from == null || to == null) throw new IllegalArgumentException("hours: from and to required");
    }

    public boolean allDay() {
        return from.equals(to);
    }

    public boolean contains(Instant t, ZoneId zone) {
        if (allDay()) return true;
        LocalTime local = t.atZone(zone).toLocalTime();
        return from.isBefore(to) ? !local.isBefore(from) && local.isBefore(to) : !local.isBefore(from) || local.isBefore(to);
    }

    /** The local date on which the period holding {@code t} began: a sighting at 02:00 belongs to the night before. */
    public LocalDate dayOf(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        boolean afterMidnight = from.isAfter(to) && local.toLocalTime().isBefore(to);
        return afterMidnight ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }
}
