package org.openanpr.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Params;
import org.openanpr.investigation.AnalysisScope;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.openanpr.plate.Plates;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pattern profiles over the API. A list manager keeps an organisation's profiles (as data: a rule and its numbers,
 * with a purpose and a legal basis, switched on or off, like a reference list); an analyst runs a switched-on profile
 * over a window on demand. A run reads every plate's passages at the tagged places: a passage search of every vehicle
 * in law, so it passes {@link AuthorisedSearch} (legal basis, always an approval) and is on the record with
 * {@code details.analysis: profile}. Administrators say where cameras stand ({@code /api/v1/camera-places}).
 */
public final class ProfileRoutes {
    static final int MAX_CANDIDATES = 500;
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    private final ProfileStore store;
    private final CameraRegistry cameras;
    private final OrganisationStore organisations;
    private final SearchAuthorisation authorisation;
    private final AuditLog audit;
    private final Clock clock;

    public ProfileRoutes(ProfileStore store, CameraRegistry cameras, OrganisationStore organisations, SearchAuthorisation authorisation,
                         AuditLog audit, Clock clock) {
        this.store = store;
        this.cameras = cameras;
        this.organisations = organisations;
        this.authorisation = authorisation;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/profiles", this::list);
        app.post("/api/v1/profiles", this::create);
        app.put("/api/v1/profiles/{id}/active", this::switchOn);
        app.delete("/api/v1/profiles/{id}", this::delete);
        app.get("/api/v1/profiles/{id}/run", this::run);
        app.get("/api/v1/camera-places", this::places);
        app.put("/api/v1/camera-places/{camera}", this::place);
        app.delete("/api/v1/camera-places/{camera}", this::unplace);
    }

    record Input(String name, String purpose, String legalBasis, JsonNode definition, Boolean active, String organisation) {
    }

    record Active(Boolean active) {
    }

    record Place(String place, List<String> tags) {
    }

    private void list(Context ctx) {
        Principal who = AccessFilter.requireAny(ctx, Permission.VIEW_LISTS, Permission.SEARCH_PASSAGES);
        ctx.json(store.list(who.organisation()).stream().map(ProfileRoutes::json).toList());
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        Input in = Params.body(ctx, Input.class, "a profile");
        String organisation = AccessFilter.ownOrganisation(who, in.organisation(), "a profile");
        if (organisation == null || organisations.find(organisation).isEmpty()) throw ApiException.badRequest("organisation: unknown");
        String name = text("name", in.name(), 200);
        String purpose = text("purpose", in.purpose(), 2000);
        String legalBasis = text("legalBasis", in.legalBasis(), 2000);
        Params.valid(() -> ProfileDefinition.parse(in.definition()));
        Profile made = store.create(organisation, name, purpose, legalBasis, in.definition().toString(), Boolean.TRUE.equals(in.active()), who.label())
                .orElseThrow(() -> new ApiException(409, "a profile named '" + name + "' exists in " + organisation));
        ctx.status(201).json(json(made));
    }

    private void switchOn(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        Active in = Params.body(ctx, Active.class, "{\"active\": true|false}");
        if (in.active() == null) throw ApiException.badRequest("active: true or false");
        long id = Params.id(ctx, "id");
        if (!store.setActive(id, who.organisation(), in.active())) throw ApiException.notFound("profile " + id + ": not found");
        ctx.json(json(store.find(id, who.organisation()).orElseThrow()));
    }

    private void delete(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        long id = Params.id(ctx, "id");
        if (!store.delete(id, who.organisation())) throw ApiException.notFound("profile " + id + ": not found");
        ctx.status(204);
    }

    private void run(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        long id = Params.id(ctx, "id");
        Profile profile = store.find(id, who.organisation()).orElseThrow(() -> ApiException.notFound("profile " + id + ": not found"));
        if (!profile.active()) throw new ApiException(409, "profile " + id + " is switched off; a list manager switches it on");
        SearchScope scope = AnalysisScope.of(ctx, null, clock);
        if (Duration.between(scope.from(), scope.to()).compareTo(MAX_WINDOW) > 0)
            throw ApiException.badRequest("from/to: a profile runs over at most " + MAX_WINDOW.toDays() + " days");
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) throw ApiException.badRequest("format: json or csv");
        int limit = Params.integer(ctx, "limit", 100, 1, MAX_CANDIDATES);
        PatternRule rule = profile.rule();
        // a rule with a look-back (first seen) reads before the window too: the approval must cover that as well
        SearchScope read = rule.lookBack().isZero() ? scope : new SearchScope(null, false, null, scope.from().minus(rule.lookBack()), scope.to());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "profile");
        details.put("profile", profile.id());
        details.put("profileName", profile.name());
        details.put("from", scope.from().toString());
        details.put("to", scope.to().toString());
        if (read != scope) details.put("lookBackFrom", read.from().toString());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, authorisation, audit, read, "every plate", details);
        ProfileStore.Run result = store.run(rule, scope.from(), scope.to(), AccessFilter.visibility(ctx),
                organisations.timeZone(profile.organisation()));
        List<Candidate> shown = result.candidates().subList(0, Math.min(limit, result.candidates().size()));
        details.put("candidates", result.candidates().size());
        details.put("passagesExamined", result.passages());
        authorised.recordResults(shown.size());
        if (format.equals("csv")) {
            StringBuilder sb = new StringBuilder();
            Csv csv = new Csv(sb).row("rank", "plate", "score", "reason", "time", "camera", "place", "passage");
            int rank = 0;
            for (Candidate c : shown) {
                rank++;
                for (PlaceSighting s : c.evidence())
                    csv.row(rank, Plates.display(c.plate(), null), String.format(java.util.Locale.ROOT, "%.2f", c.score()), c.reason(),
                            s.sighting().time(), s.sighting().camera(), s.place(), s.sighting().id());
            }
            ctx.header("Content-Disposition", "attachment; filename=\"profile-" + profile.id() + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
            return;
        }
        List<Map<String, Object>> out = shown.stream().map(ProfileRoutes::json).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", json(profile));
        body.put("from", scope.from());
        body.put("to", scope.to());
        body.put("passagesExamined", result.passages());
        body.put("candidatesFound", result.candidates().size());
        body.put("candidates", out);
        ctx.json(body);
    }

    private void places(Context ctx) {
        AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
        var v = AccessFilter.visibility(ctx);
        ctx.json(store.places().stream().filter(p -> v.all() || v.seesCamera(p.camera())).toList());
    }

    private void place(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        Camera camera = ownCamera(ctx, who);
        Place in = Params.body(ctx, Place.class, "a place");
        CameraPlace p = Params.valid(() -> new CameraPlace(camera.id(), in.place(), in.tags()));
        store.place(p);
        ctx.json(p);
    }

    private void unplace(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        if (!store.unplace(ownCamera(ctx, who).id())) throw ApiException.notFound("camera " + ctx.pathParam("camera") + " has no place");
        ctx.status(204);
    }

    /** Only the owner says where its camera stands: another organisation's camera is not found, as if unknown. */
    private Camera ownCamera(Context ctx, Principal who) {
        String id = ctx.pathParam("camera");
        return cameras.find(id).filter(c -> who.organisation() == null || c.organisation().equals(who.organisation()))
                .orElseThrow(() -> ApiException.notFound("camera " + id + ": not found"));
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) throw ApiException.badRequest(field + ": required, at most " + max + " characters");
        if (value.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == '<' || ch == '>'))
            throw ApiException.badRequest(field + ": no markup or control characters");
        return value.strip();
    }

    /** A candidate as a run answers it, and as a scheduled run keeps it. */
    static Map<String, Object> json(Candidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plate", c.plate());
        m.put("display", Plates.display(c.plate(), null));
        m.put("score", c.score());
        m.put("reason", c.reason());
        m.put("passages", c.evidence().stream().map(s -> Map.of("id", s.sighting().id(), "time", s.sighting().time(),
                "camera", s.sighting().camera(), "place", s.place())).toList());
        return m;
    }

    static Map<String, Object> json(Profile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("organisation", p.organisation());
        m.put("name", p.name());
        m.put("purpose", p.purpose());
        m.put("legalBasis", p.legalBasis());
        m.put("definition", p.definition());
        m.put("active", p.active());
        m.put("createdBy", p.createdBy());
        m.put("createdAt", p.createdAt());
        return m;
    }
}
