package org.openanpr.network;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;

import java.util.Map;

/** {@code /api/v1/camera-health}: each visible camera's health now, and one camera's history. */
public final class NetworkRoutes {
    private final CameraHealth health;
    private final CameraRegistry cameras;

    private final RoadNetworks networks;
    private final long maxUploadBytes;

    public NetworkRoutes(CameraHealth health, CameraRegistry cameras) {
        this(health, cameras, null, 0);
    }

    /** With stored road networks ({@code /api/v1/road-networks}), uploads of at most {@code maxUploadBytes}. */
    public NetworkRoutes(CameraHealth health, CameraRegistry cameras, RoadNetworks networks, long maxUploadBytes) {
        this.health = health;
        this.cameras = cameras;
        this.networks = networks;
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(Javalin app) {
        app.get("/api/v1/camera-health", this::now);
        app.get("/api/v1/camera-health/{camera}", this::history);
        app.post("/api/v1/coverage", this::coverage);
        if (networks != null) new RoadNetworkRoutes(networks, cameras, maxUploadBytes).register(app);
    }

    /**
     * The coverage report of a region: its boundary and roads in the body ({@code {"boundary": GeoJSON polygon,
     * "roads": GeoJSON FeatureCollection}}), against the cameras the caller sees.
     */
    private void coverage(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = org.openanpr.http.Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) throw ApiException.badRequest("send {\"boundary\": GeoJSON polygon, \"roads\": GeoJSON FeatureCollection}");
        java.util.List<Camera> visible = cameras.visible(AccessFilter.visibility(ctx)).stream()
                .filter(c -> c.type() == Camera.CameraType.FIXED).toList();
        try {
            ctx.json(Coverage.report(body.get("boundary"), body.get("roads"), visible));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void now(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        Visibility v = AccessFilter.visibility(ctx);
        ctx.json(health.now(cameras.visible(v).stream().map(Camera::id).toList()));
    }

    private void history(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        String id = ctx.pathParam("camera");
        Camera c = cameras.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no camera '" + id + "'"));
        ctx.json(Map.of("camera", c.id(), "now", health.now(java.util.List.of(c.id())), "history", health.history(c.id(), 200)));
    }
}
