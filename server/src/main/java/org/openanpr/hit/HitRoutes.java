package org.openanpr.hit;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hotlist.ListStore;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/hits}, the alert stream and the statistics. */
public final class HitRoutes {
    private static final String STREAM = "/api/v1/alerts/stream";
    private static final String FILTER = "anpr.alertFilter";
    private static final String CALLER = "anpr.alertCaller";
    private static final String LAST_EVENT = "anpr.lastEventId";
    /** How far before the last delivered alert's start a replay looks: longer than a read's transaction takes. */
    static final Duration REPLAY_OVERLAP = Duration.ofSeconds(10);
    /** The most hits (and, apart, findings) one reconnect sends again, the newest; older ones are on the lists. */
    static final int REPLAY_LIMIT = 500;
    private final HitStore hits;
    private final HitStats stats;
    private final AlertHub alerts;
    private final CameraRegistry cameras;
    private final ListStore lists;
    private final KnownActions actions;
    private final Clock clock;
    private final AuditLog audit;
    private final MissedFindings findings;

    /** @param findings where the stream finds the clone alerts a reconnecting listener missed */
    public HitRoutes(HitStore hits, HitStats stats, AlertHub alerts, CameraRegistry cameras, ListStore lists,
                     KnownActions actions, Clock clock, AuditLog audit, MissedFindings findings) {
        this.audit = audit;
        this.findings = findings;
        this.hits = hits;
        this.stats = stats;
        this.alerts = alerts;
        this.cameras = cameras;
        this.lists = lists;
        this.actions = actions;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/hits", this::list);
        app.get("/api/v1/hits/summary", ctx -> {
            AccessFilter.require(ctx, Permission.VIEW_HITS);
            Instant from = Params.instant(ctx, "from");
            ctx.json(hits.summary(from == null ? clock.instant().minus(java.time.Duration.ofDays(1)) : from,
                    AccessFilter.visibility(ctx)));
        });
        app.get("/api/v1/hits/{id}", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
            Hit hit = hit(ctx);
            audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.HIT_VIEW, "hit " + hit.id(),
                    null, null, null, 1, Map.of("plate", hit.plate(), "list", hit.listId())));
            ctx.json(hit);
        });
        app.post("/api/v1/hits/{id}/acknowledge", this::acknowledge);
        app.post("/api/v1/hits/{id}/outcome", this::outcome);
        app.get("/api/v1/hits/{id}/images/{kind}", this::image);
        app.get("/api/v1/stats", this::stats);
        // The filter is checked before the stream opens, so a bad one gets a 4xx rather than an empty stream.
        app.before(STREAM, ctx -> {
            ctx.attribute(FILTER, filter(ctx));
            ctx.attribute(CALLER, caller(ctx));
            // Javalin answers an SSE request without this header with an empty, never-ending response
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream"))
                throw new ApiException(406, "send 'Accept: text/event-stream' (an EventSource does) to receive alerts");
            // A stream shows every hit it carries, with images: opening one is on the record like viewing hits.
            AlertFilter f = ctx.attribute(FILTER);
            Principal who = AccessFilter.principal(ctx);
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("stream", true);
            if (f.region() != null) details.put("region", f.region());
            if (f.actionId() != null) details.put("action", f.actionId());
            if (f.listId() != null) details.put("list", f.listId());
            String last = lastEventId(ctx);
            ctx.attribute(LAST_EVENT, last);
            if (last != null) details.put("after", last);
            audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.HIT_VIEW, "alert stream",
                    null, null, null, null, details));
        });
        app.sse(STREAM, client -> {
            AlertFilter filter = client.ctx().attribute(FILTER);
            String last = client.ctx().attribute(LAST_EVENT);
            alerts.listen(client, filter, client.ctx().attribute(CALLER), last == null ? null : replay(last, filter));
        });
    }

    /**
     * The id of the last event a reconnecting stream received (a hit's UUID, or a finding's "clone-17"): the
     * {@code Last-Event-ID} header an EventSource sends when it reconnects, or {@code lastEventId} from a page that
     * opens a new one. Anything longer than an id is ignored.
     */
    private static String lastEventId(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        if (last == null || last.isBlank()) last = ctx.queryParam("lastEventId");
        if (last == null || last.isBlank() || last.strip().length() > 64) return null;
        return last.strip();
    }

    /**
     * What a stream missed since the event {@code last}, of either kind: the hits and the findings stored since that
     * event was (less the overlap). An id that names nothing stored (any more) is no replay.
     */
    private AlertHub.Replay replay(String last, AlertFilter filter) {
        UUID hit = uuid(last);
        Optional<Instant> at = hit != null ? hits.createdAt(hit) : findings.storedAt(last);
        if (at.isEmpty()) return null;
        Instant since = at.get().minus(REPLAY_OVERLAP);
        return v -> new AlertHub.Missed(
                hits.missedSince(since, hit, filter, v, REPLAY_LIMIT).stream().map(Alert::replayed).toList(),
                findings.since(since, hit == null ? last : null, filter, v, REPLAY_LIMIT));
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        String status = ctx.queryParam("status");
        Boolean open = status == null || status.isBlank() ? null : switch (status.toLowerCase(Locale.ROOT)) {
            case "open" -> true;
            case "closed" -> false;
            default -> throw ApiException.badRequest("status: open or closed");
        };
        String plate = Params.plate(ctx.queryParam("plate"));
        HitQuery query = new HitQuery(open, Params.optionalLong(ctx, "list"), Params.optionalLong(ctx, "action"),
                ctx.queryParam("camera"), plate, Params.instant(ctx, "from"), Params.instant(ctx, "to"),
                Params.integer(ctx, "limit", 100, 1, 1000));
        List<Hit> found = hits.list(query, AccessFilter.visibility(ctx));
        // Viewing hits is on the record like searching passages: who looked, for what, how many.
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (plate != null) details.put("plate", plate);
        if (query.listId() != null) details.put("list", query.listId());
        if (query.actionId() != null) details.put("action", query.actionId());
        if (status != null) details.put("status", status);
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.HIT_VIEW, plate == null ? "hits" : plate,
                null, null, null, found.size(), details));
        ctx.json(found);
    }

    private void acknowledge(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.HANDLE_HITS);
        UUID id = handled(ctx, who).id();
        hits.acknowledge(id, who.label(), clock.instant());
        ctx.json(hits.find(id).orElseThrow());
    }

    private void outcome(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.HANDLE_HITS);
        Hit hit = handled(ctx, who);
        OutcomeInput in = Params.body(ctx, OutcomeInput.class, "{\"outcome\": ..., \"amount\": ..., \"note\": ...}");
        Outcome outcome = Params.valid(in::validate);
        if (!hits.recordOutcome(hit.id(), outcome, in.amount(), in.note(), who.label(), clock.instant())) {
            Hit now = hits.find(hit.id()).orElseThrow();
            throw new ApiException(409, "hit " + hit.id() + " already has outcome " + now.outcome() + " recorded by "
                    + now.outcomeBy() + " at " + now.outcomeAt() + "; an outcome is recorded once");
        }
        ctx.json(hits.find(hit.id()).orElseThrow());
    }

    private void image(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        String kind = ctx.pathParam("kind");
        if (!kind.equals("plate") && !kind.equals("overview")) throw ApiException.notFound("image kind is plate or overview");
        Hit hit = hit(ctx);
        byte[] jpeg = hits.image(hit.id(), kind, AccessFilter.visibility(ctx))
                .orElseThrow(() -> ApiException.notFound("this hit has no " + kind + " image"));
        // The system token has no organisation: the record then goes with the hit's, so its privacy officer sees it.
        audit.record(new AuditEntry(who.label(), who.organisation() != null ? who.organisation() : hit.organisation(),
                AuditEntry.Action.HIT_VIEW, "hit " + hit.id(), null, null, null, 1,
                Map.of("plate", hit.plate(), "list", hit.listId(), "image", kind)));
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private void stats(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_STATS);
        String by = ctx.queryParam("by") == null ? "day" : ctx.queryParam("by");
        HitStats.By grouping;
        try {
            grouping = HitStats.By.valueOf(by.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("by: one of action, list, camera, day");
        }
        ctx.json(stats.by(grouping, new HitStats.Filter(Params.day(ctx, "from"), Params.day(ctx, "to"), Params.optionalLong(ctx, "action"),
                Params.optionalLong(ctx, "list")), AccessFilter.visibility(ctx)));
    }

    /** What the listener asked for; 400 when it names a region, action or list it cannot see. */
    private AlertFilter filter(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_HITS);
        Visibility v = AccessFilter.visibility(ctx);
        String region = ctx.queryParam("region");
        if (region != null && cameras.visible(v).stream().map(Camera::organisation).noneMatch(region::equals))
            throw ApiException.badRequest("region: no cameras belong to '" + region + "'");
        Long action = Params.optionalLong(ctx, "action");
        if (action != null && !actions.visible(action, v)) throw ApiException.badRequest("action: no action " + action);
        Long list = Params.optionalLong(ctx, "list");
        if (list != null && lists.find(list, v).isEmpty()) throw ApiException.badRequest("list: no list " + list);
        return new AlertFilter(region, action, list);
    }

    /**
     * The stream's caller, checked again from the database before every batch and heartbeat: still logged in, still
     * enabled, still allowed to view hits; and what it may see now, so a revoked sharing agreement holds at once.
     */
    private static AlertHub.Caller caller(Context ctx) {
        AccessFilter.Recheck recheck = AccessFilter.recheck(ctx);
        AccessFilter.VisibilityResolver resolver = AccessFilter.resolver(ctx);
        return () -> recheck.current().filter(p -> p.can(Permission.VIEW_HITS)).map(resolver::visibilityFor);
    }

    /**
     * A hit the caller may follow up: one of its own organisation's lists. A hit seen through a sharing agreement is
     * the camera owner's to follow up.
     */
    private Hit handled(Context ctx, Principal who) {
        Hit hit = hit(ctx);
        if (who.organisation() != null && !who.organisation().equals(hit.organisation()))
            throw ApiException.forbidden("hit " + hit.id() + " is on a list of " + hit.organisation()
                    + ", shared with you to see; its follow-up is theirs to record");
        return hit;
    }

    /** The hit named in the path, if the caller may see it; 404 otherwise, whether or not it exists. */
    private Hit hit(Context ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no hit '" + ctx.pathParam("id") + "'");
        }
        return hits.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no hit " + id));
    }
}
