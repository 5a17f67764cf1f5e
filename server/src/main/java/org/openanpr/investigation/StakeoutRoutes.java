package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.LegalBasis;
import org.openanpr.passage.SearchRequest;
import org.openanpr.passage.SearchRequestStore;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.openanpr.plate.Plates;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/investigations/stakeout}: every vehicle seen in an area in a window, or present at at least
 * {@code minScenes} of several such scenes ({@link StakeoutSearch}). The scenes are the body; the legal basis and an
 * approval are query parameters as for every passage search. An "every vehicle" search in law: it always needs a second
 * person's approval ({@link StakeoutSearch#scope}), and runs and refusals are audited as {@code PASSAGE_SEARCH} with
 * {@code details.analysis: stakeout} and the areas searched. JSON, CSV or GeoJSON ({@code format}).
 */
public final class StakeoutRoutes {
    static final int MAX_VEHICLES = 2_000;
    static final int MAX_BODY_BYTES = 512 * 1024;
    private final StakeoutSearch stakeouts;
    private final StakeoutRequests requests;
    private final SearchRequestStore searchRequests;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;

    StakeoutRoutes(StakeoutSearch stakeouts, StakeoutRequests requests, SearchRequestStore searchRequests,
                   SearchAuthorisation authorisation, AuditLog audit) {
        this.stakeouts = stakeouts;
        this.requests = requests;
        this.searchRequests = searchRequests;
        this.authorisation = authorisation;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.post("/api/v1/investigations/stakeout", this::stakeout);
        app.post("/api/v1/investigations/stakeout/requests", this::file);
        app.get("/api/v1/investigations/stakeout/requests", this::mine);
        app.get("/api/v1/investigations/stakeout/requests/{id}", this::one);
    }

    /**
     * Files the search request for a stakeout: the request every passage search over the threshold files (every vehicle,
     * the period, the legal basis), with each scene described among its reasons so that the privacy officer sees where
     * and when, and the scenes kept with it so that the approval holds for them alone.
     */
    private void file(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        if (who.organisation() == null)
            throw ApiException.forbidden("the system token cannot file search requests; log in as a person of the organisation");
        Request in = parse(ctx);
        LegalBasis basis;
        try {
            basis = LegalBasis.of(ctx.queryParam("caseNumber"), ctx.queryParam("offence"), ctx.queryParam("purpose"));
        } catch (LegalBasis.MissingLegalBasis e) {
            throw ApiException.badRequest(e.getMessage());
        }
        SearchScope scope = StakeoutSearch.scope(in.scenes(), in.margin());
        List<String> reasons = new ArrayList<>(authorisation.reasons(scope));
        for (int i = 0; i < in.scenes().size(); i++) reasons.add(describe(i, in.scenes().get(i)));
        SearchRequest r = searchRequests.create(who.organisation(), who.label(), scope, false, basis, reasons);
        requests.save(r.id(), in.scenes(), in.minScenes(), (int) in.margin().toMinutes());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "stakeout");
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        details.put("reasons", reasons);
        details.put("scenes", StakeoutRequests.canonicalTree(in.scenes()));
        audit.recordChange(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.SEARCH_REQUEST, "search request " + r.id(),
                basis.offence().name(), basis.caseNumber(), basis.purpose(), null, details));
        ctx.status(201).json(r);
    }

    /** The requester's own stakeout requests; a privacy officer's: the organisation's, to see the areas before deciding. */
    private void mine(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.SEARCH_PASSAGES, Permission.APPROVE_SEARCHES);
        ctx.json(who.organisation() == null ? List.of()
                : requests.mine(who.organisation(), who.can(Permission.APPROVE_SEARCHES) ? null : who.label()));
    }

    /**
     * One stakeout request with its areas and windows, for the privacy officer deciding on it (and its requester): each
     * scene's area as GeoJSON and as the centre and radius or the polygon's corners. Another organisation's, or
     * another analyst's, is not found.
     */
    private void one(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.SEARCH_PASSAGES, Permission.APPROVE_SEARCHES);
        long id = Params.id(ctx, "id");
        StakeoutRequests.Mine r = requests.detail(id)
                .filter(x -> who.organisation() != null && x.organisation().equals(who.organisation())
                        && (who.can(Permission.APPROVE_SEARCHES) || x.requestedBy().equals(who.label())))
                .orElseThrow(() -> ApiException.notFound("no stakeout request " + id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("organisation", r.organisation());
        out.put("requestedBy", r.requestedBy());
        out.put("status", r.status());
        out.put("decidedBy", r.decidedBy());
        out.put("validUntil", r.validUntil());
        out.put("createdAt", r.createdAt());
        out.put("caseNumber", r.caseNumber());
        out.put("offence", r.offence());
        out.put("purpose", r.purpose());
        out.put("minScenes", r.minScenes());
        out.put("marginMinutes", r.marginMinutes());
        List<Map<String, Object>> scenes = new ArrayList<>();
        for (int i = 0; i < r.scenes().size(); i++) {
            JsonNode s = r.scenes().get(i);
            JsonNode area = s.path("area");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("label", s.path("label").isNull() ? null : s.path("label").asText());
            m.put("from", s.path("from").asText());
            m.put("to", s.path("to").asText());
            m.put("area", area);
            if (area.path("type").asText().equals("Point")) {
                m.put("centre", Map.of("lat", area.path("coordinates").get(1).asDouble(), "lon", area.path("coordinates").get(0).asDouble()));
                m.put("radiusMetres", area.path("radius").asDouble());
            } else {
                List<List<Double>> corners = new ArrayList<>();
                JsonNode ring = area.path("coordinates").get(0);
                for (int k = 0; k + 1 < ring.size(); k++) corners.add(List.of(ring.get(k).get(1).asDouble(), ring.get(k).get(0).asDouble()));
                m.put("corners", corners); // [lat, lon], the closing corner left out
                m.put("holes", area.path("coordinates").size() - 1);
            }
            scenes.add(m);
        }
        out.put("scenes", scenes);
        ctx.json(out);
    }

    /** One line for the privacy officer: which scene, what shape where, how large, when. */
    static String describe(int index, StakeoutSearch.Scene s) {
        String where = switch (s.area()) {
            case Area.Circle c -> String.format(java.util.Locale.ROOT, "circle of %.0f m around %.5f, %.5f", c.radiusMetres(), c.lat(), c.lon());
            case Area.Shape p -> String.format(java.util.Locale.ROOT, "polygon of %.2f km²", p.squareKilometres());
        };
        return "stakeout scene " + (index + 1) + (s.label() == null ? "" : " '" + s.label() + "'") + ": " + where + ", "
                + s.from() + " to " + s.to();
    }

    record Request(List<StakeoutSearch.Scene> scenes, int minScenes, Duration margin) {
    }

    private void stakeout(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv") && !format.equals("geojson"))
            throw ApiException.badRequest("format: json, csv or geojson");
        Request in = parse(ctx);
        SearchScope scope = StakeoutSearch.scope(in.scenes(), in.margin());
        Long approval = Params.optionalLong(ctx, "approval");
        StakeoutRequests.Stored asked = approval == null ? null : requests.find(approval).orElse(null);
        if (asked != null && !StakeoutRequests.same(asked, in.scenes())) {
            String reason = "approval " + approval + " was given for other stakeout areas or windows; file a request for these";
            audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PASSAGE_SEARCH, "stakeout",
                    ctx.queryParam("offence"), ctx.queryParam("caseNumber"), ctx.queryParam("purpose"), 0,
                    Map.of("analysis", "stakeout", "approval", approval, "refused", reason)));
            throw new ApiException(403, reason, Map.of("approvalRequired", true, "reasons", List.of(reason)));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "stakeout");
        details.put("minScenes", in.minScenes());
        details.put("marginMinutes", in.margin().toMinutes());
        List<Map<String, Object>> sceneDetails = new ArrayList<>();
        for (StakeoutSearch.Scene s : in.scenes()) {
            Map<String, Object> d = new LinkedHashMap<>();
            if (s.label() != null) d.put("label", s.label());
            d.put("from", s.from().toString());
            d.put("to", s.to().toString());
            d.put("area", s.area().geoJson());
            sceneDetails.add(d);
        }
        details.put("scenes", sceneDetails);
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope,
                "stakeout", details);
        StakeoutSearch.Result result;
        try {
            result = stakeouts.run(in.scenes(), in.minScenes(), in.margin(), AccessFilter.visibility(ctx));
        } catch (StakeoutSearch.TooBroad e) {
            authorised.details().put("refused", e.getMessage());
            authorised.recordResults(0);
            throw new ApiException(422, e.getMessage());
        }
        for (int i = 0; i < sceneDetails.size(); i++) sceneDetails.get(i).put("cameras", result.cameras().get(i).size());
        List<Stakeout.Vehicle> shown = result.vehicles().subList(0, Math.min(result.vehicles().size(), MAX_VEHICLES));
        authorised.details().put("vehiclesFound", result.vehicles().size());
        authorised.details().put("format", format);
        authorised.recordResults(shown.size());
        switch (format) {
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"stakeout.csv\"");
                ctx.contentType("text/csv; charset=utf-8").result(csv(result, shown));
            }
            case "geojson" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"stakeout.geojson\"");
                ctx.contentType("application/geo+json").result(bytes(geoJson(result, shown)));
            }
            default -> ctx.json(json(result, shown, in));
        }
    }

    private static Request parse(Context ctx) {
        if (ctx.bodyAsBytes().length > MAX_BODY_BYTES)
            throw ApiException.badRequest("body: at most " + MAX_BODY_BYTES / 1024 + " KiB");
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) throw ApiException.badRequest("body: expected {scenes: [...], minScenes, marginMinutes}");
        JsonNode scenes = body.get("scenes");
        if (scenes == null || !scenes.isArray() || scenes.isEmpty())
            throw ApiException.badRequest("scenes: a list of 1 to " + StakeoutSearch.MAX_SCENES + " scenes {circle | polygon, from, to}");
        if (scenes.size() > StakeoutSearch.MAX_SCENES)
            throw ApiException.badRequest("scenes: at most " + StakeoutSearch.MAX_SCENES + ", got " + scenes.size());
        List<StakeoutSearch.Scene> out = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            JsonNode s = scenes.get(i);
            String at = "scenes[" + i + "].";
            try {
                if (!s.isObject()) throw new IllegalArgumentException("a scene {circle | polygon, from, to}");
                Area area = Area.parse(s);
                String label = s.hasNonNull("label") ? s.get("label").asText().strip() : null;
                out.add(new StakeoutSearch.Scene(label == null || label.isEmpty() ? null : label, area, time(s, "from"), time(s, "to")));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(at + " " + e.getMessage());
            }
        }
        int min = integer(body, "minScenes", out.size() == 1 ? 1 : 2);
        if (min < 1 || min > out.size()) throw ApiException.badRequest("minScenes: 1 to the number of scenes (" + out.size() + ")");
        int margin = integer(body, "marginMinutes", 0);
        if (margin < 0 || margin > StakeoutSearch.MAX_MARGIN.toMinutes())
            throw ApiException.badRequest("marginMinutes: 0 to " + StakeoutSearch.MAX_MARGIN.toMinutes());
        return new Request(List.copyOf(out), min, Duration.ofMinutes(margin));
    }

    private static java.time.Instant time(JsonNode scene, String field) {
        JsonNode v = scene.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(field + ": an ISO-8601 time with offset is required");
        // To the millisecond: the approval's period is stored by PostgreSQL to the microsecond, and a window given in
        // nanoseconds would never be covered by the request filed for it.
        return Params.instant(field, v.asText()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static int integer(JsonNode body, String field, int fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.badRequest(field + ": a whole number");
        return v.asInt();
    }

    private static Map<String, Object> json(StakeoutSearch.Result r, List<Stakeout.Vehicle> shown, Request in) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("minScenes", in.minScenes());
        out.put("marginMinutes", in.margin().toMinutes());
        out.put("scenes", scenes(r));
        out.put("passagesRead", r.passagesRead());
        out.put("vehiclesFound", r.vehicles().size());
        out.put("truncated", shown.size() < r.vehicles().size());
        List<Map<String, Object>> vehicles = new ArrayList<>();
        for (Stakeout.Vehicle v : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plate", v.plate());
            m.put("display", Plates.display(v.plate(), null));
            m.put("scenes", v.scenes());
            m.put("sceneCount", v.sceneCount());
            m.put("passages", v.evidence().size());
            m.put("evidence", v.evidence().stream().map(StakeoutRoutes::evidence).toList());
            vehicles.add(m);
        }
        out.put("vehicles", vehicles);
        return out;
    }

    private static List<Map<String, Object>> scenes(StakeoutSearch.Result r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < r.scenes().size(); i++) {
            StakeoutSearch.Scene s = r.scenes().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("label", s.label());
            m.put("from", s.from());
            m.put("to", s.to());
            m.put("area", s.area().geoJson());
            m.put("squareKilometres", Math.round(s.area().squareKilometres() * 1000) / 1000.0);
            m.put("cameras", r.cameras().get(i).stream().map(Camera::id).toList());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> evidence(Stakeout.Seen s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scene", s.scene());
        m.put("passage", s.sighting().id());
        m.put("time", s.sighting().time());
        m.put("camera", s.sighting().camera());
        m.put("inMargin", s.inMargin());
        return m;
    }

    static String csv(StakeoutSearch.Result r, List<Stakeout.Vehicle> shown) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row("rank", "plate", "scenes_present", "scene", "scene_label", "time", "camera", "in_margin", "passage");
        int rank = 0;
        for (Stakeout.Vehicle v : shown) {
            rank++;
            for (Stakeout.Seen s : v.evidence())
                csv.row(rank, Plates.display(v.plate(), null), v.sceneCount(), s.scene() + 1, r.scenes().get(s.scene()).label(),
                        s.sighting().time(), s.sighting().camera(), s.inMargin(), s.sighting().id());
        }
        return sb.toString();
    }

    /** A FeatureCollection: each scene's area (a circle as a point with its radius), then a point per passage of evidence. */
    static Map<String, Object> geoJson(StakeoutSearch.Result r, List<Stakeout.Vehicle> shown) {
        List<Object> features = new ArrayList<>();
        for (Map<String, Object> scene : scenes(r)) {
            Map<String, Object> props = new LinkedHashMap<>(scene);
            Object geometry = props.remove("area");
            props.put("kind", "scene");
            features.add(feature(geometry, props));
        }
        int rank = 0;
        for (Stakeout.Vehicle v : shown) {
            rank++;
            for (Stakeout.Seen s : v.evidence()) {
                Map<String, Object> props = evidence(s);
                props.put("kind", "passage");
                props.put("plate", v.plate());
                props.put("rank", rank);
                props.put("sceneCount", v.sceneCount());
                Object point = s.sighting().located() ? Map.of("type", "Point", "coordinates", List.of(s.sighting().lon(), s.sighting().lat())) : null;
                features.add(feature(point, props));
            }
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("features", features);
        return fc;
    }

    private static Map<String, Object> feature(Object geometry, Map<String, Object> props) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", geometry);
        f.put("properties", props);
        return f;
    }

    static byte[] bytes(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("as JSON", e);
        }
    }
}
