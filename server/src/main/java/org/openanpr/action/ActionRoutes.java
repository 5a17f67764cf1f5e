package org.openanpr.action;

import org.openanpr.db.RequestTransaction;
import org.openanpr.access.OrganisationStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hit.HitQuery;
import org.openanpr.hit.HitStats;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/actions}: plan enforcement actions, follow them, and report on them. */
public final class ActionRoutes {
    private final ActionStore actions;
    private final CameraRegistry cameras;
    private final ListStore lists;
    private final Matcher matcher;
    private final HitStats stats;
    private final HitStore hits;
    private final Clock clock;
    private final AuditLog audit;
    private final OrganisationStore organisations;

    public ActionRoutes(ActionStore actions, CameraRegistry cameras, ListStore lists, Matcher matcher, HitStats stats,
                        HitStore hits, OrganisationStore organisations, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.organisations = organisations;
        this.actions = actions;
        this.cameras = cameras;
        this.lists = lists;
        this.matcher = matcher;
        this.stats = stats;
        this.hits = hits;
        this.clock = clock;
    }

    public void register(Javalin app) {
        // An organisation's actions are its own: another's answer 404.
        app.get("/api/v1/actions", ctx -> {
            mayRead(ctx);
            ctx.json(actions.visible(AccessFilter.visibility(ctx)).stream().map(this::view).toList());
        });
        app.post("/api/v1/actions", this::create);
        app.get("/api/v1/actions/{id}", ctx -> ctx.json(view(action(ctx))));
        app.get("/api/v1/actions/{id}/report", this::report);
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ACTIONS);
        ActionInput in = Params.body(ctx, ActionInput.class, "an enforcement action JSON object");
        in = new ActionInput(in.name(), AccessFilter.ownOrganisation(who, in.organisation(), "an action"), in.place(),
                in.lat(), in.lon(), in.startsAt(), in.endsAt(), in.team(), in.cameras(), in.lists());
        EnforcementAction a = Params.valid(in::validate);
        Visibility v = AccessFilter.visibility(ctx);
        for (String id : a.cameras()) {
            Camera camera = cameras.find(id, v).orElseThrow(() -> ApiException.badRequest("cameras: no camera '" + id + "'"));
            if (!camera.organisation().equals(a.organisation()))
                throw ApiException.forbidden("camera '" + id + "' belongs to " + camera.organisation() + ", not " + a.organisation());
        }
        for (Long id : a.lists()) {
            ReferenceList list = lists.find(id, v).orElseThrow(() -> ApiException.badRequest("lists: no list " + id));
            if (!list.organisation().equals(a.organisation()))
                throw ApiException.forbidden("list " + id + " belongs to " + list.organisation() + ", not " + a.organisation());
        }
        EnforcementAction created = actions.create(a);
        RequestTransaction.atEnd(matcher::activationsChanged); // its rebuilder reads the committed action
        ctx.status(201).json(view(created));
    }

    /**
     * The action's figures: as JSON, as CSV ({@code ?format=csv}) or as a printable page ({@code ?format=html}). A
     * report lists the action's hits (plates, times, reasons), so it needs the right to view hits as well, and every
     * report given out is on the record as a view of those hits. The figures alone are at {@code /api/v1/stats}. The
     * printable page is in the reader's language ({@link ActionReport.Language#choose}), its times on the clock of the
     * action's organisation.
     */
    private void report(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        EnforcementAction a = action(ctx);
        Visibility v = AccessFilter.visibility(ctx);
        ActionReport report = new ActionReport(a, a.status(clock.instant()),
                stats.by(HitStats.By.ACTION, new HitStats.Filter(null, null, a.id(), null), v),
                stats.by(HitStats.By.CAMERA, new HitStats.Filter(null, null, a.id(), null), v),
                stats.by(HitStats.By.LIST, new HitStats.Filter(null, null, a.id(), null), v),
                hits.list(new HitQuery(null, null, a.id(), null, null, null, null, 1000), v),
                lists.visible(v).stream().filter(l -> a.lists().contains(l.id())).toList());
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!List.of("json", "csv", "html").contains(format)) throw ApiException.badRequest("format: json, csv or html");
        audit.record(new AuditEntry(who.label(), who.organisation() != null ? who.organisation() : a.organisation(),
                AuditEntry.Action.HIT_VIEW, "action " + a.id() + " report", null, null, null, report.hits().size(),
                Map.of("action", a.id(), "format", format)));
        switch (format) {
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"action-" + a.id() + ".csv\"");
                ctx.contentType("text/csv; charset=utf-8").result(report.csv());
            }
            case "html" -> ctx.contentType("text/html; charset=utf-8").result(report.html(ActionReport.Language.choose(ctx.queryParam("lang"), ctx.cookie("anpr_lang"),
                            ctx.header("Accept-Language")), organisations.timeZone(a.organisation())));
            case "json" -> ctx.json(report);
            default -> throw ApiException.badRequest("format: json, csv or html");
        }
    }

    private EnforcementAction action(Context ctx) {
        mayRead(ctx);
        long id = Params.id(ctx, "id");
        return actions.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no action " + id));
    }

    /** Actions and their reports are read by those who plan them and by those who report on them. */
    private static void mayRead(Context ctx) {
        AccessFilter.requireAny(ctx, Permission.VIEW_STATS, Permission.MANAGE_ACTIONS);
    }

    private Map<String, Object> view(EnforcementAction a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("name", a.name());
        v.put("organisation", a.organisation());
        v.put("place", a.place());
        v.put("lat", a.lat());
        v.put("lon", a.lon());
        v.put("startsAt", a.startsAt());
        v.put("endsAt", a.endsAt());
        v.put("team", a.team());
        v.put("cameras", a.cameras());
        v.put("lists", a.lists());
        v.put("status", a.status(clock.instant()));
        return v;
    }
}
