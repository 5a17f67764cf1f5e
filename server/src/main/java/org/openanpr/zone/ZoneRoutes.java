package org.openanpr.zone;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.locationtech.jts.geom.Geometry;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.evidence.EvidencePdf;
import org.openanpr.evidence.EvidenceZip;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Json;
import org.openanpr.http.Params;
import org.openanpr.plate.Plates;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/zones}, {@code /api/v1/exemptions}, {@code /api/v1/zone-cases}: zones and their rules, sign inspections,
 * exemptions, the review queue, fines and appeals, evidence packages and the council's figures. A municipality's zones
 * and everything under them are its own: another organisation's answer 404.
 */
public final class ZoneRoutes {
    /** How far a cordon zone's entry camera may stand from its area, in degrees (about 500 m). */
    private static final double CORDON_REACH = 0.005;
    private final ZoneStore zones;
    private final ExemptionStore exemptions;
    private final CaseStore cases;
    private final ZoneStage stage;
    private final CameraRegistry cameras;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final Clock clock;
    private volatile CheckpointKey evidenceKey;

    public ZoneRoutes(ZoneStore zones, ExemptionStore exemptions, CaseStore cases, ZoneStage stage, CameraRegistry cameras,
                      OrganisationStore organisations, AuditLog audit, Clock clock) {
        this.zones = zones;
        this.exemptions = exemptions;
        this.cases = cases;
        this.stage = stage;
        this.cameras = cameras;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    /** The server's key that signs evidence packages (serve: {@code <data>/evidence.key}); none: evidence answers 503. */
    public void useEvidenceKey(CheckpointKey key) {
        this.evidenceKey = key;
    }

    public void register(Javalin app) {
        app.get("/api/v1/zones", ctx -> {
            AccessFilter.require(ctx, Permission.VIEW_ZONES);
            ctx.json(zones.visible(AccessFilter.visibility(ctx)).stream().map(ZoneRoutes::view).toList());
        });
        app.post("/api/v1/zones", this::create);
        app.get("/api/v1/zones/{id}", ctx -> ctx.json(view(zone(ctx, Permission.VIEW_ZONES))));
        app.put("/api/v1/zones/{id}", this::update);
        app.delete("/api/v1/zones/{id}", ctx -> {
            Zone z = zone(ctx, Permission.MANAGE_ZONES);
            zones.delete(z.id());
            stage.reload();
            ctx.status(204);
        });
        app.get("/api/v1/zones/{id}/sign-inspections", ctx -> ctx.json(zones.inspections(zone(ctx, Permission.VIEW_ZONES).id())));
        app.post("/api/v1/zones/{id}/sign-inspections", this::inspect);
        app.get("/api/v1/zones/{id}/figures", this::figures);
        app.get("/api/v1/zones/{id}/exemptions", this::listExemptions);
        app.post("/api/v1/zones/{id}/exemptions", this::apply);
        app.post("/api/v1/zones/{id}/exemptions/import", this::importExemptions);
        app.post("/api/v1/exemptions/{id}/approve", ctx -> decide(ctx, Exemption.Status.APPROVED));
        app.post("/api/v1/exemptions/{id}/refuse", ctx -> decide(ctx, Exemption.Status.REFUSED));
        app.get("/api/v1/zones/{id}/cases", this::listCases);
        app.post("/api/v1/zones/{id}/fines/export", this::exportFines);
        app.get("/api/v1/zone-cases/{id}", ctx -> {
            Principal who = mayReadCases(ctx);
            ZoneCase k = theCase(ctx);
            onRecord(who, k.organisation(), AuditEntry.Action.PASSAGE_VIEW, "zone case " + k.id(), 1, Map.of());
            ctx.json(k);
        });
        app.get("/api/v1/zone-cases/{id}/images/{kind}", this::image);
        app.post("/api/v1/zone-cases/{id}/confirm", this::confirm);
        app.post("/api/v1/zone-cases/{id}/reject", this::reject);
        app.post("/api/v1/zone-cases/{id}/appeal", ctx -> {
            AccessFilter.require(ctx, Permission.MANAGE_ZONES);
            ZoneCase k = theCase(ctx);
            String value = Params.body(ctx, Map.class, "a JSON object {\"appeal\": ...}").get("appeal") instanceof String s ? s : "";
            ZoneCase.Appeal a = Params.valid(() -> parse(ZoneCase.Appeal.class, value, "appeal"));
            if (!cases.appeal(k.id(), a)) throw new ApiException(409, "only a confirmed fine has an appeal (bezwaar)");
            ctx.json(cases.find(k.id()).orElseThrow());
        });
        app.post("/api/v1/zone-cases/{id}/paid", ctx -> {
            AccessFilter.require(ctx, Permission.MANAGE_ZONES);
            ZoneCase k = theCase(ctx);
            if (!cases.paid(k.id())) throw new ApiException(409, "only a confirmed fine is paid");
            ctx.json(cases.find(k.id()).orElseThrow());
        });
        app.get("/api/v1/zone-cases/{id}/evidence", this::evidence);
    }

    // ---- zones

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ZONES);
        ZoneInput in = Params.body(ctx, ZoneInput.class, "a zone JSON object");
        in = in.withOrganisation(AccessFilter.ownOrganisation(who, in.organisation(), "a zone"));
        Zone z = Params.valid(in::validate);
        checkCameras(ctx, z);
        Zone created;
        try {
            created = zones.create(z);
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        stage.reload();
        ctx.status(201).json(view(created));
    }

    private void update(Context ctx) {
        Zone old = zone(ctx, Permission.MANAGE_ZONES);
        ZoneInput in = Params.body(ctx, ZoneInput.class, "a zone JSON object");
        if (in.organisation() != null && !in.organisation().isBlank() && !in.organisation().strip().equals(old.organisation()))
            throw ApiException.badRequest("organisation: a zone stays with its organisation");
        Zone z = Params.valid(in.withOrganisation(old.organisation())::validate);
        checkCameras(ctx, z);
        Zone updated;
        try {
            updated = zones.update(old.id(), z);
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        stage.reload();
        ctx.json(view(updated));
    }

    /**
     * The cameras must be the zone organisation's own (visible ones of another organisation are refused, invisible ones
     * unknown), inside the area for a FLEXIBLE zone and at its edge (within about 500 m) for a CORDON.
     */
    private void checkCameras(Context ctx, Zone z) {
        Visibility v = AccessFilter.visibility(ctx);
        Geometry area = GeoJson.area(z.area());
        for (String id : z.cameras()) {
            Camera cam = cameras.find(id, v).orElseThrow(() -> ApiException.badRequest("cameras: no camera '" + id + "'"));
            if (!cam.organisation().equals(z.organisation()))
                throw ApiException.forbidden("camera '" + id + "' belongs to " + cam.organisation() + ", not " + z.organisation());
            Geometry at = GeoJson.point(cam.lat(), cam.lon());
            if (z.mode() == Zone.Mode.FLEXIBLE && !area.covers(at))
                throw ApiException.badRequest("cameras: '" + id + "' stands outside the area of this FLEXIBLE zone");
            if (z.mode() == Zone.Mode.CORDON && area.distance(at) > CORDON_REACH)
                throw ApiException.badRequest("cameras: '" + id + "' stands too far from the area to guard an entry of this CORDON zone");
        }
    }

    private void inspect(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ZONES);
        Zone z = zone(ctx, Permission.MANAGE_ZONES);
        Map<?, ?> body = Params.body(ctx, Map.class, "a sign inspection JSON object");
        LocalDate on = Params.valid(() -> Params.day("inspectedOn", str(body.get("inspectedOn"))));
        if (on == null) throw ApiException.badRequest("inspectedOn: required (yyyy-mm-dd)");
        String inspector = str(body.get("inspector"));
        if (inspector == null || inspector.isBlank() || inspector.length() > 200) throw ApiException.badRequest("inspector: required, at most 200 characters");
        if (!(body.get("allInPlace") instanceof Boolean ok)) throw ApiException.badRequest("allInPlace: true or false");
        String notes = str(body.get("notes"));
        if (notes != null && notes.length() > 4000) throw ApiException.badRequest("notes: at most 4000 characters");
        ctx.status(201).json(zones.addInspection(z.id(), on, inspector.strip(), ok, notes, who.label()));
    }

    private void figures(Context ctx) {
        Zone z = zone(ctx, Permission.VIEW_ZONES);
        LocalDate today = LocalDate.ofInstant(clock.instant(), organisations.timeZone(z.organisation()));
        LocalDate from = ctx.queryParam("from") == null ? today.minusDays(30) : Params.day(ctx, "from");
        LocalDate to = ctx.queryParam("to") == null ? today : Params.day(ctx, "to");
        if (to.isBefore(from)) throw ApiException.badRequest("to: before from");
        ctx.json(cases.figures(z.id(), from, to));
    }

    // ---- exemptions

    private void listExemptions(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_EXEMPTIONS);
        Zone z = zone(ctx, Permission.MANAGE_EXEMPTIONS);
        String plate = ctx.queryParam("plate") == null || ctx.queryParam("plate").isBlank() ? null : Params.plate(ctx.queryParam("plate"));
        List<Exemption> list = exemptions.ofZone(z.id(), plate, Params.integer(ctx, "limit", 500, 1, 5000));
        onRecord(who, z.organisation(), AuditEntry.Action.LIST_VIEW, "zone " + z.id() + " exemptions", list.size(),
                plate == null ? Map.of() : Map.of("plate", plate));
        ctx.json(list);
    }

    private void apply(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_EXEMPTIONS);
        Zone z = zone(ctx, Permission.MANAGE_EXEMPTIONS);
        Map<?, ?> body = Params.body(ctx, Map.class, "an exemption JSON object");
        ExemptionStore.New n = Params.valid(() -> exemption(str(body.get("plate")), str(body.get("kind")), str(body.get("validFrom")),
                str(body.get("validUntil")), str(body.get("applicant")), str(body.get("note"))));
        Exemption created = exemptions.create(z.organisation(), z.id(), List.of(n), Exemption.Status.APPLIED, who.label(), clock.instant()).getFirst();
        stage.reloadExemptions();
        ctx.status(201).json(created);
    }

    /**
     * Bulk import of approved exemptions (a care provider's fleet, the emergency services): CSV with the header
     * {@code plate,kind,validFrom,validUntil,applicant,note}. All lines or none: a bad line answers 400 naming every
     * bad line, and nothing is stored.
     */
    private void importExemptions(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_EXEMPTIONS);
        Zone z = zone(ctx, Permission.MANAGE_EXEMPTIONS);
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().strip().replace("\uFEFF", "").toLowerCase().startsWith("plate,kind,validfrom,validuntil"))
            throw ApiException.badRequest("body: CSV with the header plate,kind,validFrom,validUntil,applicant,note");
        List<ExemptionStore.New> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            try {
                if (f.length < 4 || f.length > 6) throw new IllegalArgumentException("4 to 6 fields expected");
                rows.add(exemption(f[0], f[1], f[2], f[3], f.length > 4 ? f[4] : null, f.length > 5 ? f[5] : null));
            } catch (IllegalArgumentException e) {
                if (errors.size() < 100) errors.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new ApiException(400, "nothing imported; " + errors.size() + " bad line(s)", Map.of("errors", errors));
        if (rows.isEmpty()) throw ApiException.badRequest("body: no exemptions");
        if (rows.size() > 100_000) throw ApiException.badRequest("body: at most 100000 exemptions per import");
        List<Exemption> created = exemptions.create(z.organisation(), z.id(), rows, Exemption.Status.APPROVED, who.label(), clock.instant());
        stage.reloadExemptions();
        ctx.json(Map.of("imported", created.size()));
    }

    private void decide(Context ctx, Exemption.Status to) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_EXEMPTIONS);
        long id = Params.id(ctx, "id");
        Exemption e = exemptions.find(id).filter(x -> visibleOrganisation(ctx, x.organisation()))
                .orElseThrow(() -> ApiException.notFound("no exemption " + id));
        String note = ctx.body().isBlank() ? null : str(Params.body(ctx, Map.class, "a JSON object").get("note"));
        if (!exemptions.decide(e.id(), to, who.label(), note, clock.instant()))
            throw new ApiException(409, "exemption " + id + " was already " + e.status());
        stage.reloadExemptions();
        ctx.json(exemptions.find(id).orElseThrow());
    }

    private static ExemptionStore.New exemption(String plate, String kind, String from, String until, String applicant, String note) {
        String p;
        try {
            p = Plates.normalise(plate);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("plate: " + e.getMessage());
        }
        Exemption.Kind k = parse(Exemption.Kind.class, kind, "kind");
        Instant f = instantOrDay(from, "validFrom");
        Instant u = instantOrDay(until, "validUntil");
        if (!u.isAfter(f)) throw new IllegalArgumentException("validUntil: must be after validFrom");
        if (java.time.Duration.between(f, u).compareTo(Exemption.LONGEST) > 0) throw new IllegalArgumentException("valid for at most 5 years");
        if (applicant != null && applicant.length() > 200 || note != null && note.length() > 2000)
            throw new IllegalArgumentException("applicant: at most 200 characters, note at most 2000");
        return new ExemptionStore.New(p, k, f, u, blankToNull(applicant), blankToNull(note));
    }

    private static Instant instantOrDay(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + ": required");
        String v = value.strip();
        try {
            return v.length() == 10 ? Params.day(name, v).atStartOfDay(ZoneId.of("Europe/Amsterdam")).toInstant() : Params.instant(name, v);
        } catch (ApiException | java.time.DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    // ---- cases

    private void listCases(Context ctx) {
        Principal who = mayReadCases(ctx);
        Zone z = zone(ctx, null);
        ZoneCase.Status status = ctx.queryParam("status") == null ? null : Params.valid(() -> parse(ZoneCase.Status.class, ctx.queryParam("status"), "status"));
        EnforcementPolicy.Kind sanction = ctx.queryParam("sanction") == null ? null
                : Params.valid(() -> parse(EnforcementPolicy.Kind.class, ctx.queryParam("sanction"), "sanction"));
        String plate = ctx.queryParam("plate") == null || ctx.queryParam("plate").isBlank() ? null : Params.plate(ctx.queryParam("plate"));
        List<ZoneCase> list = cases.list(z.id(), status, sanction, plate, Params.integer(ctx, "limit", 200, 1, 5000));
        onRecord(who, z.organisation(), AuditEntry.Action.PASSAGE_VIEW, "zone " + z.id() + " cases", list.size(),
                status == null ? Map.of() : Map.of("status", status.name()));
        ctx.json(list);
    }

    private void image(Context ctx) {
        Principal who = mayReadCases(ctx);
        ZoneCase k = theCase(ctx);
        String kind = ctx.pathParam("kind");
        if (!kind.equals("plate") && !kind.equals("overview")) throw ApiException.badRequest("kind: plate or overview");
        byte[] jpeg = cases.image(k.id(), kind.equals("plate"));
        if (jpeg == null) throw ApiException.notFound("no " + kind + " image for zone case " + k.id());
        onRecord(who, k.organisation(), AuditEntry.Action.PASSAGE_VIEW, "zone case " + k.id(), 1, Map.of("image", kind));
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private void confirm(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.REVIEW_ZONE_CASES);
        if (!(who instanceof Principal.User)) throw ApiException.forbidden("a review is the second observation by a person (a BOA); log in as one");
        ZoneCase k = theCase(ctx);
        Map<?, ?> body = ctx.body().isBlank() ? Map.of() : Params.body(ctx, Map.class, "a JSON object");
        String plate = str(body.get("plate"));
        String corrected = plate == null || plate.isBlank() ? null : Params.plate(plate);
        String note = str(body.get("note"));
        if (note != null && note.length() > 2000) throw ApiException.badRequest("note: at most 2000 characters");
        Zone z = zones.find(k.zoneId()).orElseThrow(() -> ApiException.notFound("no zone case " + k.id()));
        try {
            CaseStore.Reviewed r = cases.confirm(k.id(), z, organisations.timeZone(z.organisation()), stage.registry(), corrected,
                    who.label(), note, clock.instant());
            ctx.json(Map.of("case", r.theCase(), "result", r.message()));
        } catch (CaseStore.NotConfirmable e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    private void reject(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.REVIEW_ZONE_CASES);
        if (!(who instanceof Principal.User)) throw ApiException.forbidden("a review is the second observation by a person (a BOA); log in as one");
        ZoneCase k = theCase(ctx);
        Map<?, ?> body = Params.body(ctx, Map.class, "a JSON object {\"reason\": ..., \"note\": ...}");
        ZoneCase.RejectReason reason = Params.valid(() -> parse(ZoneCase.RejectReason.class, str(body.get("reason")), "reason"));
        String note = str(body.get("note"));
        if (note != null && note.length() > 2000) throw ApiException.badRequest("note: at most 2000 characters");
        if (!cases.reject(k.id(), reason, who.label(), note, clock.instant()))
            throw new ApiException(409, "zone case " + k.id() + " was already " + k.status());
        ctx.json(cases.find(k.id()).orElseThrow());
    }

    /**
     * The batch of confirmed fines not yet exported, for the central fine collection agency (CJIB), as CSV; each fine
     * is exported once (marked in the same transaction). Layout: see docs/zones.md.
     */
    private void exportFines(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ZONES);
        Zone z = zone(ctx, Permission.MANAGE_ZONES);
        List<ZoneCase> fines = cases.exportFines(z.id(), clock.instant());
        ZoneId tz = organisations.timeZone(z.organisation());
        StringBuilder text = new StringBuilder();
        Csv csv = new Csv(text).row("reference", "plate", "country", "local_time", "camera", "zone", "traffic_decision", "rule",
                "fine_number", "amount_eur", "reviewer");
        for (ZoneCase k : fines)
            csv.row("OPENANPR-" + k.id(), k.plate(), k.country() == null ? "NL" : k.country(),
                    k.observedAt().atZone(tz).toLocalDateTime().toString(), k.cameraId(), z.name(), z.trafficDecision(), k.rule(),
                    k.fineOrdinal(), k.amount(), k.reviewer());
        onRecord(who, z.organisation(), AuditEntry.Action.EXPORT, "zone " + z.id() + " fines", fines.size(), Map.of("format", "csv"));
        ctx.header("Content-Disposition", "attachment; filename=\"fines-zone-" + z.id() + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(text.toString());
    }

    private void evidence(Context ctx) {
        Principal who = mayReadCases(ctx);
        ZoneCase k = theCase(ctx);
        if (k.status() != ZoneCase.Status.CONFIRMED) throw new ApiException(409, "evidence is made for a confirmed case; this one is " + k.status());
        CheckpointKey key = evidenceKey;
        if (key == null) throw new ApiException(503, "no evidence signing key is configured on this server");
        Zone z = zones.find(k.zoneId()).orElseThrow();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("case", k);
        Map<String, Object> clockCheck = new LinkedHashMap<>();
        clockCheck.put("observedAt", k.observedAt().toString());
        clockCheck.put("receivedAt", k.receivedAt().toString());
        clockCheck.put("deliveredAfterSeconds", java.time.Duration.between(k.observedAt(), k.receivedAt()).toMillis() / 1000.0);
        clockCheck.put("note", "the camera's time against the server's clock when the passage was received; a camera ahead of the server shows a negative delay");
        record.put("clockCheck", clockCheck);
        files.put("case.json", pretty(record));
        files.put("zone.json", pretty(view(z)));
        files.put("registry.json", pretty(k.vehicle()));
        files.put("exemption-check.json", pretty(k.exemptionCheck()));
        Object inspection = zones.inspectionBefore(z.id(), k.day()).<Object>map(i -> i)
                .orElse(Map.of("found", false, "note", "no sign inspection (bordenschouw) on record on or before " + k.day()));
        files.put("sign-inspection.json", pretty(inspection));
        byte[] plate = cases.image(k.id(), true);
        byte[] overview = cases.image(k.id(), false);
        byte[] pdf = EvidencePdf.render("Bewijsstuk / evidence: zone case " + k.id() + ", " + z.name(),
                printable(k, z, clockCheck, inspection), java.util.Arrays.asList(plate, overview));
        if (plate != null) files.put("plate.jpg", plate);
        if (overview != null) files.put("overview.jpg", overview);
        files.put("evidence.pdf", pdf);
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("case", k.id());
        about.put("zone", z.name());
        about.put("organisation", z.organisation());
        about.put("createdAt", clock.instant().toString());
        about.put("createdBy", who.label());
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("zip");
        if (!format.equals("zip") && !format.equals("pdf")) throw ApiException.badRequest("format: zip or pdf");
        onRecord(who, k.organisation(), AuditEntry.Action.EXPORT, "zone case " + k.id() + " evidence", 1, Map.of("format", format));
        if (format.equals("pdf")) {
            // the printable face alone; the signed ZIP holds the same PDF with what it was printed from
            ctx.header("Content-Disposition", "attachment; filename=\"evidence-" + k.id() + ".pdf\"");
            ctx.contentType("application/pdf").result(pdf);
            return;
        }
        byte[] zip = EvidenceZip.build(files, about, key);
        ctx.header("Content-Disposition", "attachment; filename=\"evidence-" + k.id() + ".zip\"");
        ctx.contentType("application/zip").result(zip);
    }

    /** The facts of a confirmed case as the printed evidence shows them. */
    private static List<EvidencePdf.Line> printable(ZoneCase k, Zone z, Map<String, Object> clockCheck, Object inspection) {
        List<EvidencePdf.Line> lines = new java.util.ArrayList<>();
        lines.add(EvidencePdf.Line.heading("Passage"));
        lines.add(new EvidencePdf.Line("Plate / kenteken", k.plate() + (k.country() == null ? "" : " (" + k.country() + ")")));
        lines.add(new EvidencePdf.Line("Observed / waargenomen", String.valueOf(k.observedAt())));
        lines.add(new EvidencePdf.Line("Camera", k.cameraId() + " " + k.camera()));
        lines.add(new EvidencePdf.Line("Confidence / zekerheid", String.valueOf(k.confidence())));
        lines.add(new EvidencePdf.Line("Clock check / klokcontrole", String.valueOf(clockCheck)));
        lines.add(EvidencePdf.Line.heading("Zone"));
        lines.add(new EvidencePdf.Line("Zone", z.name() + " (" + z.kind() + ", " + z.mode() + ")"));
        lines.add(new EvidencePdf.Line("Traffic decision / verkeersbesluit", z.trafficDecision()));
        lines.add(new EvidencePdf.Line("Rule / regel", k.rule()));
        lines.add(new EvidencePdf.Line("Sign inspection / bordenschouw", String.valueOf(inspection)));
        lines.add(EvidencePdf.Line.heading("Vehicle registry / kentekenregister"));
        lines.add(new EvidencePdf.Line("Registry data at the time", String.valueOf(k.vehicle())));
        lines.add(new EvidencePdf.Line("Exemption check / ontheffingen", String.valueOf(k.exemptionCheck())));
        lines.add(EvidencePdf.Line.heading("Review and sanction / beoordeling en sanctie"));
        lines.add(new EvidencePdf.Line("Reviewer / beoordelaar", k.reviewer() + " at " + k.reviewedAt()));
        lines.add(new EvidencePdf.Line("Sanction / sanctie", k.sanction() + (k.fineOrdinal() == null ? "" : " no. " + k.fineOrdinal())
                + (k.amount() == null ? "" : ", EUR " + k.amount())));
        lines.add(new EvidencePdf.Line("Passages that day / passages die dag", String.valueOf(k.passages())));
        return lines;
    }

    // ---- helpers

    private Zone zone(Context ctx, Permission permission) {
        if (permission != null) AccessFilter.require(ctx, permission);
        long id = Params.id(ctx, "id");
        return zones.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no zone " + id));
    }

    private ZoneCase theCase(Context ctx) {
        long id = Params.id(ctx, "id");
        return cases.find(id).filter(k -> visibleOrganisation(ctx, k.organisation()))
                .orElseThrow(() -> ApiException.notFound("no zone case " + id));
    }

    private static boolean visibleOrganisation(Context ctx, String organisation) {
        Visibility v = AccessFilter.visibility(ctx);
        return v.all() || v.organisation().equals(organisation);
    }

    private static Principal mayReadCases(Context ctx) {
        return AccessFilter.requireAny(ctx, Permission.REVIEW_ZONE_CASES, Permission.MANAGE_ZONES);
    }

    private void onRecord(Principal who, String organisation, AuditEntry.Action action, String target, int count, Map<String, Object> details) {
        audit.record(new AuditEntry(who.label(), AccessFilter.auditOrganisation(who, organisation), action, target, null, null, null,
                count, details));
    }

    static Map<String, Object> view(Zone z) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", z.id());
        v.put("organisation", z.organisation());
        v.put("name", z.name());
        v.put("kind", z.kind());
        v.put("mode", z.mode());
        v.put("area", z.area());
        v.put("cameras", z.cameras());
        v.put("rules", z.rules());
        v.put("policy", z.policy());
        v.put("trafficDecision", z.trafficDecision());
        v.put("minConfidence", z.minConfidence());
        v.put("keepCompliantHours", z.keepCompliantHours());
        v.put("createdAt", z.createdAt());
        return v;
    }

    private static byte[] pretty(Object o) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
