package org.openanpr.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openanpr.camera.Camera;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.openanpr.passage.IncomingRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's one camera behind an OpenALPR / Rekor agent: its reads leave the generator as the agent's
 * {@code alpr_group} webhooks and come in through the connector's ingest route over HTTP, with the connector's token,
 * like a real agent's; a heartbeat goes with them every minute. The agent also has a second camera (agent camera 7)
 * that nobody mapped: its reads are held and it shows on the connectors page as an unknown camera. Every other
 * camera's reads go to the pipeline directly.
 */
public final class DemoConnector implements Consumer<List<IncomingRead>> {
    private static final Logger log = LoggerFactory.getLogger(DemoConnector.class);
    public static final String ID = "demo-rekor-agent";
    static final String AGENT_CAMERA = "1";
    static final String UNMAPPED_AGENT_CAMERA = "7";

    private final Consumer<List<IncomingRead>> direct;
    private final String camera;
    private final URI ingest;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Instant lastHeartbeat = Instant.EPOCH;
    private long sent;

    private DemoConnector(Consumer<List<IncomingRead>> direct, String camera, URI ingest, String token) {
        this.direct = direct;
        this.camera = camera;
        this.ingest = ingest;
        this.token = token;
    }

    /**
     * Creates the connector (or gives the one of an earlier demo start a new token) and maps agent camera 1 to the
     * region's first camera. {@code api} must carry the set-up token.
     */
    public static DemoConnector install(ApiClient api, String baseUrl, DemoRegion region, Consumer<List<IncomingRead>> direct) throws Exception {
        Camera camera = region.cameras().getFirst();
        String token = setUp(api, ID, """
                {"id":"%s","kind":"OPENALPR","name":"Rekor Scout agent (demo)","organisation":"%s"}"""
                .formatted(ID, region.organisation()), AGENT_CAMERA, camera.id());
        return new DemoConnector(direct, camera.id(), URI.create(baseUrl + "/api/v1/ingest/" + ID), token);
    }

    /**
     * Creates the demo connector {@code id} from {@code created} (or, made by an earlier demo start, gives it a new token:
     * the old one was never kept), maps its vendor camera to ours, and returns its token.
     */
    static String setUp(ApiClient api, String id, String created, String vendorCamera, String camera) throws Exception {
        boolean exists = false;
        for (var c : api.get("/api/v1/connectors")) exists |= c.path("id").asText().equals(id);
        String token = exists ? api.post("/api/v1/connectors/" + id + "/token", "application/json", "{}").path("token").asText()
                : api.post("/api/v1/connectors", "application/json", created).path("token").asText();
        api.put("/api/v1/connectors/" + id + "/cameras", "application/json",
                "{\"vendorCamera\":\"" + vendorCamera + "\",\"camera\":\"" + camera + "\"}");
        return token;
    }

    /**
     * The agent camera's reads of yesterday as an older system exported them, imported once through the connector as a
     * CSV job, so that a newcomer finds a finished import on the connector's page, with the two lines such exports
     * always have that cannot be read. A later demo start finds the job and imports nothing.
     */
    public static void importHistory(ApiClient api, DemoTraffic traffic, Clock clock) throws Exception {
        if (!api.get("/api/v1/connectors/" + ID + "/imports").isEmpty()) return;
        StringBuilder csv = new StringBuilder("camera;plate;time;country;confidence;make\n");
        Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofHours(18));
        List<String[]> plates = traffic.samplePlates(3, 37, 240);
        for (int i = 0; i < plates.size(); i++) {
            csv.append(AGENT_CAMERA).append(';').append(plates.get(i)[0]).append(';').append(start.plusSeconds(i * 180L)).append(';')
                    .append(plates.get(i)[1]).append(";0,9").append(i % 5 == 0 ? ";Volkswagen" : ";").append('\n');
            if (i == 40) csv.append(AGENT_CAMERA).append(";;").append(start.plusSeconds(i * 180L + 60)).append(";NL;0,9;\n");
            if (i == 120) csv.append(AGENT_CAMERA).append(";GH123K;gisteren 14:00;NL;0,9;\n");
        }
        api.post("/api/v1/connectors/" + ID + "/imports?name=historie-gisteren.csv", "text/csv", csv.toString());
    }

    /** The camera whose reads come through the connector. */
    public String camera() {
        return camera;
    }

    @Override
    public void accept(List<IncomingRead> batch) {
        List<IncomingRead> rest = new ArrayList<>(batch.size());
        for (IncomingRead r : batch) {
            if (!r.camera().equals(camera)) {
                rest.add(r);
                continue;
            }
            post(group(r, AGENT_CAMERA));
            // Now and then the agent's unmapped second camera sees a vehicle too.
            if (++sent % 10 == 0) post(group(r, UNMAPPED_AGENT_CAMERA));
        }
        Instant now = Instant.now();
        if (now.isAfter(lastHeartbeat.plusSeconds(60))) {
            lastHeartbeat = now;
            post(heartbeat(now));
        }
        if (!rest.isEmpty()) direct.accept(rest);
    }

    private void post(String json) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(ingest).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) log.warn("demo agent: the connector answered {}: {}", res.statusCode(), res.body());
        } catch (Exception e) {
            log.warn("demo agent: posting to the connector failed: {}", e.getMessage());
        }
    }

    /** The read as an agent's alpr_group (version 2), its confidence in percent, its time in epoch milliseconds. */
    static String group(IncomingRead r, String agentCamera) {
        ObjectNode g = Json.MAPPER.createObjectNode();
        long epoch = r.time().toInstant().toEpochMilli();
        g.put("data_type", "alpr_group").put("version", 2).put("agent_type", "alprd").put("agent_uid", "demo-agent-uid")
                .put("camera_id", Integer.parseInt(agentCamera)).put("epoch_start", epoch).put("epoch_end", epoch + 900)
                .put("best_uuid", "demo-agent-uid-" + agentCamera + "-" + r.id()).put("best_plate_number", r.plate())
                .put("best_confidence", r.confidence() * 100).put("country", "eu")
                .put("best_region", r.country() == null ? "eu" : r.country().toLowerCase(java.util.Locale.ROOT));
        if (r.direction() != null && r.direction().matches("\\d+(\\.\\d+)?")) g.put("travel_direction", Double.parseDouble(r.direction()));
        ObjectNode best = g.putObject("best_plate");
        best.put("plate", r.plate()).put("confidence", r.confidence() * 100);
        if (r.plateImage() != null) best.put("plate_crop_jpeg", r.plateImage());
        ObjectNode vehicle = g.putObject("vehicle");
        attribute(vehicle, "make", r.make());
        attribute(vehicle, "color", r.colour());
        attribute(vehicle, "body_type", r.vehicleType());
        return g.toString();
    }

    private static void attribute(ObjectNode vehicle, String name, String value) {
        if (value == null) return;
        ArrayNode a = vehicle.putArray(name);
        a.addObject().put("name", value.toLowerCase(java.util.Locale.ROOT)).put("confidence", 71.5);
    }

    private static String heartbeat(Instant now) {
        return """
                {"data_type":"heartbeat","agent_uid":"demo-agent-uid","agent_version":"2.7.101","timestamp":%d,
                 "video_streams":[{"camera_id":1,"camera_name":"demo camera","is_streaming":true,"last_update":%d},
                                  {"camera_id":7,"camera_name":"agent camera 7","is_streaming":true,"last_update":%d}]}"""
                .formatted(now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli());
    }
}
