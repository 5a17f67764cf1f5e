package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloned plates. {@code GET /api/v1/investigations/clones}: the suspects the read pipeline found for the caller's
 * organisation (a finding like a hit: needs VIEW_HITS, each reading on the record). {@code GET
 * /api/v1/investigations/clones/check}: the same check after the fact over stored passages, for one plate or every
 * plate in a window: a passage search in law (legal basis; every plate needs approval), on the record.
 */
public final class CloneRoutes {
    static final int MAX_SUSPECTS = 1_000;
    private final CloneStore store;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public CloneRoutes(CloneStore store, SearchAuthorisation authorisation, AuditLog audit, Clock clock) {
        this.store = store;
        this.authorisation = authorisation;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/investigations/clones", this::stored);
        app.get("/api/v1/investigations/clones/check", this::check);
    }

    private void stored(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        Instant to = Params.instant(ctx, "to");
        if (to == null) to = clock.instant();
        Instant from = Params.instant(ctx, "from");
        if (from == null) from = to.minus(Duration.ofDays(7));
        if (!from.isBefore(to)) throw ApiException.badRequest("from must be before to");
        boolean csv = format(ctx);
        List<CloneSuspect> found = store.stored(from, to, Params.integer(ctx, "limit", 500, 1, 10_000), AccessFilter.visibility(ctx));
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.HIT_VIEW, "clone suspects", null, null, null,
                found.size(), Map.of("analysis", "clones", "from", from.toString(), "to", to.toString(), "format", csv ? "csv" : "json")));
        respond(ctx, found, csv);
    }

    private void check(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String plate = Params.plate(ctx.queryParam("plate"));
        SearchScope scope = AnalysisScope.of(ctx, plate, clock);
        boolean csv = format(ctx);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "clones");
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope,
                plate == null ? "every plate" : plate, details);
        long start = System.nanoTime();
        CloneStore.Checked checked = store.check(plate, scope.from(), scope.to(), AccessFilter.visibility(ctx), CloneCheck.DEFAULT,
                MAX_SUSPECTS);
        details.put("passagesExamined", checked.passages());
        details.put("millis", (System.nanoTime() - start) / 1_000_000);
        authorised.recordResults(checked.suspects().size());
        if (csv) {
            respond(ctx, checked.suspects(), true);
            return;
        }
        ctx.json(Map.of("suspects", checked.suspects(), "passagesExamined", checked.passages(), "truncated", checked.truncated()));
    }

    private static boolean format(Context ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format: json or csv");
        return format.equals("csv");
    }

    private static void respond(Context ctx, List<CloneSuspect> found, boolean csv) {
        if (!csv) {
            ctx.json(found);
            return;
        }
        StringBuilder sb = new StringBuilder();
        Csv out = new Csv(sb).row("plate", "country", "reasons", "first_time", "first_camera", "first_lat", "first_lon", "first_vehicle",
                "second_time", "second_camera", "second_lat", "second_lon", "second_vehicle", "metres", "seconds", "needed_kmh",
                "calculation", "description", "first_passage", "second_passage");
        for (CloneSuspect s : found)
            out.row(s.display(), s.country(), String.join(" ", s.reasons()), s.first().time(), s.first().camera(), s.first().lat(),
                    s.first().lon(), s.first().vehicle(), s.second().time(), s.second().camera(), s.second().lat(), s.second().lon(),
                    s.second().vehicle(), s.metres() == null ? null : Math.round(s.metres()), s.seconds(),
                    s.neededKmh() == null ? null : Math.round(s.neededKmh()), s.calculation(), s.description(), s.first().passage(),
                    s.second().passage());
        ctx.header("Content-Disposition", "attachment; filename=\"clone-suspects.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
    }
}
