package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenALPR / Rekor Scout agent webhooks, versions 2 and 3: {@code alpr_group} (one vehicle, its best plate, the
 * vehicle's attributes and travel direction), {@code alpr_alert} (a group that matched the agent's own list),
 * {@code alpr_results} (one per frame; the frames of one vehicle collapse into one read through their frame key),
 * {@code heartbeat} (camera health) and {@code vehicle} (no plate: nothing to read). A preview group
 * ({@code is_preview}) is acknowledged and skipped: the agent sends the final group of the same vehicle after it, and
 * a passage, once stored, is not rewritten.
 */
public record OpenAlpr() implements VendorFormat {

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        JsonNode root = Fields.json(payload.body());
        String type = Fields.text(root, "data_type");
        if (type == null) throw new UnreadablePayload("data_type: missing (alpr_group, alpr_results, alpr_alert, heartbeat or vehicle)");
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "alpr_group" -> group(root);
            case "alpr_alert" -> {
                JsonNode group = root.get("group");
                if (group == null || !group.isObject()) throw new UnreadablePayload("alpr_alert: no group object");
                yield group(group);
            }
            case "alpr_results" -> results(root);
            case "heartbeat" -> heartbeat(root);
            case "vehicle" -> Decoded.skipped("vehicle: a vehicle without a plate, no read");
            default -> throw new UnreadablePayload("data_type: '" + Fields.abbreviate(type)
                    + "' is not one of alpr_group, alpr_results, alpr_alert, heartbeat, vehicle");
        };
    }

    private Decoded group(JsonNode g) throws UnreadablePayload {
        if (Fields.bool(g, "is_preview")) return Decoded.skipped("alpr_group: a preview group; the final group follows");
        JsonNode best = g.path("best_plate");
        String plate = Fields.plate(first(Fields.text(g, "best_plate_number"), Fields.text(best, "plate")));
        if (plate == null) throw new UnreadablePayload("alpr_group: no best_plate_number");
        Instant time = first(Fields.time(g, "epoch_start"), Fields.time(g, "epoch_time"));
        if (time == null) throw new UnreadablePayload("alpr_group: no epoch_start");
        String eventId = first(Fields.text(g, "best_uuid"), Fields.text(g, "uuid"));
        if (eventId == null) eventId = Fields.text(g, "agent_uid") + "/" + Fields.text(g, "camera_id") + "/" + time.toEpochMilli();
        List<String> notes = new ArrayList<>();
        JsonNode vehicle = g.path("vehicle");
        String make = VendorFormat.best(vehicle.get("make"), "name");
        String model = model(make, VendorFormat.best(vehicle.get("make_model"), "name"));
        Double confidence = first(Fields.number(g, "best_confidence"), Fields.number(best, "confidence"));
        Double direction = Fields.number(g, "travel_direction");
        return Decoded.of(List.of(new VendorRead(Fields.text(g, "camera_id"), "alpr_group/" + eventId, plate,
                country(first(Fields.text(g, "best_region"), Fields.text(best, "region")), Fields.text(g, "country")),
                Fields.confidence(confidence, true), time, gps(g, "gps_latitude"), gps(g, "gps_longitude"),
                Images.fromBase64("best_plate.plate_crop_jpeg", Fields.text(best, "plate_crop_jpeg"), notes),
                Images.fromBase64("vehicle_crop_jpeg", Fields.text(g, "vehicle_crop_jpeg"), notes),
                make, model, VendorFormat.colour(VendorFormat.best(vehicle.get("color"), "name")),
                VendorFormat.bodyType(VendorFormat.best(vehicle.get("body_type"), "name")),
                direction == null || direction < 0 || direction > 360 ? null : String.valueOf(Math.round(direction) % 360),
                null, null, notes)));
    }

    private Decoded results(JsonNode r) throws UnreadablePayload {
        Instant time = Fields.time(r, "epoch_time");
        if (time == null) throw new UnreadablePayload("alpr_results: no epoch_time");
        JsonNode results = r.get("results");
        if (results == null || !results.isArray()) throw new UnreadablePayload("alpr_results: no results array");
        String camera = Fields.text(r, "camera_id");
        String frame = first(Fields.text(r, "uuid"), Fields.text(r, "agent_uid") + "/" + camera + "/" + time.toEpochMilli());
        List<VendorRead> reads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int index = 0;
        for (JsonNode p : results) {
            int i = index++;
            String plate = Fields.plate(Fields.text(p, "plate"));
            if (plate == null) {
                skipped.add("alpr_results: result " + i + " has no plate");
                continue;
            }
            List<String> notes = new ArrayList<>();
            reads.add(new VendorRead(camera, "alpr_results/" + frame + "/" + i, plate,
                    country(Fields.text(p, "region"), Fields.text(r, "country")),
                    Fields.confidence(Fields.number(p, "confidence"), true), time, null, null,
                    Images.fromBase64("plate_crop_jpeg", Fields.text(p, "plate_crop_jpeg"), notes),
                    null, null, null, null, null, null, null, Fields.text(r, "agent_uid") + "/" + camera + "/" + plate, notes));
        }
        return new Decoded(reads, List.of(), skipped);
    }

    private Decoded heartbeat(JsonNode h) throws UnreadablePayload {
        Instant at = Fields.time(h, "timestamp");
        List<Heartbeat> beats = new ArrayList<>();
        JsonNode streams = h.get("video_streams");
        if (streams != null && streams.isArray()) {
            for (JsonNode s : streams) {
                String camera = Fields.text(s, "camera_id");
                if (camera == null) continue;
                Instant last = Fields.time(s, "last_update");
                beats.add(new Heartbeat(camera, Fields.text(s, "camera_name"), last != null ? last : at,
                        s.has("is_streaming") ? Fields.bool(s, "is_streaming") : null));
            }
        }
        if (beats.isEmpty() && at == null) throw new UnreadablePayload("heartbeat: no timestamp and no video_streams");
        return new Decoded(List.of(), beats, beats.isEmpty() ? List.of("heartbeat: no video_streams") : List.of());
    }

    /** "ford_focus" under make "ford" is the model "focus". */
    private static String model(String make, String makeModel) {
        if (makeModel == null) return null;
        String m = makeModel;
        if (make != null && m.toLowerCase(Locale.ROOT).startsWith(make.toLowerCase(Locale.ROOT) + "_"))
            m = m.substring(make.length() + 1);
        return m.replace('_', ' ');
    }

    private static String country(String region, String country) {
        String c = VendorFormat.country(region);
        return c != null ? c : VendorFormat.country(country);
    }

    /** The agent sends 0,0 when it has no GPS fix. */
    private static Double gps(JsonNode g, String field) {
        Double v = Fields.number(g, field);
        return v == null || v == 0 ? null : v;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }
}
