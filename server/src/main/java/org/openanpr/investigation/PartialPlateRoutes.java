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
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.plate.Plates;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/investigations/partial-plates}: the plates that fit what a witness saw — a pattern with {@code ?}
 * for one unknown character and {@code *} for any run of them ({@code 12-?B?-3}, {@code XG*7}), optionally narrowed by
 * make, model, colour and vehicle type as the cameras described the vehicle — one row per plate with its passages,
 * first and last seen, cameras and descriptions. The plate condition and indexes are the passage search's
 * ({@link PassageSearch#plates}: trigram index on the plate key); the legal-basis rules are those of a wildcard search
 * (approval beyond 24 hours), audited as {@code PASSAGE_SEARCH} with {@code details.analysis: partial-plate}.
 */
public final class PartialPlateRoutes {
    static final int MAX_PLATES = 500;
    private final PassageSearch search;
    private final CameraRegistry cameras;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public PartialPlateRoutes(PassageSearch search, CameraRegistry cameras, SearchAuthorisation authorisation, AuditLog audit, Clock clock) {
        this.search = search;
        this.cameras = cameras;
        this.authorisation = authorisation;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/investigations/partial-plates", this::partial);
    }

    private void partial(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String pattern = Params.platePattern(ctx.queryParam("plate"));
        if (pattern == null) throw ApiException.badRequest("plate: required, with ? for one unknown character or * for any (XG*7, 12-?B?-3)");
        SearchScope scope = AnalysisScope.of(ctx, pattern, clock);
        if (!scope.wildcard())
            throw ApiException.badRequest("plate: " + pattern + " is a whole plate; use ? or * for the unknown characters, or the passage search");
        VehicleDescription vehicle = Params.valid(() -> VehicleDescription.of(ctx.queryParam("make"), ctx.queryParam("model"),
                ctx.queryParam("colour"), ctx.queryParam("vehicleType")));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv") && !format.equals("geojson"))
            throw ApiException.badRequest("format: json, csv or geojson");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "partial-plate");
        details.put("pattern", pattern);
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        if (vehicle.make() != null) details.put("make", vehicle.make());
        if (vehicle.model() != null) details.put("model", vehicle.model());
        if (vehicle.colour() != null) details.put("colour", vehicle.colour());
        if (vehicle.type() != null) details.put("vehicleType", vehicle.type());
        details.put("format", format);
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope, pattern, details);
        List<PassageSearch.PlateSummary> found = search.plates(new PassageQuery(pattern, false, null, scope.from(), scope.to(),
                MAX_PLATES, null, true, vehicle), AccessFilter.visibility(ctx), MAX_PLATES + 1);
        boolean truncated = found.size() > MAX_PLATES;
        List<PassageSearch.PlateSummary> shown = truncated ? found.subList(0, MAX_PLATES) : found;
        authorised.details().put("plates", shown.size());
        authorised.recordResults(shown.size());
        switch (format) {
            case "csv" -> {
                StringBuilder sb = new StringBuilder();
                Csv csv = new Csv(sb).row("plate", "country", "passages", "first_seen", "last_seen", "cameras", "makes", "colours", "vehicle_types");
                for (PassageSearch.PlateSummary p : shown)
                    csv.row(Plates.display(p.plate(), p.country()), p.country(), p.passages(), p.first(), p.last(),
                            String.join(" ", p.cameras()), String.join(" ", p.makes()), String.join(" ", p.colours()), String.join(" ", p.types()));
                ctx.header("Content-Disposition", "attachment; filename=\"partial-plate.csv\"");
                ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
            }
            case "geojson" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"partial-plate.geojson\"");
                ctx.contentType("application/geo+json").result(StakeoutRoutes.bytes(geoJson(shown)));
            }
            default -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("pattern", pattern);
                out.put("from", scope.from());
                out.put("to", scope.to());
                out.put("truncated", truncated);
                out.put("plates", shown.stream().map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("plate", p.plate());
                    m.put("display", Plates.display(p.plate(), p.country()));
                    m.put("country", p.country());
                    m.put("passages", p.passages());
                    m.put("firstSeen", p.first());
                    m.put("lastSeen", p.last());
                    m.put("cameras", p.cameras());
                    m.put("makes", p.makes());
                    m.put("colours", p.colours());
                    m.put("vehicleTypes", p.types());
                    return m;
                }).toList());
                ctx.json(out);
            }
        }
    }

    /** A point per plate and camera that saw it (the camera's position), with the plate's summary. */
    private Map<String, Object> geoJson(List<PassageSearch.PlateSummary> shown) {
        List<Object> features = new ArrayList<>();
        for (PassageSearch.PlateSummary p : shown) {
            for (String id : p.cameras()) {
                Camera c = cameras.find(id).orElse(null);
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("plate", p.plate());
                props.put("camera", id);
                props.put("passages", p.passages());
                props.put("firstSeen", p.first().toString());
                props.put("lastSeen", p.last().toString());
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("type", "Feature");
                f.put("geometry", c == null ? null : Map.of("type", "Point", "coordinates", List.of(c.lon(), c.lat())));
                f.put("properties", props);
                features.add(f);
            }
        }
        return Map.of("type", "FeatureCollection", "features", features);
    }
}
