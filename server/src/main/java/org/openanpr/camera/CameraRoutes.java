package org.openanpr.camera;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
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
    private final Runnable camerasRemoved;

    /** {@code camerasRemoved} runs after a camera was deleted, e.g. to rebuild where lists are switched on. */
    public CameraRoutes(CameraRegistry registry, TokenStore tokens, Runnable camerasRemoved) {
        this.registry = registry;
        this.tokens = tokens;
        this.camerasRemoved = camerasRemoved;
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
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        ctx.json(registry.visible(AccessFilter.visibility(ctx)));
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (AccessFilter.principal(ctx) instanceof Principal.CameraDevice cam) {
            if (!cam.cameraId().equals(id)) throw ApiException.forbidden("a camera token may only read its own camera");
            ctx.json(registry.find(id).orElseThrow(() -> notFound(id)));
            return;
        }
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        ctx.json(registry.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> notFound(id)));
    }

    private void post(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        Camera camera = validate(ownOrganisation(who, body(ctx)));
        Camera existing = registry.find(camera.id()).orElse(null);
        if (existing != null && (who.organisation() == null || who.organisation().equals(existing.organisation())))
            throw new ApiException(409, "camera '" + camera.id() + "' exists; use PUT /api/v1/cameras/" + camera.id());
        if (existing != null) throw unavailable(who, camera.id(), null);
        try {
            registry.saveAll(List.of(camera));
        } catch (CameraIdUnavailable e) {
            throw unavailable(who, camera.id(), e);
        }
        ctx.status(201).json(registry.find(camera.id()).orElseThrow());
    }

    private void put(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        CameraInput input = body(ctx);
        String id = ctx.pathParam("id");
        if (input.id() != null && !input.id().equals(id))
            throw ApiException.badRequest("id in the body ('" + input.id() + "') differs from the path ('" + id + "')");
        if (registry.find(id).isPresent()) managed(ctx, who, id);
        Camera camera = validate(ownOrganisation(who, new CameraInput(id, input.name(), input.type(), input.lat(), input.lon(),
                input.heading(), input.lane(), input.direction(), input.organisation(), input.status())));
        try {
            registry.saveAll(List.of(camera));
        } catch (CameraIdUnavailable e) {
            // To a person, an id another organisation used is as absent as one it uses now (see managed()).
            if (who.organisation() != null) throw notFound(id);
            throw new ApiException(409, e.getMessage());
        }
        ctx.json(registry.find(id).orElseThrow());
    }

    /**
     * Deleting a camera ends its tokens at once (the rows go by cascade; the token cache is emptied) and the lists
     * switched on for it; its id stays its organisation's, so the passages, images and hits recorded under it never
     * reach another organisation that would register the same id.
     */
    private void delete(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String id = managed(ctx, who, ctx.pathParam("id")).id();
        boolean deleted;
        try {
            deleted = registry.delete(id);
        } catch (CameraInUse e) {
            throw new ApiException(409, e.getMessage(), Map.of("actions", e.actions()));
        } finally {
            tokens.forgetCached();
        }
        camerasRemoved.run();
        if (!deleted) throw notFound(id);
        ctx.status(204);
    }

    private void importFile(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        String org = ctx.queryParam("organisation");
        org = AccessFilter.ownOrganisation(who, org, "an imported camera");
        List<Camera> cameras;
        try {
            if (type.startsWith("text/csv")) cameras = CameraImport.fromCsv(ctx.body(), org);
            else if (type.startsWith("application/geo+json") || type.startsWith("application/json"))
                cameras = CameraImport.fromGeoJson(ctx.body(), org);
            else throw new ApiException(415, "send text/csv or application/geo+json");
        } catch (CameraImport.ImportException e) {
            throw ApiException.badRequest("import rejected, nothing stored: " + e.getMessage());
        }
        if (who.organisation() != null) {
            for (Camera c : cameras) {
                if (!c.organisation().equals(who.organisation()))
                    throw ApiException.forbidden("import rejected, nothing stored: camera '" + c.id() + "' names organisation "
                            + c.organisation() + "; you may only import cameras of " + who.organisation());
                Camera existing = registry.find(c.id()).orElse(null);
                if (existing != null && !existing.organisation().equals(who.organisation()))
                    throw new ApiException(409, "import rejected, nothing stored: " + unavailable(who, c.id(), null).getMessage());
            }
        }
        try {
            registry.saveAll(cameras);
        } catch (CameraIdUnavailable e) {
            throw new ApiException(409, "import rejected, nothing stored: " + unavailable(who, e.id(), e).getMessage());
        }
        ctx.json(Map.of("imported", cameras.size()));
    }

    private void issueToken(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String id = managed(ctx, who, ctx.pathParam("id")).id();
        ctx.status(201).json(Map.of("camera", id, "token", tokens.issueCameraToken(id),
                "note", "shown once; store it in the camera's configuration"));
    }

    private void revokeTokens(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        String id = managed(ctx, who, ctx.pathParam("id")).id();
        ctx.json(Map.of("revoked", tokens.revokeCameraTokens(id)));
    }

    /**
     * A camera the caller may change: any for the system token, else one of its own organisation. Another
     * organisation's camera is not found; one shared with the caller is visible but read-only.
     */
    private Camera managed(Context ctx, Principal who, String id) {
        Camera camera = registry.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> notFound(id));
        if (who.organisation() != null && !who.organisation().equals(camera.organisation()))
            throw ApiException.forbidden("camera '" + id + "' is shared with you by " + camera.organisation() + ": read-only");
        return camera;
    }

    private static CameraInput ownOrganisation(Principal who, CameraInput input) {
        return input.withDefaultOrganisation(AccessFilter.ownOrganisation(who, input.organisation(), "a camera"));
    }

    /**
     * Camera ids are the platform-wide addresses of reads, so an id used by another organisation, now or before, is
     * refused; the answer is the same either way and never names the organisation.
     */
    private static ApiException unavailable(Principal who, String id, CameraIdUnavailable cause) {
        if (who.organisation() == null && cause != null) return new ApiException(409, cause.getMessage());
        return new ApiException(409, "camera id '" + id + "' is not available: camera ids are unique across the platform "
                + "and never pass from one organisation to another; choose another (e.g. prefixed with your organisation's code)");
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no camera '" + id + "'");
    }

    private static CameraInput body(Context ctx) {
        return Params.body(ctx, CameraInput.class, "a camera JSON object");
    }

    private static Camera validate(CameraInput input) {
        return Params.valid(input::validate);
    }
}
