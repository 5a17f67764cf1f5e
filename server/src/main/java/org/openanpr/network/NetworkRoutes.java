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

    public NetworkRoutes(CameraHealth health, CameraRegistry cameras) {
        this.health = health;
        this.cameras = cameras;
    }

    public void register(Javalin app) {
        app.get("/api/v1/camera-health", this::now);
        app.get("/api/v1/camera-health/{camera}", this::history);
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
