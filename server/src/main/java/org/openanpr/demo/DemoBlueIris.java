package org.openanpr.demo;

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
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's camera behind a Blue Iris PC with CodeProject.AI: its reads leave the generator as Blue Iris's web-request
 * alert ({@code ai_dump} with the ALPR module's prediction, the alert JPEG, the PC's local time) and come in through a
 * {@code BLUE_IRIS} connector over HTTP with the key in {@code x-api-key}, as Blue Iris set up for ALPR-Database sends
 * them. Every other camera's reads go on unchanged.
 */
public final class DemoBlueIris implements Consumer<List<IncomingRead>> {
    private static final Logger log = LoggerFactory.getLogger(DemoBlueIris.class);
    public static final String ID = "demo-blue-iris";
    static final String BLUE_IRIS_CAMERA = "LPR-Oost";
    private static final ZoneId PC_ZONE = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter ALERT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Consumer<List<IncomingRead>> next;
    private final String camera;
    private final URI ingest;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DemoBlueIris(Consumer<List<IncomingRead>> next, String camera, URI ingest, String token) {
        this.next = next;
        this.camera = camera;
        this.ingest = ingest;
        this.token = token;
    }

    /**
     * Creates the connector (or gives the one of an earlier demo start a new token) and maps the Blue Iris camera to
     * the region's second camera. {@code api} must carry the set-up token.
     */
    public static DemoBlueIris install(ApiClient api, String baseUrl, DemoRegion region, Consumer<List<IncomingRead>> next) throws Exception {
        Camera camera = region.cameras().get(1);
        String token = DemoConnector.setUp(api, ID, """
                {"id":"%s","kind":"BLUE_IRIS","name":"Blue Iris + CodeProject.AI (demo)","organisation":"%s",
                 "settings":{"timeZone":"Europe/Amsterdam","country":"NL"}}"""
                .formatted(ID, region.organisation()), BLUE_IRIS_CAMERA, camera.id());
        return new DemoBlueIris(next, camera.id(), URI.create(baseUrl + "/api/v1/ingest/" + ID), token);
    }

    /** The camera whose reads come through Blue Iris. */
    public String camera() {
        return camera;
    }

    @Override
    public void accept(List<IncomingRead> batch) {
        List<IncomingRead> rest = new ArrayList<>(batch.size());
        for (IncomingRead r : batch) {
            if (r.camera().equals(camera)) post(alert(r));
            else rest.add(r);
        }
        if (!rest.isEmpty()) next.accept(rest);
    }

    private void post(String json) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(ingest).header("x-api-key", token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) log.warn("demo Blue Iris: the connector answered {}: {}", res.statusCode(), res.body());
        } catch (Exception e) {
            log.warn("demo Blue Iris: posting to the connector failed: {}", e.getMessage());
        }
    }

    /** The read as Blue Iris expands the alert macros: CodeProject.AI's answers, the alert JPEG, the PC's local time. */
    static String alert(IncomingRead r) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        ObjectNode alpr = a.putArray("ai_dump").addObject().put("api", "alpr");
        ObjectNode found = alpr.putObject("found").put("success", true).put("message", "Found Plate: " + r.plate())
                .put("moduleId", "ALPR").put("processMs", 96).put("inferenceMs", 81);
        found.putArray("predictions").addObject().put("confidence", r.confidence()).put("label", "Plate: " + r.plate())
                .put("plate", r.plate()).put("x_min", 812).put("y_min", 604).put("x_max", 1010).put("y_max", 652);
        String image = r.overviewImage() != null ? r.overviewImage() : r.plateImage();
        a.put("Image", image == null ? "" : image).put("camera", BLUE_IRIS_CAMERA)
                .put("ALERT_PATH", BLUE_IRIS_CAMERA + "." + r.id() + ".jpg").put("ALERT_CLIP", "@" + r.id())
                .put("timestamp", ALERT_TIME.format(r.time().atZoneSameInstant(PC_ZONE)));
        return a.toString();
    }
}
