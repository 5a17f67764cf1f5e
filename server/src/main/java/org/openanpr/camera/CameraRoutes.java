package org.openanpr.camera;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Principal;
import org.openanpr.access.TokenStore;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.util.List;
import java.util.Map;

/** {@code /api/v1/cameras}: the camera registry over HTTP. */
public final class CameraRoutes {
    private final CameraRegistry registry;
    private final TokenStore tokens;

    public CameraRoutes(CameraRegistry registry, TokenStore tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    public void register(Javalin app) {
        app.get("/api/v1/cameras", this::list);
        app.get("/api/v1/cameras/{id}", this::get);
        app.put("/api/v1/cameras/{id}", this::put);
        app.post("/api/v1/cameras", this::post);
        app.delete("/api/v1/cameras/{id}", this::delete);
        app.post("/api/v1/cameras/import", this::importFile);
        app.post("/api/v1/cameras/{id}/tokens", this::issueToken);
        app.delete("/api/v1/cameras/{id}/tokens", this::revokeTokens);
    }

    private void list(Context ctx) {
        if (AccessFilter.principal(ctx) instanceof Principal.CameraDevice cam) {
            ctx.json(registry.find(cam.cameraId()).stream().toList());
            return;
        }
        ctx.json(registry.all());
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (AccessFilter.principal(ctx) instanceof Principal.CameraDevice cam && !cam.cameraId().equals(id))
            throw ApiException.forbidden("a camera token may only read its own camera");
        ctx.json(registry.find(id).orElseThrow(() -> ApiException.notFound("no camera '" + id + "'")));
    }

    private void post(Context ctx) {
        AccessFilter.requireSystem(ctx);
        Camera camera = validate(body(ctx));
        if (registry.find(camera.id()).isPresent())
            throw new ApiException(409, "camera '" + camera.id() + "' exists; use PUT /api/v1/cameras/" + camera.id());
        registry.saveAll(List.of(camera));
        ctx.status(201).json(registry.find(camera.id()).orElseThrow());
    }

    private void put(Context ctx) {
        AccessFilter.requireSystem(ctx);
        CameraInput input = body(ctx);
        String id = ctx.pathParam("id");
        if (input.id() != null && !input.id().equals(id))
            throw ApiException.badRequest("id in the body ('" + input.id() + "') differs from the path ('" + id + "')");
        Camera camera = validate(new CameraInput(id, input.name(), input.type(), input.lat(), input.lon(),
                input.heading(), input.lane(), input.direction(), input.organisation(), input.status()));
        registry.saveAll(List.of(camera));
        ctx.json(registry.find(id).orElseThrow());
    }

    private void delete(Context ctx) {
        AccessFilter.requireSystem(ctx);
        String id = ctx.pathParam("id");
        if (!registry.delete(id)) throw ApiException.notFound("no camera '" + id + "'");
        ctx.status(204);
    }

    private void importFile(Context ctx) {
        AccessFilter.requireSystem(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        String org = ctx.queryParam("organisation");
        List<Camera> cameras;
        try {
            if (type.startsWith("text/csv")) cameras = CameraImport.fromCsv(ctx.body(), org);
            else if (type.startsWith("application/geo+json") || type.startsWith("application/json"))
                cameras = CameraImport.fromGeoJson(ctx.body(), org);
            else throw new ApiException(415, "send text/csv or application/geo+json");
        } catch (CameraImport.ImportException e) {
            throw ApiException.badRequest("import rejected, nothing stored: " + e.getMessage());
        }
        registry.saveAll(cameras);
        ctx.json(Map.of("imported", cameras.size()));
    }

    private void issueToken(Context ctx) {
        AccessFilter.requireSystem(ctx);
        String id = ctx.pathParam("id");
        registry.find(id).orElseThrow(() -> ApiException.notFound("no camera '" + id + "'"));
        ctx.status(201).json(Map.of("camera", id, "token", tokens.issueCameraToken(id),
                "note", "shown once; store it in the camera's configuration"));
    }

    private void revokeTokens(Context ctx) {
        AccessFilter.requireSystem(ctx);
        ctx.json(Map.of("revoked", tokens.revokeCameraTokens(ctx.pathParam("id"))));
    }

    private static CameraInput body(Context ctx) {
        return Params.body(ctx, CameraInput.class, "a camera JSON object");
    }

    private static Camera validate(CameraInput input) {
        return Params.valid(input::validate);
    }
}
