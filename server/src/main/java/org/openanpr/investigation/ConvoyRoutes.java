package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditLog;
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

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/investigations/convoy}: the vehicles that passed at least {@code minCameras} of the target's
 * cameras within {@code windowSeconds} of it ({@link Convoy}). Targeted on one plate, it is a passage search for that
 * plate in law (legal basis, threshold, approval, audit as {@code PASSAGE_SEARCH} with {@code details.analysis:
 * convoy}); the other plates it names are only those seen near the target. Fast by construction: the target's few
 * passages first (plate index), then one range of the {@code (camera_id, observed_at)} index per target passage.
 * Without a plate, untargeted: every pair seen together at {@code minCameras} (default 3) cameras, an every-vehicle
 * search that always needs an approval ({@link ConvoyStore#pairs}; the same {@link Convoy#rank} decides).
 */
public final class ConvoyRoutes {
    static final int MAX_TARGET_PASSAGES = 2_000;
    static final int MAX_COMPANIONS = 100;
    static final int MAX_PAIRS = 500;
    private final ConvoyStore store;
    private final PassageSearch search;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public ConvoyRoutes(DataSource db, PassageSearch search, SearchAuthorisation authorisation, AuditLog audit, Clock clock) {
        this.store = new ConvoyStore(db);
        this.search = search;
        this.authorisation = authorisation;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/investigations/convoy", this::convoy);
    }

    private void convoy(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String plate = Params.plate(ctx.queryParam("plate"));
        SearchScope scope = AnalysisScope.of(ctx, plate, clock);
        Convoy convoy = Params.valid(() -> new Convoy(Duration.ofSeconds(Params.integer(ctx, "windowSeconds", 120, 1, 3600)),
                Params.integer(ctx, "minCameras", plate == null ? 3 : 2, 2, 50)));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format: json or csv");
        if (plate == null) {
            pairs(ctx, who, scope, convoy, format);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "convoy");
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        details.put("windowSeconds", convoy.window().toSeconds());
        details.put("minCameras", convoy.minCameras());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope, plate, details);
        Visibility v = AccessFilter.visibility(ctx);
        PassageSearch.Page page = search.search(new PassageQuery(plate, false, null, scope.from(), scope.to(), MAX_TARGET_PASSAGES,
                null, true, VehicleDescription.NONE), v);
        List<Sighting> target = page.passages().stream().map(p -> new Sighting(p.id(), p.time(), p.camera(), p.lat(), p.lon())).toList();
        List<Convoy.Companion> ranked = convoy.rank(target, store.nearby(plate, target, convoy.window(), v));
        List<Convoy.Companion> shown = ranked.subList(0, Math.min(ranked.size(), MAX_COMPANIONS));
        details.put("companions", ranked.size());
        authorised.recordResults(target.size() + shown.size());
        if (format.equals("csv")) {
            StringBuilder sb = new StringBuilder();
            Csv csv = new Csv(sb).row("rank", "plate", "cameras", "mean_gap_s", "camera", "target_time", "companion_time", "gap_s",
                    "leads", "companion_passage");
            int rank = 0;
            for (Convoy.Companion c : shown) {
                rank++;
                for (Convoy.Evidence e : c.evidence())
                    csv.row(rank, Plates.display(c.plate(), null), c.cameras(), Math.round(c.meanGapSeconds()), e.camera(),
                            e.target().time(), e.companion().time(), e.gapSeconds(), e.leads(), e.companion().id());
            }
            ctx.header("Content-Disposition", "attachment; filename=\"convoy.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
            return;
        }
        List<Map<String, Object>> companions = new ArrayList<>();
        for (Convoy.Companion c : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plate", c.plate());
            m.put("display", Plates.display(c.plate(), null));
            m.put("cameras", c.cameras());
            m.put("meanGapSeconds", c.meanGapSeconds());
            m.put("leads", c.leads());
            m.put("follows", c.follows());
            m.put("evidence", c.evidence().stream().map(e -> Map.of("camera", e.camera(), "targetTime", e.target().time(),
                    "companionTime", e.companion().time(), "gapSeconds", e.gapSeconds(), "leads", e.leads(),
                    "companionPassage", e.companion().id())).toList());
            companions.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plate", plate);
        out.put("targetPassages", target.size());
        out.put("targetTruncated", page.next() != null);
        out.put("companions", companions);
        out.put("companionsFound", ranked.size());
        out.put("windowSeconds", convoy.window().toSeconds());
        out.put("minCameras", convoy.minCameras());
        ctx.json(out);
    }

    /** Untargeted: every pair seen together at k cameras in the window. Every vehicle: always under an approval. */
    private void pairs(Context ctx, Principal who, SearchScope scope, Convoy convoy, String format) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "convoy pairs");
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        details.put("windowSeconds", convoy.window().toSeconds());
        details.put("minCameras", convoy.minCameras());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope, "every plate", details);
        ConvoyStore.Pairs found;
        try {
            found = Params.valid(() -> store.pairs(scope.from(), scope.to(), convoy, AccessFilter.visibility(ctx), ConvoyStore.MAX_PAIR_PASSAGES));
        } catch (ConvoyStore.TooMany e) {
            throw new ApiException(413, e.getMessage());
        }
        List<ConvoyStore.Pair> shown = found.pairs().subList(0, Math.min(found.pairs().size(), MAX_PAIRS));
        details.put("pairs", found.pairs().size());
        details.put("passagesExamined", found.passages());
        authorised.recordResults(shown.size());
        if (format.equals("csv")) {
            StringBuilder sb = new StringBuilder();
            Csv csv = new Csv(sb).row("rank", "plate", "companion", "cameras", "mean_gap_s", "camera", "plate_time", "companion_time", "gap_s",
                    "companion_leads", "plate_passage", "companion_passage");
            int rank = 0;
            for (ConvoyStore.Pair p : shown) {
                rank++;
                for (Convoy.Evidence e : p.companion().evidence())
                    csv.row(rank, Plates.display(p.first(), null), Plates.display(p.second(), null), p.companion().cameras(),
                            Math.round(p.companion().meanGapSeconds()), e.camera(), e.target().time(), e.companion().time(), e.gapSeconds(),
                            e.leads(), e.target().id(), e.companion().id());
            }
            ctx.header("Content-Disposition", "attachment; filename=\"convoy-pairs.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
            return;
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (ConvoyStore.Pair p : shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plate", p.first());
            m.put("plateDisplay", Plates.display(p.first(), null));
            m.put("companion", p.second());
            m.put("companionDisplay", Plates.display(p.second(), null));
            m.put("cameras", p.companion().cameras());
            m.put("meanGapSeconds", p.companion().meanGapSeconds());
            m.put("evidence", p.companion().evidence().stream().map(e -> Map.of("camera", e.camera(), "plateTime", e.target().time(),
                    "companionTime", e.companion().time(), "gapSeconds", e.gapSeconds(), "companionLeads", e.leads(),
                    "platePassage", e.target().id(), "companionPassage", e.companion().id())).toList());
            pairs.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passagesExamined", found.passages());
        out.put("pairsFound", found.pairs().size());
        out.put("pairs", pairs);
        ctx.json(out);
    }
}
