package org.openanpr.zone;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A zone's rule as data: which vehicles it applies to (European categories, fuels, a mass range; empty means all),
 * from when until when, in which time windows, and the allowances under which a vehicle it applies to may still
 * enter. A vehicle the rule applies to that meets none of the allowances in force commits a violation. A pedestrian
 * area is a rule for every vehicle with no allowances; an environmental zone for old diesels a rule for fuel DIESEL
 * with the allowance "Euro class at least 4"; the Dutch zero-emission zone for vans a rule for N1 with the
 * allowances zero emission, Euro 5 until 2027 and Euro 6 until 2028, each for vans first admitted before 2025.
 *
 * @param windows when the rule is enforced in the zone's time zone; empty: always
 */
public record ZoneRule(String name, Set<String> categories, Set<String> fuels, Integer minMassKg, Integer maxMassKg,
                       LocalDate from, LocalDate until, List<Window> windows, List<Allowance> allowances) {

    /** Days of the week and a time of day; {@code to} before {@code from} runs over midnight. */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Window {
            if (from == null || to == null) throw new IllegalArgumentException("window: from and to required");
            days = days == null ? Set.of() : Set.copyOf(days);
        }

        boolean contains(Instant at, ZoneId zone) {
            return new org.openanpr.hotlist.TimeWindow(days, from, to, zone).contains(at);
        }
    }

    public ZoneRule {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("rule name: required");
        if (name.length() > 200) throw new IllegalArgumentException("rule name: at most 200 characters");
        if (from == null) throw new IllegalArgumentException("rule '" + name + "': from (the first day it is enforced) required");
        if (until != null && !from.isBefore(until)) throw new IllegalArgumentException("rule '" + name + "': until must be after from");
        if (minMassKg != null && minMassKg < 0 || maxMassKg != null && maxMassKg < 0)
            throw new IllegalArgumentException("rule '" + name + "': masses are not negative");
        if (minMassKg != null && maxMassKg != null && minMassKg > maxMassKg)
            throw new IllegalArgumentException("rule '" + name + "': minMassKg above maxMassKg");
        categories = upper(categories);
        fuels = upper(fuels);
        windows = windows == null ? List.of() : List.copyOf(windows);
        allowances = allowances == null ? List.of() : List.copyOf(allowances);
    }

    private static Set<String> upper(Set<String> in) {
        TreeSet<String> out = new TreeSet<>();
        if (in != null) for (String s : in) {
            if (s == null || s.isBlank()) throw new IllegalArgumentException("empty category or fuel");
            out.add(s.strip().toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(out);
    }

    /** Whether the rule is enforced at this moment (its dates and windows, on the zone's clock). */
    public boolean inForce(Instant at, ZoneId zone) {
        return inForce(LocalDate.ofInstant(at, zone), at, zone);
    }

    /** The same, with the moment's day on the zone's clock worked out once by the caller. */
    boolean inForce(LocalDate day, Instant at, ZoneId zone) {
        if (day.isBefore(from) || until != null && !day.isBefore(until)) return false;
        if (windows.isEmpty()) return true;
        for (Window w : windows) if (w.contains(at, zone)) return true;
        return false;
    }

    /** Whether it applies to the vehicle: TRUE, FALSE, or null when the registry lacks a fact it needs. */
    Boolean appliesTo(Vehicle v) {
        boolean unknown = false;
        if (!categories.isEmpty()) {
            if (v.category() == null) unknown = true;
            else if (!categories.contains(v.category())) return false;
        }
        if (!fuels.isEmpty()) {
            if (v.fuels().isEmpty()) unknown = true;
            else if (v.fuels().stream().noneMatch(fuels::contains)) return false;
        }
        if (minMassKg != null || maxMassKg != null) {
            if (v.maxMassKg() == null) unknown = true;
            else if (minMassKg != null && v.maxMassKg() < minMassKg || maxMassKg != null && v.maxMassKg() > maxMassKg) return false;
        }
        return unknown ? null : true;
    }

    /** Whether every vehicle is under this rule (no category, fuel or mass condition), as in a pedestrian area. */
    public boolean everyVehicle() {
        return categories.isEmpty() && fuels.isEmpty() && minMassKg == null && maxMassKg == null;
    }
}
