package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plate Recognizer webhooks, from Snapshot ({@code image.done}) and Stream ({@code recognition}): a JSON body, or
 * multipart with a {@code json} field and the image ({@code upload}). Every result with a plate is a read, in the
 * default shape or in that of {@code detection_mode=vehicle}; results of one image share it as the overview image.
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
            if (!Fields.isJson(payload))
                throw new UnreadablePayload(415, "Content-Type must be application/json or multipart/form-data with a 'json' field, got " + payload.mediaType());
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
            Result result = r.path("plate").isObject() || r.path("plate").isNull() && r.has("vehicle") ? vehicleMode(r) : plateMode(r);
            if (result.plate() == null) {
                skipped.add("data.results[" + i + "]: no plate");
                continue;
            }
            List<String> notes = new ArrayList<>(imageNotes);
            reads.add(new VendorRead(camera, "platerecognizer/" + camera + "/" + time.toEpochMilli() + "/" + source + "/" + result.plate(),
                    result.plate(), VendorFormat.country(result.region()), Fields.confidence(result.score(), false), time,
                    null, null, null, image, result.make(), result.model(), VendorFormat.colour(result.colour()),
                    VendorFormat.bodyType(result.type()), direction(r), Fields.number(r, "speed"), null, notes));
        }
        return new Decoded(reads, List.of(), skipped);
    }

    /** What one result says, in either of the shapes below. */
    private record Result(String plate, Double score, String region, String make, String model, String colour, String type) {
    }

    /** The default shape: {@code plate} a string, {@code score} its reading's, {@code region.code}, {@code model_make}, {@code color}. */
    private static Result plateMode(JsonNode r) {
        JsonNode makeModel = r.get("model_make");
        return new Result(Fields.plate(firstNonNull(Fields.text(r, "plate"), VendorFormat.best(r.get("candidates"), "plate"))),
                Fields.number(r, "score"), Fields.text(r.path("region"), "code"), VendorFormat.best(makeModel, "make"),
                VendorFormat.best(makeModel, "model"), VendorFormat.best(r.get("color"), "color"), Fields.text(r.path("vehicle"), "type"));
    }

    /**
     * {@code detection_mode=vehicle}: each result is a vehicle, its {@code plate} an object (or null when the vehicle's
     * plate was not seen) whose {@code props} list the readings ({@code [{"value":..,"score":..}]}, best first), and
     * the vehicle's make, model and colour under {@code vehicle.props}.
     */
    private static Result vehicleMode(JsonNode r) {
        JsonNode plateProps = r.path("plate").path("props");
        JsonNode reading = plateProps.path("plate").path(0);
        JsonNode vehicle = r.path("vehicle");
        JsonNode makeModel = vehicle.path("props").get("make_model");
        return new Result(Fields.plate(Fields.text(reading, "value")), Fields.number(reading, "score"),
                VendorFormat.best(plateProps.get("region"), "value", "code"), VendorFormat.best(makeModel, "make"),
                VendorFormat.best(makeModel, "model"), VendorFormat.best(vehicle.path("props").get("color"), "value", "color"),
                Fields.text(vehicle, "type"));
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
