package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /api/v1/investigations/convoy}: the vehicles that passed at least {@code minCameras} of the target's
 * cameras within {@code windowSeconds} of it ({@link Convoy}). Targeted on one plate, it is a passage search for that
 * plate in law (legal basis, threshold, approval, audit as {@code PASSAGE_SEARCH} with {@code details.analysis:
 * convoy}); the other plates it names are only those seen near the target. Fast by construction: the target's few
 * passages first (plate index), then one range of the {@code (camera_id, observed_at)} index per target passage.
 */
public final class ConvoyRoutes {
    static final int MAX_TARGET_PASSAGES = 2_000;
    static final int MAX_COMPANIONS = 100;
    private final DataSource db;
    private final PassageSearch search;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public ConvoyRoutes(DataSource db, PassageSearch search, SearchAuthorisation authorisation, AuditLog audit, Clock clock) {
        this.db = db;
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
        if (plate == null) throw ApiException.badRequest("plate: required (the target; pairs without a target are not built yet)");
        SearchScope scope = AnalysisScope.of(ctx, plate, clock);
        Convoy convoy = Params.valid(() -> new Convoy(Duration.ofSeconds(Params.integer(ctx, "windowSeconds", 120, 1, 3600)),
                Params.integer(ctx, "minCameras", 2, 2, 50)));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format: json or csv");
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
        List<Convoy.Companion> ranked = convoy.rank(target, nearby(plate, target, convoy.window(), v));
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
        ctx.json(out);
    }

    /** Other plates' passages at the target's cameras within the window of each target passage, visible ones only. */
    private List<Convoy.Nearby> nearby(String plate, List<Sighting> target, Duration window, Visibility v) {
        if (target.isEmpty()) return List.of();
        List<Object> args = new ArrayList<>();
        String sql = "select p.plate, p.id, p.observed_at, p.camera_id from unnest(?::text[], ?::timestamptz[]) as t(cam, at)"
                + " join passage p on p.camera_id = t.cam and p.observed_at between t.at - make_interval(secs => ?)"
                + " and t.at + make_interval(secs => ?) where p.plate <> ? and ";
        List<Convoy.Nearby> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            args.add(c.createArrayOf("text", target.stream().map(Sighting::camera).toArray()));
            args.add(c.createArrayOf("timestamptz", target.stream().map(s -> Timestamp.from(s.time())).toArray()));
            args.add(window.toSeconds());
            args.add(window.toSeconds());
            args.add(plate);
            String full = sql + v.passageCondition("p", args);
            try (PreparedStatement ps = c.prepareStatement(full)) {
                Sql.bind(c, ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.add(new Convoy.Nearby(rs.getString(1), new Sighting(rs.getObject(2, UUID.class),
                                rs.getTimestamp(3).toInstant(), rs.getString(4), null, null)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("convoy lookup failed", e);
        }
        return out;
    }
}
