package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.Json;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Blue Iris with CodeProject.AI's licence-plate module: the JSON body of Blue Iris's "Web request" alert action, as
 * the open ALPR-Database project documents it: {@code {"ai_dump":&JSON, "Image":"&ALERT_JPEG", "camera":"&CAM",
 * "ALERT_PATH":"&ALERT_PATH", "ALERT_CLIP":"&ALERT_CLIP", "timestamp":"&ALERT_TIME"}}. {@code ai_dump} is the list
 * of CodeProject.AI answers for the alert; the one with {@code "api":"alpr"} carries {@code found.predictions}, each
 * a plate with its confidence (0..1) and box. Older set-ups send {@code "memo":"&MEMO"} ({@code "AB12CD:87%,car:92%"})
 * or one {@code "plate_number":"&PLATE"} instead; both are read too.
 *
 * <p>Blue Iris writes {@code &ALERT_TIME} in the local time of its Windows PC, without a zone: that time is read in
 * the connector's {@code timeZone} setting (default Europe/Amsterdam). Blue Iris fires an alert per trigger, so one
 * car is often posted several times: the same plate at the same camera within the frame window is one read. The
 * read's event id is the camera, the alert's clip/path (or time) and the plate: a re-sent alert is a duplicate.
 *
 * @param zone    where a time without an offset was written
 * @param country the plates' country when the connector is set to one (CodeProject.AI reads no country)
 */
public record BlueIris(ZoneId zone, String country) implements VendorFormat {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Amsterdam");
    /** Labels of CodeProject.AI's object models that share the memo with plates. */
    private static final Set<String> OBJECTS = Set.of("person", "people", "bicycle", "car", "motorcycle", "motorbike",
            "bus", "truck", "vehicle", "boat", "dog", "cat", "bird", "horse", "bear", "deer", "fox", "rabbit", "raccoon",
            "squirrel", "skunk", "plate", "dayplate", "nightplate", "licenseplate", "license plate", "nothing found");
    private static final Pattern EMPTY_MACRO = Pattern.compile("(\"ai_dump\"\\s*:)\\s*(?=[,}])");
    /** How Blue Iris writes a time, depending on its PC's regional settings. */
    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
            pattern("yyyy-MM-dd[ ]['T']HH:mm:ss"),
            pattern("M/d/yyyy h:mm:ss[.SSS] a"),
            pattern("M/d/yyyy H:mm:ss"),
            pattern("d-M-yyyy H:mm:ss"),
            pattern("d.M.yyyy H:mm:ss"));

    public BlueIris {
        zone = zone == null ? DEFAULT_ZONE : zone;
    }

    /** The format with a connector's settings ({@code timeZone}, {@code country}). */
    public static BlueIris of(JsonNode settings) {
        String z = settings == null ? null : Fields.text(settings, "timeZone");
        String c = settings == null ? null : Fields.text(settings, "country");
        ZoneId zone;
        try {
            zone = z == null ? DEFAULT_ZONE : ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("settings.timeZone: '" + Fields.abbreviate(z) + "' is not a time zone (e.g. Europe/Amsterdam)");
        }
        return new BlueIris(zone, VendorFormat.country(c));
    }

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        if (!Fields.isJson(payload))
            throw new UnreadablePayload(415, "Content-Type must be application/json (Blue Iris: the web request's content type), got " + payload.mediaType());
        JsonNode root = body(payload.body());
        String camera = Fields.text(root, "camera");
        String timestamp = Fields.text(root, "timestamp");
        if (timestamp == null)
            throw new UnreadablePayload("timestamp: missing (put \"timestamp\":\"&ALERT_TIME\" in the Blue Iris alert action)");
        Instant time = time(root);
        List<String> notes = new ArrayList<>();
        byte[] image = Images.fromBase64("Image", Fields.text(root, "Image"), notes);
        String alert = first(Fields.text(root, "ALERT_CLIP"), Fields.text(root, "ALERT_PATH"), String.valueOf(time.toEpochMilli()));

        List<Guess> guesses = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        JsonNode dump = aiDump(root.get("ai_dump"));
        if (dump != null) predictions(dump, guesses, skipped);
        else if (Fields.text(root, "memo") != null) memo(Fields.text(root, "memo"), guesses);
        else if (Fields.text(root, "plate_number") != null) guesses.add(new Guess(Fields.plate(Fields.text(root, "plate_number")), null, false));
        else throw new UnreadablePayload("no plate: send \"ai_dump\":&JSON (CodeProject.AI ALPR), \"memo\":\"&MEMO\" or \"plate_number\":\"&PLATE\"");

        List<VendorRead> reads = new ArrayList<>();
        Set<String> plates = new LinkedHashSet<>();
        for (Guess g : guesses) {
            if (g.plate() == null || !plates.add(g.plate())) continue;
            reads.add(new VendorRead(camera, "blueiris/" + camera + "/" + alert + "/" + g.plate(), g.plate(), country,
                    Fields.confidence(g.confidence(), g.percent()), time, null, null, null, image, null, null, null,
                    null, null, null, camera + "/" + g.plate(), notes));
        }
        if (reads.isEmpty() && skipped.isEmpty()) skipped.add("an alert without a plate (no alpr prediction with a plate)");
        return new Decoded(reads, List.of(), skipped);
    }

    private record Guess(String plate, Double confidence, boolean percent) {
    }

    /**
     * The body, also as Blue Iris sends it when CodeProject.AI found nothing: the {@code &JSON} macro expands to
     * nothing and leaves {@code "ai_dump":,} — read as no AI answer.
     */
    private static JsonNode body(byte[] body) throws UnreadablePayload {
        try {
            return Fields.json(body);
        } catch (UnreadablePayload e) {
            String text = Fields.utf8(body);
            String repaired = EMPTY_MACRO.matcher(text).replaceAll("$1null");
            if (repaired.equals(text)) throw e;
            return Fields.json(repaired.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** ai_dump as a list of CodeProject.AI answers: a list, one answer, or the list quoted as a string. */
    private static JsonNode aiDump(JsonNode dump) throws UnreadablePayload {
        if (dump == null || dump.isNull()) return null;
        if (dump.isTextual()) {
            if (dump.asText().isBlank()) return null;
            try {
                dump = Json.MAPPER.readTree(dump.asText());
            } catch (java.io.IOException e) {
                throw new UnreadablePayload("ai_dump: a string that is not JSON (write \"ai_dump\":&JSON without quotes)");
            }
        }
        if (dump.isObject()) return Json.MAPPER.createArrayNode().add(dump);
        if (!dump.isArray()) throw new UnreadablePayload("ai_dump: expected the list of CodeProject.AI results, got " + dump.getNodeType().name().toLowerCase(Locale.ROOT));
        return dump;
    }

    private static void predictions(JsonNode dump, List<Guess> guesses, List<String> skipped) {
        boolean alpr = false;
        for (JsonNode answer : dump) {
            if (!"alpr".equalsIgnoreCase(Fields.text(answer, "api"))) continue;
            alpr = true;
            JsonNode found = answer.path("found");
            JsonNode predictions = found.get("predictions");
            if (predictions == null || !predictions.isArray()) {
                skipped.add("ai_dump: alpr answer without predictions" + (Fields.text(found, "message") == null ? "" : " (" + Fields.abbreviate(Fields.text(found, "message")) + ")"));
                continue;
            }
            for (int i = 0; i < predictions.size(); i++) {
                JsonNode p = predictions.get(i);
                String plate = Fields.plate(first(Fields.text(p, "plate"), fromLabel(Fields.text(p, "label"))));
                if (plate == null) skipped.add("ai_dump: alpr prediction " + i + " has no plate");
                else guesses.add(new Guess(plate, Fields.number(p, "confidence"), false));
            }
        }
        if (!alpr) skipped.add("ai_dump: no alpr answer (an alert for objects only)");
    }

    /** "Plate: AB12CD" → AB12CD. */
    private static String fromLabel(String label) {
        if (label == null) return null;
        int colon = label.indexOf(':');
        return colon >= 0 && label.substring(0, colon).strip().equalsIgnoreCase("plate") ? label.substring(colon + 1) : null;
    }

    /** "AB12CD:87%,car:92%,[XY34Z]:70%": plates are the labels that are not objects; brackets from the older models dropped. */
    private static void memo(String memo, List<Guess> guesses) {
        for (String item : memo.split(",")) {
            String[] parts = item.split(":", 2);
            String label = parts[0].strip().replace("[", "").replace("]", "");
            if (label.isEmpty() || OBJECTS.contains(label.toLowerCase(Locale.ROOT))) continue;
            Double confidence = parts.length > 1 ? Fields.number(parts[1].replace("%", "")) : null;
            guesses.add(new Guess(Fields.plate(label), confidence, true));
        }
    }

    private Instant time(JsonNode root) throws UnreadablePayload {
        Double epoch = Fields.number(root, "timestamp");
        if (epoch != null) return Fields.epoch(epoch);
        String t = Fields.text(root, "timestamp");
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // a local time: below
        }
        for (DateTimeFormatter f : LOCAL_TIMES) {
            try {
                return LocalDateTime.parse(t, f).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // the next way of writing it
            }
        }
        throw new UnreadablePayload("timestamp: not a time Blue Iris writes (ISO-8601, 'yyyy-MM-dd HH:mm:ss', 'M/d/yyyy h:mm:ss AM', epoch): '"
                + Fields.abbreviate(t) + "'");
    }

    private static DateTimeFormatter pattern(String p) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
                .toFormatter(Locale.ROOT);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}
