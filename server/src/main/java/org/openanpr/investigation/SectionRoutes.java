package org.openanpr.investigation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;
import org.openanpr.retention.RetentionPolicies;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/sections}: section speed control. An administrator configures sections (camera pairs with road
 * distance and limit); the pipeline's {@link SectionStage} measures; whoever may view hits reads the violations as
 * JSON, CSV or a printable report, and each reading is on the record.
 */
public final class SectionRoutes {
    /** A surveyed road may be a little shorter than the camera positions say, never much: positions are metres off. */
    static final double ROAD_VS_STRAIGHT = 0.9;
    private final SectionStore store;
    private final SectionStage stage;
    private final CameraRegistry cameras;
    private final RetentionPolicies retention;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final Clock clock;

    public SectionRoutes(SectionStore store, SectionStage stage, CameraRegistry cameras, RetentionPolicies retention,
                         OrganisationStore organisations, AuditLog audit, Clock clock) {
        this.store = store;
        this.stage = stage;
        this.cameras = cameras;
        this.retention = retention;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/v1/sections", ctx -> {
            AccessFilter.require(ctx, Permission.VIEW_CAMERAS);
            ctx.json(store.visible(AccessFilter.visibility(ctx)));
        });
        app.post("/api/v1/sections", this::create);
        app.delete("/api/v1/sections/{id}", this::delete);
        app.get("/api/v1/sections/violations", this::violations);
        app.get("/api/v1/sections/violations/{id}/images/{end}/{kind}", this::image);
    }

    /** What an administrator sends; {@code organisation} only with the system token. */
    record Input(String name, String entryCamera, String exitCamera, Double distanceMetres, Integer limitKmh, Integer marginKmh,
                 String organisation) {
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        Input in = Params.body(ctx, Input.class, "a section");
        String organisation = who.organisation() != null ? who.organisation() : in.organisation();
        if (organisation == null || organisation.isBlank()) throw ApiException.badRequest("organisation: required with the system token");
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl))
            throw ApiException.badRequest("name: 1 to 100 characters, no control characters");
        if (in.distanceMetres() == null)
            throw ApiException.badRequest("distanceMetres: required; a section is measured over its surveyed road distance, "
                    + "and a camera pair without one cannot be a section");
        if (in.limitKmh() == null) throw ApiException.badRequest("limitKmh: required");
        SectionSpeed speed = Params.valid(() -> new SectionSpeed(in.distanceMetres(), in.limitKmh(),
                in.marginKmh() == null ? 0 : in.marginKmh()));
        Camera entry = ownCamera("entryCamera", in.entryCamera(), organisation);
        Camera exit = ownCamera("exitCamera", in.exitCamera(), organisation);
        if (entry.id().equals(exit.id())) throw ApiException.badRequest("exitCamera: must differ from entryCamera");
        double straight = Distance.metres(entry.lat(), entry.lon(), exit.lat(), exit.lon());
        if (speed.distanceMetres() < ROAD_VS_STRAIGHT * straight)
            throw ApiException.badRequest(String.format(Locale.ROOT, "distanceMetres: %.0f m is shorter than the %.0f m between "
                    + "the cameras as the crow flies; give the surveyed road distance", speed.distanceMetres(), straight));
        for (Camera c : List.of(entry, exit))
            if (!retention.forCamera(c.id()).keepsNoHitReads())
                throw new ApiException(409, "camera " + c.id() + " keeps only reads with hits (its retention policy); a section "
                        + "needs every read at both ends");
        Section made = store.create(organisation, name, entry.id(), exit.id(), speed.distanceMetres(), speed.limitKmh(),
                speed.marginKmh(), who.label());
        if (made == null) throw new ApiException(409, "cameras " + entry.id() + " → " + exit.id() + " already form a section");
        stage.reload();
        ctx.status(201).json(made);
    }

    /** One answer for an unknown camera and another organisation's. */
    private Camera ownCamera(String field, String id, String organisation) {
        if (id == null || id.isBlank()) throw ApiException.badRequest(field + ": required");
        return cameras.find(id).filter(c -> c.organisation().equals(organisation))
                .orElseThrow(() -> ApiException.badRequest(field + ": no camera '" + id + "' of organisation " + organisation));
    }

    private void delete(Context ctx) {
        AccessFilter.require(ctx, Permission.MANAGE_CAMERAS);
        long id = Params.id(ctx, "id");
        if (!store.delete(id, AccessFilter.visibility(ctx))) throw ApiException.notFound("no section " + id);
        stage.reload();
        ctx.status(204);
    }

    private void violations(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        Visibility v = AccessFilter.visibility(ctx);
        Instant to = Params.instant(ctx, "to");
        if (to == null) to = clock.instant();
        Instant from = Params.instant(ctx, "from");
        if (from == null) from = to.minus(Duration.ofDays(7));
        if (!from.isBefore(to)) throw ApiException.badRequest("from must be before to");
        Long section = Params.optionalLong(ctx, "section");
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!List.of("json", "csv", "html").contains(format)) throw ApiException.badRequest("format: json, csv or html");
        List<SectionViolation> found = store.violations(section, from, to, Params.integer(ctx, "limit", 500, 1, 10_000), v);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("analysis", "section speed");
        details.put("from", from.toString());
        details.put("to", to.toString());
        if (section != null) details.put("section", section);
        details.put("format", format);
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.HIT_VIEW, "section violations",
                null, null, null, found.size(), details));
        switch (format) {
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"section-violations.csv\"");
                ctx.contentType("text/csv; charset=utf-8").result(ViolationReport.csv(found));
            }
            case "html" -> {
                String lang = ctx.queryParam("lang") != null ? ctx.queryParam("lang") : ctx.cookie("anpr_lang");
                boolean nl = lang != null && lang.toLowerCase(Locale.ROOT).startsWith("nl");
                ZoneId zone = organisations.timeZone(who.organisation());
                ctx.contentType("text/html; charset=utf-8").result(ViolationReport.html(found, nl, zone, from + " – " + to));
            }
            default -> ctx.json(found);
        }
    }

    private void image(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
        long id = Params.id(ctx, "id");
        String end = ctx.pathParam("end");
        String kind = ctx.pathParam("kind");
        if (!end.equals("entry") && !end.equals("exit")) throw ApiException.badRequest("end: entry or exit");
        if (!kind.equals("plate") && !kind.equals("overview")) throw ApiException.badRequest("kind: plate or overview");
        SectionViolation v = store.violation(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no violation " + id));
        SectionViolation.Passage p = end.equals("entry") ? v.entry() : v.exit();
        byte[] jpeg = store.image(p.id(), p.time(), kind).orElseThrow(() -> ApiException.notFound("no " + kind + " image at the " + end
                + " of violation " + id + " (none sent, or its passage is no longer retained)"));
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PASSAGE_VIEW, "passage " + p.id(),
                null, null, null, 1, Map.of("image", kind, "violation", id)));
        ctx.contentType("image/jpeg").result(jpeg);
    }
}
