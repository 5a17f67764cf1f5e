package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A camera that publishes its own JSON, read through a field mapping from the connector's settings: each of our
 * fields (plate, time, camera, confidence, country, id, make, model, colour, vehicleType, direction, speed, lat, lon,
 * plateImage, overviewImage) names a path in the message ({@code "data.plate"}, {@code "results[0].plate"}), or for
 * the camera a level of the MQTT topic ({@code "$topic.1"}: the second level). A message that is a JSON array is one
 * read per element.
 */
public record GenericJson(Map<String, String> fields, boolean confidencePercent) implements VendorFormat {

    /** The mapping when the settings name none: our own wire names. */
    public static final Map<String, String> DEFAULT_FIELDS = Map.of("plate", "plate", "time", "time", "camera", "camera",
            "confidence", "confidence", "country", "country", "id", "id");

    private static final Pattern POSITION = Pattern.compile("\\d{1,6}");

    public GenericJson {
        fields = Map.copyOf(fields);
    }

    /** The mapping from a connector's settings ({@code fields}, {@code confidencePercent}). */
    public static GenericJson of(JsonNode settings) {
        Map<String, String> f = new java.util.HashMap<>(DEFAULT_FIELDS);
        JsonNode given = settings == null ? null : settings.get("fields");
        if (given != null && given.isObject()) given.fields().forEachRemaining(e -> f.put(e.getKey(), e.getValue().asText()));
        return new GenericJson(f, settings != null && settings.path("confidencePercent").asBoolean(false));
    }

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        JsonNode root;
        byte[] body = payload.body();
        String text = Fields.utf8(body).strip();
        if (text.startsWith("[")) {
            try {
                root = org.openanpr.http.Json.MAPPER.readTree(text);
            } catch (java.io.IOException e) {
                throw new UnreadablePayload("malformed JSON: " + e.getMessage());
            }
        } else {
            root = Fields.json(body);
        }
        List<VendorRead> reads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int i = 0;
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
            String where = root.isArray() ? "[" + i + "] " : "";
            i++;
            String plate = Fields.plate(value(node, "plate", payload.topic()));
            if (plate == null) {
                skipped.add(where + "no plate at '" + fields.get("plate") + "'");
                continue;
            }
            Instant time = timeOf(node, payload.topic());
            if (time == null) throw new UnreadablePayload(where + "no time at '" + fields.get("time") + "'");
            String camera = value(node, "camera", payload.topic());
            String id = value(node, "id", payload.topic());
            List<String> notes = new ArrayList<>();
            reads.add(new VendorRead(camera, "generic/" + (id != null ? id : camera + "/" + time.toEpochMilli() + "/" + plate),
                    plate, VendorFormat.country(value(node, "country", payload.topic())),
                    Fields.confidence(number(node, "confidence"), confidencePercent), time, number(node, "lat"), number(node, "lon"),
                    Images.fromBase64("plateImage", value(node, "plateImage", null), notes),
                    Images.fromBase64("overviewImage", value(node, "overviewImage", null), notes),
                    value(node, "make", null), value(node, "model", null), VendorFormat.colour(value(node, "colour", null)),
                    VendorFormat.bodyType(value(node, "vehicleType", null)), value(node, "direction", null),
                    number(node, "speed"), null, notes));
        }
        return new Decoded(reads, List.of(), skipped);
    }

    private Instant timeOf(JsonNode node, String topic) throws UnreadablePayload {
        JsonNode v = at(node, fields.get("time"));
        if (v == null || v.isNull()) return null;
        Double epoch = v.isNumber() ? Double.valueOf(v.asDouble()) : Fields.number(wrap(v), "v");
        return epoch != null ? Fields.epoch(epoch) : Fields.isoTime(fields.get("time"), v.asText());
    }

    private Double number(JsonNode node, String field) {
        JsonNode v = at(node, fields.get(field));
        return v == null ? null : Fields.number(wrap(v), "v");
    }

    private String value(JsonNode node, String field, String topic) {
        String path = fields.get(field);
        if (path == null) return null;
        if (path.startsWith("$topic.") && topic != null) {
            String[] levels = topic.split("/");
            try {
                int level = Integer.parseInt(path.substring(7));
                return level >= 0 && level < levels.length ? levels[level] : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        JsonNode v = at(node, path);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText().strip();
    }

    /** The value at a path of names and list positions: {@code data.plate}, {@code results.0.plate} or {@code results[0].plate}. */
    private static JsonNode at(JsonNode node, String path) {
        if (path == null) return null;
        JsonNode v = node;
        for (String part : path.replace("[", ".").replace("]", "").split("\\.")) {
            if (v == null) return null;
            v = v.isArray() && POSITION.matcher(part).matches() ? v.get(Integer.parseInt(part)) : v.get(part);
        }
        return v;
    }

    private static JsonNode wrap(JsonNode v) {
        return org.openanpr.http.Json.MAPPER.createObjectNode().set("v", v);
    }
}
