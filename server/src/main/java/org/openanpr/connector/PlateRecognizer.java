package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plate Recognizer webhooks, from Snapshot ({@code image.done}) and Stream ({@code recognition}): a JSON body, or
 * multipart with a {@code json} field and the image ({@code upload}). Every result is a read; results of one image
 * share it as the overview image.
 */
public record PlateRecognizer() implements VendorFormat {

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        JsonNode root;
        byte[] image = null;
        List<String> imageNotes = new ArrayList<>();
        if (payload.isMultipart()) {
            JsonNode json = null;
            for (Multipart.Part part : Multipart.parse(payload)) {
                if ("json".equals(part.name())) json = Fields.json(part.body());
                else if (part.isImage() && image == null) image = Images.checked("upload", part.body(), imageNotes);
            }
            if (json == null) throw new UnreadablePayload("multipart body without a 'json' field");
            root = json;
        } else {
            String type = payload.mediaType();
            if (!type.isEmpty() && !type.contains("json") && !type.equals("text/plain"))
                throw new UnreadablePayload(415, "Content-Type must be application/json or multipart/form-data with a 'json' field, got " + type);
            root = Fields.json(payload.body());
        }
        JsonNode data = root.has("data") ? root.get("data") : root;
        if (data == null || !data.isObject()) throw new UnreadablePayload("data: missing object");
        JsonNode results = data.get("results");
        if (results == null || !results.isArray()) throw new UnreadablePayload("data.results: missing array");
        Instant time = Fields.time(data, "timestamp");
        if (time == null) throw new UnreadablePayload("data.timestamp: missing");
        String camera = Fields.text(data, "camera_id");
        String hook = Fields.text(root.path("hook"), "id");
        String source = firstNonNull(Fields.text(data, "filename"), hook);
        List<VendorRead> reads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String plate = Fields.plate(firstNonNull(Fields.text(r, "plate"), VendorFormat.best(r.get("candidates"), "plate")));
            if (plate == null) {
                skipped.add("data.results[" + i + "]: no plate");
                continue;
            }
            List<String> notes = new ArrayList<>(imageNotes);
            JsonNode makeModel = r.get("model_make");
            Double speed = Fields.number(r, "speed");
            reads.add(new VendorRead(camera, "platerecognizer/" + camera + "/" + time.toEpochMilli() + "/" + source + "/" + plate,
                    plate, VendorFormat.country(Fields.text(r.path("region"), "code")),
                    Fields.confidence(Fields.number(r, "score"), false), time, null, null, null, image,
                    VendorFormat.best(makeModel, "make"), VendorFormat.best(makeModel, "model"),
                    VendorFormat.colour(VendorFormat.best(r.get("color"), "color")),
                    VendorFormat.bodyType(Fields.text(r.path("vehicle"), "type")), direction(r), speed, null, notes));
        }
        return new Decoded(reads, List.of(), skipped);
    }

    /** Stream reports {@code direction} in degrees (0 = moving right, counter-clockwise); kept as the heading sent. */
    private static String direction(JsonNode r) {
        Double d = Fields.number(r, "direction");
        return d == null || d < 0 || d > 360 ? null : String.valueOf(Math.round(d) % 360);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
