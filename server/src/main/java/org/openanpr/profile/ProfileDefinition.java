package org.openanpr.profile;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A profile's definition as JSON, read into its {@link PatternRule}: which rule and its numbers. Anything unknown,
 * missing, of the wrong type or out of range is refused with the field's name (IllegalArgumentException), so a
 * profile that is stored is one that runs.
 * <pre>
 * {"rule":"distinctPlaces","placeTags":["carpool","parking"],"minPlaces":3,"withinHours":4,"maxStayMinutes":30}
 * {"rule":"repeatedNights","placeTags":["border"],"hours":{"from":"22:00","to":"06:00"},"minNights":3,"periodDays":7,
 *  "minSightingsPerNight":2,"minPlacesPerNight":1}
 * {"rule":"firstSeen","placeTags":["residential"],"hours":{"from":"01:00","to":"05:00"},"lookBackDays":28,"minSightings":1}
 * </pre>
 */
public final class ProfileDefinition {
    /** Lower-case words with dashes: what a camera's place may be tagged with. */
    public static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "distinctPlaces", Set.of("rule", "placeTags", "minPlaces", "withinHours", "maxStayMinutes", "hours"),
            "repeatedNights", Set.of("rule", "placeTags", "hours", "minNights", "periodDays", "minSightingsPerNight", "minPlacesPerNight"),
            "firstSeen", Set.of("rule", "placeTags", "hours", "lookBackDays", "minSightings"));

    private ProfileDefinition() {
    }

    public static PatternRule parse(JsonNode d) {
        if (d == null || !d.isObject()) throw new IllegalArgumentException("definition: a JSON object with a rule");
        String rule = d.path("rule").asText(null);
        if (rule == null || !FIELDS.containsKey(rule))
            throw new IllegalArgumentException("definition.rule: one of " + FIELDS.keySet().stream().sorted().toList());
        d.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.get(rule).contains(f)) throw new IllegalArgumentException("definition." + f + ": unknown for rule " + rule);
        });
        Set<String> tags = tags(d.get("placeTags"));
        return switch (rule) {
            case "distinctPlaces" -> new DistinctPlaces(tags, integer(d, "minPlaces", null), Duration.ofHours(integer(d, "withinHours", null)),
                    Duration.ofMinutes(integer(d, "maxStayMinutes", null)), d.has("hours") ? hours(d.get("hours")) : null);
            case "repeatedNights" -> new RepeatedNights(tags, hours(d.get("hours")), integer(d, "minNights", null),
                    integer(d, "periodDays", 7), integer(d, "minSightingsPerNight", 1), integer(d, "minPlacesPerNight", 1));
            case "firstSeen" -> new FirstSeen(tags, hours(d.get("hours")), Duration.ofDays(integer(d, "lookBackDays", 28)),
                    integer(d, "minSightings", 1));
            default -> throw new IllegalStateException(rule);
        };
    }

    private static Set<String> tags(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty() || n.size() > 10)
            throw new IllegalArgumentException("definition.placeTags: an array of 1 to 10 tags");
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode t : n) {
            if (!t.isTextual() || !TAG.matcher(t.asText()).matches())
                throw new IllegalArgumentException("definition.placeTags: each a lower-case word (a-z, 0-9, -), at most 40 characters");
            tags.add(t.asText());
        }
        return tags;
    }

    private static int integer(JsonNode d, String field, Integer defaultValue) {
        JsonNode n = d.get(field);
        if (n == null || n.isNull()) {
            if (defaultValue != null) return defaultValue;
            throw new IllegalArgumentException("definition." + field + ": required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 100_000)
            throw new IllegalArgumentException("definition." + field + ": a whole number");
        return n.asInt();
    }

    private static LocalHours hours(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("from").isTextual() || !n.path("to").isTextual() || n.size() != 2)
            throw new IllegalArgumentException("definition.hours: {\"from\":\"HH:MM\",\"to\":\"HH:MM\"}");
        try {
            return new LocalHours(time(n.get("from").asText()), time(n.get("to").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("definition.hours: times as HH:MM (00:00 to 24:00)");
        }
    }

    private static LocalTime time(String s) {
        return s.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(s);
    }
}
