package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.PassageView;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.plate.Plates;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/investigations/route}: a plate's passages in a window as GeoJSON (or CSV), cut into legs where it
 * went unseen longer than {@code gapMinutes}. In law it is a passage search for one plate: the same legal basis,
 * threshold and approval ({@link SearchAuthorisation}), only the cameras the caller may see, and on the record as a
 * passage search (details {@code analysis: route}), refusals too.
 */
public final class RouteRoutes {
    /** More sightings than this in one window: the answer says it was cut, and a shorter window gives the rest. */
    static final int MAX_SIGHTINGS = 10_000;
    private final PassageSearch search;
    private final SearchAuthorisation authorisation;
    private final CameraRegistry cameras;
    private final AuditLog audit;
    private final Clock clock;

    public RouteRoutes(PassageSearch search, SearchAuthorisation authorisation, CameraRegistry cameras, AuditLog audit, Clock clock) {
        this.search = search;
        this.authorisation = authorisation;
        this.cameras = cameras;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/investigations/route", this::route);
    }

    private void route(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String plate = Params.plate(ctx.queryParam("plate"));
        if (plate == null) throw ApiException.badRequest("plate: required (a route is one vehicle's)");
        SearchScope scope = AnalysisScope.of(ctx, plate, clock);
        Duration gap = Duration.ofMinutes(Params.integer(ctx, "gapMinutes", 30, 1, 7 * 24 * 60));
        String format = ctx.queryParam("format") == null ? "geojson" : ctx.queryParam("format");
        if (!format.equals("geojson") && !format.equals("csv")) throw ApiException.badRequest("format: geojson or csv");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "route");
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        details.put("gapMinutes", gap.toMinutes());
        details.put("format", format);
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope, plate, details);
        PassageSearch.Page page = search.search(new PassageQuery(plate, false, null, scope.from(), scope.to(), MAX_SIGHTINGS,
                null, true, VehicleDescription.NONE), AccessFilter.visibility(ctx));
        authorised.recordResults(page.passages().size());

        Map<java.util.UUID, PassageView> byId = new HashMap<>();
        List<Sighting> sightings = new ArrayList<>();
        for (PassageView p : page.passages()) {
            byId.put(p.id(), p);
            Double lat = p.lat();
            Double lon = p.lon();
            if (lat == null || lon == null) {
                Camera c = cameras.find(p.camera()).orElse(null);
                if (c != null) {
                    lat = c.lat();
                    lon = c.lon();
                }
            }
            sightings.add(new Sighting(p.id(), p.time(), p.camera(), lat, lon));
        }
        Route route = Route.of(sightings, gap);
        if (format.equals("csv")) {
            ctx.header("Content-Disposition", "attachment; filename=\"route.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(csv(route));
            return;
        }
        try {
            ctx.contentType("application/geo+json").result(Json.MAPPER.writeValueAsBytes(geoJson(plate, scope, route, byId,
                    page.next() != null)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("route as GeoJSON", e);
        }
    }

    /** A FeatureCollection: a point per passage, a line per leg, a dashed-line feature per gap; summary in properties. */
    static Map<String, Object> geoJson(String plate, SearchScope scope, Route route, Map<java.util.UUID, PassageView> byId, boolean truncated) {
        List<Object> features = new ArrayList<>();
        int leg = 0;
        int index = 0;
        for (List<Sighting> l : route.legs()) {
            List<double[]> line = new ArrayList<>();
            for (Sighting s : l) {
                PassageView p = byId.get(s.id());
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("kind", "passage");
                props.put("index", index++);
                props.put("leg", leg);
                props.put("id", s.id());
                props.put("time", s.time());
                props.put("camera", s.camera());
                props.put("hasImages", p.hasImages());
                if (p.make() != null) props.put("make", p.make());
                if (p.colour() != null) props.put("colour", p.colour());
                if (p.vehicleType() != null) props.put("vehicleType", p.vehicleType());
                if (p.speed() != null) props.put("speed", p.speed());
                features.add(feature(s.located() ? point(s) : null, props));
                if (s.located()) line.add(new double[] {s.lon(), s.lat()});
            }
            if (line.size() > 1) {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("kind", "leg");
                props.put("leg", leg);
                props.put("from", l.getFirst().time());
                props.put("to", l.getLast().time());
                props.put("passages", l.size());
                features.add(feature(Map.of("type", "LineString", "coordinates", line), props));
            }
            leg++;
        }
        for (Route.Gap g : route.gaps()) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("kind", "gap");
            props.put("from", g.lastSeen().time());
            props.put("to", g.nextSeen().time());
            props.put("fromCamera", g.lastSeen().camera());
            props.put("toCamera", g.nextSeen().camera());
            props.put("unseenSeconds", g.unseen().toSeconds());
            if (g.metres() != null) props.put("metres", Math.round(g.metres()));
            Object geometry = g.lastSeen().located() && g.nextSeen().located() ? Map.of("type", "LineString", "coordinates",
                    List.of(new double[] {g.lastSeen().lon(), g.lastSeen().lat()}, new double[] {g.nextSeen().lon(), g.nextSeen().lat()})) : null;
            features.add(feature(geometry, props));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("plate", plate);
        summary.put("display", Plates.display(plate, null));
        summary.put("from", scope.from());
        summary.put("to", scope.to());
        summary.put("gapMinutes", route.gapThreshold().toMinutes());
        summary.put("passages", route.sightings().size());
        summary.put("legs", route.legs().size());
        summary.put("gaps", route.gaps().size());
        summary.put("firstSeen", route.sightings().isEmpty() ? null : route.sightings().getFirst().time());
        summary.put("lastSeen", route.sightings().isEmpty() ? null : route.sightings().getLast().time());
        summary.put("truncated", truncated);
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("properties", summary);
        fc.put("features", features);
        return fc;
    }

    private static Map<String, Object> point(Sighting s) {
        return Map.of("type", "Point", "coordinates", new double[] {s.lon(), s.lat()});
    }

    private static Map<String, Object> feature(Object geometry, Map<String, Object> props) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", geometry);
        f.put("properties", props);
        return f;
    }

    static String csv(Route route) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row("index", "leg", "time", "camera", "lat", "lon", "unseen_before_s", "metres_from_previous", "passage");
        int leg = 0;
        int index = 0;
        Sighting previous = null;
        for (List<Sighting> l : route.legs()) {
            for (Sighting s : l) {
                Long unseen = previous == null ? null : Duration.between(previous.time(), s.time()).toSeconds();
                Double metres = previous == null ? null : previous.metresTo(s);
                csv.row(index++, leg, s.time(), s.camera(), s.lat(), s.lon(), unseen, metres == null ? null : Math.round(metres), s.id());
                previous = s;
            }
            leg++;
        }
        return sb.toString();
    }
}
