package org.openanpr.passage;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** {@code POST /api/v1/reads} in, {@code GET /api/v1/passages} out. */
public final class PassageRoutes {
    private final IngestService ingest;
    private final PassageSearch search;
    private final IngestLimits limits;
    private final Clock clock;
    private final AuditLog audit;
    private final SearchAuthorisation authorisation;

    public PassageRoutes(IngestService ingest, PassageSearch search, SearchAuthorisation authorisation, IngestLimits limits,
                         Clock clock, AuditLog audit) {
        this.audit = audit;
        this.authorisation = authorisation;
        this.ingest = ingest;
        this.search = search;
        this.limits = limits;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.post("/api/v1/reads", this::postReads);
        app.get("/api/v1/passages", this::searchPassages);
        app.get("/api/v1/passages/stats", this::cameraCounts);
        app.get("/api/v1/passages/{id}/images/{kind}", this::image);
    }

    private void postReads(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean ndjson = type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")
                || type.startsWith("application/jsonl");
        if (!ndjson && !type.startsWith("application/json"))
            throw new ApiException(415, "Content-Type must be application/json (an array of reads) or application/x-ndjson (one read per line)");
        byte[] body = Params.bodyBytes(ctx, limits.maxBodyBytes());
        List<ReadParser.Item> items;
        try {
            items = ndjson ? ReadParser.ndjson(body) : ReadParser.json(body);
        } catch (ReadParser.MalformedBodyException e) {
            throw ApiException.badRequest(e.getMessage() + "; nothing was stored");
        }
        if (items.isEmpty()) throw ApiException.badRequest("no reads in the body");
        if (items.size() > limits.maxBatch())
            throw new ApiException(413, "batch of " + items.size() + " reads exceeds the limit of " + limits.maxBatch()
                    + "; split it, nothing was stored");
        IngestResult result;
        try {
            result = ingest.ingest(AccessFilter.require(ctx, Permission.POST_READS), items);
        } catch (NotStored e) {
            // The reason says whether nothing was stored or the commit is in doubt; a resend is safe either way.
            throw new ApiException(503, e.getMessage());
        } catch (ForeignCameraReads e) {
            throw ApiException.forbidden(e.getMessage());
        } catch (ReadHandoff.Refused e) {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            throw new ApiException(429, e.getMessage() + "; nothing was accepted, send the reads again later");
        }
        // Handed over to the workers' queue: held durably, stored by a worker (202); else committed here (200).
        int ok = ingest.handsOff() ? 202 : 200;
        ctx.status(result.rejected() == result.items().size() ? 422 : ok).json(result);
    }

    /**
     * A passage search runs only with a legal basis, within the threshold or with an approval that covers it, and
     * only over the cameras whose passages the caller may see. Refusals are recorded as well as searches.
     */
    private void searchPassages(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        PassageQuery query = query(ctx);
        Instant now = clock.instant();
        SearchScope scope = Params.valid(() -> new SearchScope(query.plate(), query.fuzzy(), query.camera(),
                query.from() == null ? now.minus(limits.retention()) : query.from(), query.to() == null ? now : query.to()));
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("fuzzy", query.fuzzy());
        if (query.camera() != null) details.put("camera", query.camera());
        if (!query.vehicle().isEmpty()) details.put("vehicle", query.vehicle());
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, scope, target(query), details);
        PassageSearch.Page page = search.search(query, AccessFilter.visibility(ctx));
        authorised.recordResults(page.passages().size());
        String next = page.next() == null ? null : page.next().encode();
        if (wantsCsv(ctx)) {
            if (next != null) ctx.header("Link", "<?" + withCursor(ctx, next) + ">; rel=\"next\"");
            ctx.contentType("text/csv; charset=utf-8").result(PassageCsv.write(page.passages()));
            return;
        }
        ctx.json(new PageJson(page.passages(), next));
    }

    private static String target(PassageQuery q) {
        if (q.plate() != null) return q.plate();
        return q.camera() != null ? "camera " + q.camera() : "all cameras";
    }

    /** A page of passages; {@code next} is the cursor for the following page, null on the last. */
    record PageJson(List<PassageView> passages, String next) {
    }

    private void cameraCounts(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_STATS);
        Instant to = orDefault(Params.instant(ctx, "to"), clock.instant());
        Instant from = orDefault(Params.instant(ctx, "from"), to.minus(Duration.ofHours(1)));
        ctx.json(Map.of("from", from, "to", to, "cameras", search.countsPerCamera(from, to, AccessFilter.visibility(ctx))));
    }

    private void image(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id: not a UUID");
        }
        String kind = ctx.pathParam("kind");
        if (!kind.equals("plate") && !kind.equals("overview")) throw ApiException.badRequest("kind: plate or overview");
        byte[] jpeg = search.image(id, kind, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no " + kind + " image for passage " + id));
        // An image shows the vehicle and often its occupants: every one shown is on the record.
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PASSAGE_VIEW, "passage " + id,
                null, null, null, 1, Map.of("image", kind)));
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private PassageQuery query(Context ctx) {
        String normalised = Params.platePattern(ctx.queryParam("plate"));
        boolean fuzzy = Params.bool(ctx, "fuzzy");
        if (fuzzy && normalised == null) throw ApiException.badRequest("fuzzy: needs a plate");
        String camera = ctx.queryParam("camera");
        Instant from = Params.instant(ctx, "from");
        Instant to = Params.instant(ctx, "to");
        if (from != null && to != null && !from.isBefore(to)) throw ApiException.badRequest("from must be before to");
        String order = ctx.queryParamAsClass("order", String.class).getOrDefault("desc");
        if (!order.equals("asc") && !order.equals("desc")) throw ApiException.badRequest("order: asc or desc");
        String after = ctx.queryParam("after");
        PassageQuery.Cursor cursor;
        try {
            cursor = after == null || after.isBlank() ? null : PassageQuery.Cursor.decode(after);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        VehicleDescription vehicle = Params.valid(() -> VehicleDescription.of(ctx.queryParam("make"), ctx.queryParam("model"),
                ctx.queryParam("colour"), ctx.queryParam("vehicleType")));
        return new PassageQuery(normalised, fuzzy, camera == null || camera.isBlank() ? null : camera, from, to,
                Params.integer(ctx, "limit", 100, 1, 10_000), cursor, order.equals("asc"), vehicle);
    }

    private static boolean wantsCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            if (format.equals("csv")) return true;
            if (format.equals("json")) return false;
            throw ApiException.badRequest("format: json or csv");
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
    }

    private static String withCursor(Context ctx, String next) {
        String qs = ctx.queryString() == null ? "" : ctx.queryString().replaceAll("(^|&)after=[^&]*", "");
        return (qs.isEmpty() ? "" : qs + "&") + "after=" + next;
    }

    private static Instant orDefault(Instant value, Instant fallback) {
        return value == null ? fallback : value;
    }
}
