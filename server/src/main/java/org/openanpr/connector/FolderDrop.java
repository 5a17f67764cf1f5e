package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Files that roadside cameras leave in a folder (by FTP or a share): an image whose name carries the plate and the
 * time, read with the connector's pattern (named groups {@code plate}, {@code time}, and optionally {@code camera},
 * {@code country}, {@code confidence}); a pattern without {@code plate} names photos of cameras that read no plate,
 * whose plate OpenANPR's own recognition reads in the pipeline; or a sidecar JSON file read with a field mapping like the generic MQTT
 * connector's, with the image of the same base name. The read's event id is the file's name and size: a file read
 * again after a crash (before it was moved to done/) is a duplicate, never a second passage.
 *
 * @param pattern    the file-name pattern
 * @param timeFormat a {@link DateTimeFormatter} pattern for the time group; null: epoch seconds or milliseconds, or ISO
 * @param zone       the zone of times written without an offset
 */
public record FolderDrop(Pattern pattern, String timeFormat, ZoneId zone, GenericJson sidecar) {

    public static FolderDrop of(JsonNode settings) {
        String p = settings.path("pattern").asText("(?<camera>[^_]+)_(?<time>\\d{8}T\\d{6})_(?<plate>[A-Za-z0-9-]+)\\.(?i:jpe?g)");
        Pattern pattern;
        try {
            pattern = Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("settings.pattern: not a regular expression: " + e.getDescription());
        }
        if (!p.contains("(?<time>"))
            throw new IllegalArgumentException("settings.pattern: needs the named group (?<time>...), and (?<plate>...) unless "
                    + "the plate is to be read from the image");
        String format = settings.hasNonNull("timeFormat") ? settings.get("timeFormat").asText()
                : settings.has("pattern") ? null : "yyyyMMdd'T'HHmmss";
        if (format != null) {
            try {
                DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("settings.timeFormat: " + e.getMessage());
            }
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.path("zone").asText("Europe/Amsterdam"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("settings.zone: not a time zone");
        }
        return new FolderDrop(pattern, format, zone, GenericJson.of(settings));
    }

    /** Whether the file is a sidecar (read with the field mapping) rather than an image named by the pattern. */
    static boolean isSidecar(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * @param image for a sidecar, the image of the same base name (null when none); for an image, its own bytes
     */
    public Decoded decode(String name, long size, byte[] content, byte[] image) throws UnreadablePayload {
        String eventId = "folder/" + name + "/" + size;
        if (isSidecar(name)) {
            Decoded d = sidecar.decode(new Payload("application/json", content));
            List<VendorRead> reads = new ArrayList<>();
            for (VendorRead r : d.reads()) {
                List<String> notes = new ArrayList<>(r.notes());
                byte[] jpeg = image == null ? r.overviewJpeg() : Images.checked(name, image, notes);
                reads.add(new VendorRead(r.vendorCamera(), eventId + "/" + reads.size(), r.plate(), r.country(), r.confidence(),
                        r.time(), r.lat(), r.lon(), r.plateJpeg(), jpeg, r.make(), r.model(), r.colour(), r.vehicleType(),
                        r.direction(), r.speed(), null, notes));
            }
            return new Decoded(reads, List.of(), d.skipped());
        }
        Matcher m = pattern.matcher(name);
        if (!m.matches()) throw new UnreadablePayload("file name '" + name + "' does not match the pattern " + pattern.pattern());
        // No plate group: the photo alone, read by the pipeline's recognition (its confidence replaces ours)
        boolean named = pattern.pattern().contains("(?<plate>");
        String plate = named ? Fields.plate(m.group("plate")) : null;
        if (named && plate == null) throw new UnreadablePayload("file name '" + name + "': empty plate");
        Instant time = time(m.group("time"));
        String camera = group(m, "camera");
        Double confidence = null;
        String c = group(m, "confidence");
        if (c != null) {
            try {
                confidence = Double.parseDouble(c);
            } catch (NumberFormatException e) {
                throw new UnreadablePayload("file name '" + name + "': confidence '" + c + "' is not a number");
            }
        }
        List<String> notes = new ArrayList<>();
        byte[] jpeg = Images.checked(name, content, notes);
        return Decoded.of(List.of(new VendorRead(camera, eventId, plate, VendorFormat.country(group(m, "country")),
                confidence == null ? 0.9 : Fields.confidence(confidence, false), time, null, null, null, jpeg,
                null, null, null, null, null, null, null, notes)));
    }

    private Instant time(String s) throws UnreadablePayload {
        if (timeFormat == null) {
            if (s.matches("\\d{9,14}(\\.\\d+)?")) return Fields.epoch(Double.parseDouble(s));
            try {
                return Fields.isoTime("time", s);
            } catch (UnreadablePayload e) {
                return LocalDateTime.parse(s).atZone(zone).toInstant();
            }
        }
        try {
            return LocalDateTime.parse(s, DateTimeFormatter.ofPattern(timeFormat)).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnreadablePayload("time '" + s + "' does not fit the format " + timeFormat);
        }
    }

    private static String group(Matcher m, String name) {
        try {
            String v = m.group(name);
            return v == null || v.isBlank() ? null : v;
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }
}
