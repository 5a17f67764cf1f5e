package org.openanpr.hotlist;

import java.util.List;
import java.util.Locale;

/** A reference list as sent to {@code POST /api/v1/lists}, before validation. */
public record ListInput(
        String name,
        String category,
        String purpose,
        String legalBasis,
        String organisation,
        String source,
        String instruction,
        Integer priority,
        Boolean fuzzy,
        Integer hitRetentionDays,
        Boolean historicalSearch,
        ListConditions conditions) {

    /** Hits of a list that says nothing are kept as long as the passages around them may be: 28 days. */
    static final int DEFAULT_HIT_RETENTION_DAYS = 28;

    public ReferenceList validate() {
        ListCategory cat = category(category);
        int retention = hitRetentionDays == null ? DEFAULT_HIT_RETENTION_DAYS : hitRetentionDays;
        if (retention < 1 || retention > 3650) throw new IllegalArgumentException("hitRetentionDays: must be 1..3650");
        int prio = priority == null ? 0 : priority;
        if (prio < 0 || prio > 100) throw new IllegalArgumentException("priority: must be 0..100");
        ListConditions cond = conditions == null ? ListConditions.NONE : validate(conditions);
        return new ReferenceList(0, required("name", name, 200), cat, required("purpose", purpose, 2000),
                required("legalBasis", legalBasis, 2000), required("organisation", organisation, 100),
                required("source", source, 200),
                instruction == null || instruction.isBlank() ? cat.defaultInstruction() : limited("instruction", instruction, 2000),
                prio, fuzzy != null && fuzzy, retention, historicalSearch != null && historicalSearch, cond, 0, null);
    }

    private static ListCategory category(String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException("category: required, one of " + List.of(ListCategory.values()));
        try {
            return ListCategory.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("category: '" + value + "' is not one of " + List.of(ListCategory.values()));
        }
    }

    private static ListConditions validate(ListConditions c) {
        for (String d : c.directions())
            if (d == null || d.isBlank() || d.length() > 40) throw new IllegalArgumentException("conditions.directions: blank or too long");
        if (c.hours() != null) {
            ListConditions.Hours h = c.hours();
            if (h.from() == null || h.to() == null) throw new IllegalArgumentException("conditions.hours: from and to are required (HH:mm)");
            if (h.days() != null && h.days().isEmpty()) throw new IllegalArgumentException("conditions.hours.days: leave out for every day, or name at least one");
            try {
                h.zoneId();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("conditions.hours.zone: unknown time zone '" + h.zone() + "'");
            }
        }
        if (c.area() != null) {
            if (c.area().size() < 3) throw new IllegalArgumentException("conditions.area: a polygon needs at least 3 [lat, lon] points");
            for (List<Double> p : c.area())
                if (p == null || p.size() != 2 || p.get(0) == null || p.get(1) == null
                        || Math.abs(p.get(0)) > 90 || Math.abs(p.get(1)) > 180)
                    throw new IllegalArgumentException("conditions.area: each point is [lat, lon] within range");
        }
        return c;
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": required");
        return limited(field, value, max);
    }

    private static String limited(String field, String value, int max) {
        if (value.length() > max) throw new IllegalArgumentException(field + ": longer than " + max + " characters");
        return value.trim();
    }
}
