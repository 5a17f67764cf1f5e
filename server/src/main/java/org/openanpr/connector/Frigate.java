package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Frigate NVR licence-plate recognition over MQTT: {@code <prefix>/events} (a tracked object's {@code before} and
 * {@code after}, with {@code recognized_license_plate} once Frigate has read the plate) and
 * {@code <prefix>/tracked_object_update} of type {@code lpr}. Both name the tracked object by its id, and the read's
 * event id is that object's: however many updates of one car arrive, by either topic, they are one read (the first
 * with a plate; later ones are repeated frames or duplicates). Messages on other topics, and other update types, are
 * skipped.
 */
public record Frigate() implements VendorFormat {

    @Override
    public Decoded decode(Payload payload) throws UnreadablePayload {
        String topic = payload.topic() == null ? "" : payload.topic();
        JsonNode root = Fields.json(payload.body());
        String type = Fields.text(root, "type");
        if (topic.endsWith("/tracked_object_update") || "lpr".equalsIgnoreCase(type) && root.has("plate")) return update(root, type);
        if (topic.endsWith("/events") || root.has("after") || root.has("before")) return event(root, type);
        return Decoded.skipped("topic " + topic + ": not a Frigate event or tracked object update");
    }

    private Decoded event(JsonNode root, String type) throws UnreadablePayload {
        JsonNode o = root.has("after") && root.get("after").isObject() ? root.get("after") : root.get("before");
        if (o == null || !o.isObject()) throw new UnreadablePayload("frigate event: no 'after' (or 'before') object");
        String plate = Fields.plate(Fields.text(o, "recognized_license_plate"));
        if (plate == null) return Decoded.skipped("frigate event " + type + ": no recognized_license_plate yet");
        String id = Fields.text(o, "id");
        if (id == null) throw new UnreadablePayload("frigate event: after.id missing");
        Instant time = first(Fields.time(o, "frame_time"), Fields.time(o, "start_time"));
        if (time == null) throw new UnreadablePayload("frigate event: after.frame_time missing");
        String camera = Fields.text(o, "camera");
        String object = "frigate/" + camera + "/" + id;
        return Decoded.of(List.of(read(camera, object, object, plate, Fields.number(o, "recognized_license_plate_score"), time)));
    }

    private Decoded update(JsonNode root, String type) throws UnreadablePayload {
        if (type == null || !type.toLowerCase(Locale.ROOT).equals("lpr"))
            return Decoded.skipped("tracked_object_update of type " + type + ": not a licence plate");
        String plate = Fields.plate(Fields.text(root, "plate"));
        if (plate == null) return Decoded.skipped("tracked_object_update lpr: no plate");
        Instant time = Fields.time(root, "timestamp");
        if (time == null) throw new UnreadablePayload("tracked_object_update: timestamp missing");
        String camera = Fields.text(root, "camera");
        String id = Fields.text(root, "id");
        Double score = Fields.number(root, "score");
        if (id != null) {
            String object = "frigate/" + camera + "/" + id;
            return Decoded.of(List.of(read(camera, object, object, plate, score, time)));
        }
        // Without the tracked object's id, the updates of one car are told apart by camera and plate, as repeated frames.
        String car = "frigate/" + camera + "/" + plate;
        return Decoded.of(List.of(read(camera, car + "/" + time.toEpochMilli(), car, plate, score, time)));
    }

    /** @param frameKey what the updates of one car share: its tracked object, else its camera and plate */
    private static VendorRead read(String camera, String eventId, String frameKey, String plate, Double score, Instant time) {
        return new VendorRead(camera, eventId, plate, null, Fields.confidence(score, false), time,
                null, null, null, null, null, null, null, null, null, null, frameKey, List.of());
    }

    private static Instant first(Instant a, Instant b) {
        return a != null ? a : b;
    }
}
