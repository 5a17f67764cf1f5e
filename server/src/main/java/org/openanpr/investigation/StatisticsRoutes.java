package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hotlist.ActivationStore;
import org.openanpr.hotlist.CameraGroup;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.openanpr.retention.RetentionPolicies;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/investigations/statistics/...}: traffic statistics for analysts over the passages the caller may
 * see — passages per camera per hour or day, distinct vehicles and the foreign share, repeat visitors, and the
 * origin–destination matrix between camera groups ({@link TrafficStatistics}). Aggregate only: no plate ever leaves,
 * and every count of distinct vehicles from 1 to 4 is suppressed ({@link SmallCells}).
 *
 * <p>In law a statistic still reads every vehicle's passages, so it asks what a passage search asks
 * ({@code SEARCH_PASSAGES}, a legal basis, a {@code PASSAGE_SEARCH} record with {@code details.analysis}), but not the
 * second person's approval that every-vehicle searches need: that approval is for the list of vehicles such a search
 * returns, and a statistic returns none. Reaching back or spanning further than a search may without approval still
 * needs one ({@link AuthorisedSearch#authoriseAggregate}). A window is at most {@value #MAX_DAYS} days.
 */
public final class StatisticsRoutes {
    static final int MAX_DAYS = 31;
    static final int MAX_GROUPS = 50;
    static final String PREFIX = "/api/v1/investigations/statistics";
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final String TARGET = "every vehicle (aggregate statistic)";
    private final TrafficStatistics statistics;
    private final ActivationStore groups;
    private final CameraRegistry cameras;
    private final RetentionPolicies retention;
    private final OrganisationStore organisations;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public StatisticsRoutes(DataSource db, CameraRegistry cameras, RetentionPolicies retention, OrganisationStore organisations,
                            SearchAuthorisation authorisation, AuditLog audit, Clock clock) {
        this.statistics = new TrafficStatistics(db);
        this.groups = new ActivationStore(db, audit);
        this.cameras = cameras;
        this.retention = retention;
        this.organisations = organisations;
        this.authorisation = authorisation;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(PREFIX + "/passages", this::passages);
        app.get(PREFIX + "/vehicles", this::vehicles);
        app.get(PREFIX + "/repeat-visitors", this::repeatVisitors);
        app.get(PREFIX + "/origin-destination", this::originDestination);
    }

    /** What every statistic starts with: the caller, the window, the output format and the clock it counts by. */
    private record Request(Principal who, SearchScope scope, boolean csv, ZoneId zone, Visibility visibility, Map<String, Object> details) {
        Map<String, Object> head() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("from", scope.from());
            out.put("to", scope.to());
            out.put("timeZone", zone.getId());
            out.put("minVehicles", SmallCells.MIN_VEHICLES);
            return out;
        }
    }

    private Request request(Context ctx, String analysis) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        SearchScope scope = AnalysisScope.of(ctx, null, clock);
        if (Duration.between(scope.from(), scope.to()).compareTo(Duration.ofDays(MAX_DAYS)) > 0)
            throw ApiException.badRequest("from-to: a statistic covers at most " + MAX_DAYS + " days");
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format: json or csv");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "traffic statistics: " + analysis);
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        return new Request(who, scope, format.equals("csv"), organisations.timeZone(who.organisation()), AccessFilter.visibility(ctx), details);
    }

    private AuthorisedSearch authorise(Context ctx, Request r) {
        return AuthorisedSearch.authoriseAggregate(ctx, r.who(), authorisation, audit, r.scope(), TARGET, r.details());
    }

    private void passages(Context ctx) {
        String by = ctx.queryParam("by") == null ? "hour" : ctx.queryParam("by");
        if (!by.equals("hour") && !by.equals("day")) throw ApiException.badRequest("by: hour or day");
        Request r = request(ctx, "passages per camera per " + by);
        AuthorisedSearch authorised = authorise(ctx, r);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Long> totals = new TreeMap<>();
        if (by.equals("hour")) {
            for (TrafficStatistics.HourCount c : statistics.perHour(r.scope().from(), r.scope().to(), r.zone(), r.visibility())) {
                // the local hour with its offset: the two 02:00 hours of the autumn DST change stay two
                String start = OffsetDateTime.ofInstant(c.hour(), r.zone()).toString();
                rows.add(row("camera", c.camera(), "start", start, "passages", c.passages()));
                totals.merge(c.hour().toString(), c.passages(), Long::sum);
            }
        } else {
            for (TrafficStatistics.DayCount c : statistics.perDay(r.scope().from(), r.scope().to(), r.zone(), r.visibility())) {
                rows.add(row("camera", c.camera(), "start", c.day().toString(), "passages", c.passages(), "vehicles", SmallCells.shown(c.vehicles())));
                totals.merge(c.day().toString(), c.passages(), Long::sum);
            }
        }
        r.details().put("by", by);
        authorised.recordResults(rows.size());
        if (r.csv()) {
            csv(ctx, "passages-per-" + by, by.equals("hour") ? List.of("camera", "start", "passages") : List.of("camera", "start", "passages", "vehicles"), rows);
            return;
        }
        Map<String, Object> out = r.head();
        out.put("by", by);
        out.put("rows", rows);
        out.put("totals", totals.entrySet().stream().map(e -> row("start", by.equals("hour")
                ? OffsetDateTime.ofInstant(java.time.Instant.parse(e.getKey()), r.zone()).toString() : e.getKey(), "passages", e.getValue())).toList());
        out.put("hitsOnlyCameras", hitsOnly(r.visibility()));
        ctx.json(out);
    }

    private void vehicles(Context ctx) {
        String asked = ctx.queryParam("country");
        if (asked != null && !asked.isBlank() && !COUNTRY.matcher(asked.strip()).matches())
            throw ApiException.badRequest("country: two capital letters (ISO 3166-1), e.g. NL");
        Request r = request(ctx, "vehicles and foreign share");
        String home = asked == null || asked.isBlank() ? statistics.homeCountry(r.who().organisation()) : asked.strip();
        r.details().put("homeCountry", home);
        AuthorisedSearch authorised = authorise(ctx, r);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> total = null;
        for (TrafficStatistics.Vehicles v : statistics.vehicles(r.scope().from(), r.scope().to(), r.zone(), home, r.visibility())) {
            Long[] parts = SmallCells.parts(v.domestic(), v.foreign(), v.unknownCountry());
            Long vehicles = SmallCells.shown(v.vehicles());
            Map<String, Object> m = row("camera", v.camera(), "passages", v.passages(), "vehicles", vehicles, "domestic", parts[0],
                    "foreign", parts[1], "unknownCountry", parts[2],
                    // of the vehicles whose country was read; a share is shown only when the counts it comes from are
                    "foreignShare", parts[0] == null ? null : SmallCells.share(parts[1], v.domestic() + v.foreign()),
                    "unknownCountryShare", vehicles == null ? null : SmallCells.share(parts[2], v.vehicles()));
            if (v.camera() == null) total = m;
            else rows.add(m);
        }
        authorised.recordResults(rows.size());
        if (r.csv()) {
            List<Map<String, Object>> all = new ArrayList<>(rows);
            if (total != null) {
                Map<String, Object> t = new LinkedHashMap<>(total);
                t.put("camera", "all");
                all.add(t);
            }
            csv(ctx, "vehicles", List.of("camera", "passages", "vehicles", "domestic", "foreign", "unknownCountry", "foreignShare",
                    "unknownCountryShare"), all);
            return;
        }
        Map<String, Object> out = r.head();
        out.put("homeCountry", home);
        out.put("rows", rows);
        out.put("total", total);
        out.put("hitsOnlyCameras", hitsOnly(r.visibility()));
        ctx.json(out);
    }

    private void repeatVisitors(Context ctx) {
        String per = ctx.queryParam("per") == null ? "camera" : ctx.queryParam("per");
        if (!List.of("camera", "group", "all").contains(per)) throw ApiException.badRequest("per: camera, group or all");
        String count = ctx.queryParam("count") == null ? "days" : ctx.queryParam("count");
        if (!count.equals("days") && !count.equals("passages")) throw ApiException.badRequest("count: days or passages");
        int min = Params.integer(ctx, "min", 2, 2, count.equals("days") ? MAX_DAYS : 10_000);
        Map<String, List<String>> chosen = per.equals("group") ? groups(ctx, 1) : null;
        Request r = request(ctx, "repeat visitors per " + per);
        r.details().put("rule", "seen on at least " + min + (count.equals("days") ? " distinct days" : " passages"));
        if (chosen != null) r.details().put("groups", List.copyOf(chosen.keySet()));
        AuthorisedSearch authorised = authorise(ctx, r);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrafficStatistics.Repeat x : statistics.repeat(r.scope().from(), r.scope().to(), r.zone(),
                new TrafficStatistics.RepeatRule(count.equals("days"), min), per.equals("camera"), chosen, r.visibility())) {
            Long[] parts = SmallCells.parts(x.repeaters(), x.vehicles() - x.repeaters());
            rows.add(row(per, x.key() == null ? "all" : x.key(), "vehicles", SmallCells.shown(x.vehicles()), "repeatVisitors", parts[0],
                    "repeatShare", parts[1] == null ? null : SmallCells.share(parts[0], x.vehicles())));
        }
        authorised.recordResults(rows.size());
        if (r.csv()) {
            csv(ctx, "repeat-visitors", List.of(per, "vehicles", "repeatVisitors", "repeatShare"), rows);
            return;
        }
        Map<String, Object> out = r.head();
        out.put("per", per);
        out.put("count", count);
        out.put("min", min);
        out.put("rows", rows);
        ctx.json(out);
    }

    private void originDestination(Context ctx) {
        int gap = Params.integer(ctx, "maxGapMinutes", 120, 1, 24 * 60);
        Map<String, List<String>> chosen = groups(ctx, 2);
        Map<String, String> groupOf = new HashMap<>();
        chosen.forEach((code, members) -> members.forEach(c -> {
            String other = groupOf.putIfAbsent(c, code);
            if (other != null) throw ApiException.badRequest("groups: camera " + c + " is in both " + other + " and " + code
                    + "; choose groups that do not overlap");
        }));
        Request r = request(ctx, "origin-destination between camera groups");
        r.details().put("groups", List.copyOf(chosen.keySet()));
        r.details().put("maxGapMinutes", gap);
        AuthorisedSearch authorised = authorise(ctx, r);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (TrafficStatistics.Trips t : statistics.originDestination(r.scope().from(), r.scope().to(), chosen, Duration.ofMinutes(gap), r.visibility())) {
            boolean small = SmallCells.small(t.vehicles());
            cells.add(row("origin", t.origin(), "destination", t.destination(), "trips", small ? null : t.trips(),
                    "vehicles", SmallCells.shown(t.vehicles())));
        }
        authorised.recordResults(cells.size());
        if (r.csv()) {
            csv(ctx, "origin-destination", List.of("origin", "destination", "trips", "vehicles"), cells);
            return;
        }
        Map<String, String> names = new HashMap<>();
        for (CameraGroup g : groups.groups(r.visibility())) names.put(g.code(), g.name());
        Map<String, Object> out = r.head();
        out.put("maxGapMinutes", gap);
        out.put("groups", chosen.keySet().stream().map(code -> row("code", code, "name", names.get(code), "cameras", chosen.get(code).size())).toList());
        out.put("cells", cells);
        ctx.json(out);
    }

    /**
     * The camera groups asked for ({@code groups}, comma-separated codes) among the caller's own, or all of them; 400
     * for a code that is not one of them, or for fewer than {@code least}.
     */
    private Map<String, List<String>> groups(Context ctx, int least) {
        AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        Map<String, CameraGroup> own = new LinkedHashMap<>();
        for (CameraGroup g : groups.groups(AccessFilter.visibility(ctx))) own.put(g.code(), g);
        String asked = ctx.queryParam("groups");
        List<String> codes = asked == null || asked.isBlank() ? List.copyOf(own.keySet())
                : Arrays.stream(asked.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (codes.size() > MAX_GROUPS) throw ApiException.badRequest("groups: at most " + MAX_GROUPS);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String code : codes) {
            CameraGroup g = own.get(code);
            if (g == null) throw ApiException.badRequest("groups: '" + abbreviate(code) + "' is not a camera group of your organisation");
            out.put(code, g.cameras());
        }
        if (out.size() < least)
            throw ApiException.badRequest("groups: at least " + least + " camera group" + (least == 1 ? "" : "s")
                    + (asked == null || asked.isBlank() ? "; your organisation has " + own.size() + " (PUT /api/v1/camera-groups/{code})" : ""));
        return out;
    }

    /** Visible cameras under "hits only": their no-hit reads were never stored, so their passages here are hits alone. */
    private List<String> hitsOnly(Visibility v) {
        return cameras.all().stream().map(c -> c.id()).filter(v::seesPassagesOf)
                .filter(id -> !retention.forCamera(id).keepsNoHitReads()).sorted().toList();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    /** One table as CSV; a suppressed count is written {@code <5}, never as an empty cell that reads as zero; a suppressed share is empty. */
    private static void csv(Context ctx, String name, List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        Csv csv = new Csv(sb).row(columns);
        for (Map<String, Object> m : rows) csv.row(columns.stream().map(c -> cell(m, c)).toList());
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
    }

    private static final Set<String> COUNTS = Set.of("vehicles", "domestic", "foreign", "unknownCountry", "repeatVisitors", "trips");

    private static Object cell(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null && COUNTS.contains(column) ? "<" + SmallCells.MIN_VEHICLES : value;
    }
}
