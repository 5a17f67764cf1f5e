package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/road-networks}: a region's stored roads and boundary (uploaded by whoever manages the organisation's
 * cameras), the light base layer every map draws, and {@code GET /api/v1/coverage?network=ID}: the coverage report
 * against a stored network. Uploads and deletions are put on the record by the change recorder.
 */
final class RoadNetworkRoutes {
    private final RoadNetworks networks;
    private final CameraRegistry cameras;
    private final long maxUploadBytes;

    RoadNetworkRoutes(RoadNetworks networks, CameraRegistry cameras, long maxUploadBytes) {
        this.networks = networks;
        this.cameras = cameras;
        this.maxUploadBytes = maxUploadBytes;
    }

    void register(Javalin app) {
        app.get("/api/v1/road-networks", this::list);
        app.post("/api/v1/road-networks", this::create);
        app.post("/api/v1/road-networks/osm-pbf", this::createFromPbf);
        app.get("/api/v1/road-networks/base-layer", this::baseLayer);
        app.get("/api/v1/road-networks/{id}", this::get);
        app.delete("/api/v1/road-networks/{id}", this::delete);
        app.get("/api/v1/coverage", this::coverage);
    }

    private void list(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        ctx.json(networks.list(AccessFilter.visibility(ctx)));
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        if (ctx.contentLength() > maxUploadBytes)
            throw new ApiException(413, "a road network may be at most " + maxUploadBytes + " bytes");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyInputStream());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject())
            throw ApiException.badRequest("send {\"name\", \"boundary\": GeoJSON polygon, \"roads\": GeoJSON FeatureCollection of LineStrings, \"shared\"?}");
        String name = body.path("name").asText("").strip();
        if (name.isEmpty() || name.length() > RoadNetworks.MAX_TEXT) throw ApiException.badRequest("name: 1 to " + RoadNetworks.MAX_TEXT + " characters");
        JsonNode shared = body.get("shared");
        if (shared != null && !shared.isBoolean()) throw ApiException.badRequest("shared: true or false");
        String organisation = AccessFilter.ownOrganisation(who, body.path("organisation").asText(null), "a road network");
        if (organisation == null || organisation.isBlank()) throw ApiException.badRequest("organisation: name the organisation the network belongs to");
        store(ctx, who, organisation, name, shared != null && shared.booleanValue(),
                () -> RoadNetworks.parse(body.get("boundary"), body.get("roads")));
    }

    /**
     * Parses (a refused file is a 400 with its reason) and stores the network (a name taken is a 409), and answers with
     * its summary: the one ending of both uploads.
     */
    private void store(Context ctx, Principal who, String organisation, String name, boolean shared,
                       java.util.function.Supplier<RoadNetworks.Parsed> parse) {
        long id;
        try {
            id = networks.create(organisation, name, shared, parse.get(), who.label());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            if (e.getCause() == null) throw new ApiException(409, e.getMessage());
            throw e;
        }
        ctx.status(201).json(networks.find(id, Visibility.everything()).orElseThrow().summary());
    }

    /**
     * A road network from an OpenStreetMap extract ({@code .osm.pbf} as the body; {@code ?name=&shared=&organisation=}):
     * its roads of the classes the coverage report is about, its bounding box as boundary ({@link OsmPbf}), then
     * checked and stored as an uploaded GeoJSON network is.
     */
    private void createFromPbf(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        if (ctx.contentLength() > maxUploadBytes)
            throw new ApiException(413, "a road network may be at most " + maxUploadBytes + " bytes");
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/octet-stream") && !type.startsWith("application/x-protobuf")
                && !type.startsWith("application/vnd.openstreetmap.data+pbf"))
            throw new ApiException(415, "send the .osm.pbf file as application/octet-stream");
        String name = ctx.queryParam("name") == null ? "" : ctx.queryParam("name").strip();
        if (name.isEmpty() || name.length() > RoadNetworks.MAX_TEXT || name.chars().anyMatch(Character::isISOControl))
            throw ApiException.badRequest("name: 1 to " + RoadNetworks.MAX_TEXT + " characters");
        String shared = ctx.queryParam("shared");
        if (shared != null && !shared.equals("true") && !shared.equals("false")) throw ApiException.badRequest("shared: true or false");
        String boundary = ctx.queryParam("boundary") == null || ctx.queryParam("boundary").isBlank() ? null : ctx.queryParam("boundary").strip();
        if (boundary != null && (boundary.length() > RoadNetworks.MAX_TEXT || boundary.chars().anyMatch(Character::isISOControl)))
            throw ApiException.badRequest("boundary: the name or id (r…) of an administrative boundary in the extract, at most " + RoadNetworks.MAX_TEXT + " characters");
        String organisation = AccessFilter.ownOrganisation(who, ctx.queryParam("organisation"), "a road network");
        if (organisation == null || organisation.isBlank()) throw ApiException.badRequest("organisation: name the organisation the network belongs to");
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxUploadBytes) throw new ApiException(413, "a road network may be at most " + maxUploadBytes + " bytes");
        store(ctx, who, organisation, name, "true".equals(shared), () -> {
            OsmPbf.Roads roads = OsmPbf.read(body, boundary);
            return RoadNetworks.parse(roads.boundary(), roads.roads());
        });
    }

    private RoadNetworks.Stored visible(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id: a number");
        }
        return networks.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no road network " + id));
    }

    private void get(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        RoadNetworks.Stored n = visible(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", n.summary());
        out.put("boundary", n.boundary());
        out.put("roads", n.roads());
        ctx.json(out);
    }

    private void delete(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        RoadNetworks.Stored n = visible(ctx);
        if (who.organisation() != null && !who.organisation().equals(n.summary().organisation()))
            throw ApiException.forbidden("road network " + n.summary().id() + " belongs to " + n.summary().organisation() + "; only it may delete it");
        networks.delete(n.summary().id());
        ctx.status(204);
    }

    private void baseLayer(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        ctx.header("Cache-Control", "private, max-age=300");
        ctx.header("Vary", "Cookie, Authorization");
        ctx.json(networks.baseLayer(AccessFilter.visibility(ctx)));
    }

    /** The coverage report against a stored network ({@code ?network=ID}) and the fixed cameras the caller sees. */
    private void coverage(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        String param = ctx.queryParam("network");
        if (param == null) throw ApiException.badRequest("network: the id of a stored road network (or POST a boundary and roads)");
        long id;
        try {
            id = Long.parseLong(param);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("network: a number");
        }
        Visibility v = AccessFilter.visibility(ctx);
        RoadNetworks.Stored n = networks.find(id, v).orElseThrow(() -> ApiException.notFound("no road network " + id));
        List<Camera> visible = cameras.visible(v).stream().filter(c -> c.type() == Camera.CameraType.FIXED).toList();
        Coverage.Report r = Coverage.report(n.boundary(), n.roads(), visible);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", n.summary());
        out.put("boundary", n.boundary());
        out.put("roads", r.roads());
        out.put("crossingRoads", r.crossingRoads());
        out.put("crossings", r.crossings());
        out.put("blindSpots", r.blindSpots());
        out.put("overlaps", r.overlaps());
        out.put("perOrganisation", r.perOrganisation());
        out.put("planning", r.planning());
        ctx.json(out);
    }
}
