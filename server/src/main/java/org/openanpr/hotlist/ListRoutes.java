package org.openanpr.hotlist;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.ChangeRecorder;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/lists}: reference lists, their imports and versions, where they are switched on, and camera groups.
 * Every change that affects matching returns only once the matcher's new index is live.
 */
public final class ListRoutes {
    private static final Logger log = LoggerFactory.getLogger(ListRoutes.class);
    private final ListStore lists;
    private final ListEntryStore entries;
    private final ActivationStore activations;
    private final CameraRegistry cameras;
    private final Matcher matcher;
    private final EntriesAdded historical;
    private final AuditLog audit;
    /** The largest list file; a file is checked whole before anything is stored, so this is what the heap holds. */
    private final long maxImportBytes;

    public ListRoutes(ListStore lists, ListEntryStore entries, ActivationStore activations, CameraRegistry cameras, Matcher matcher,
                      EntriesAdded historical, AuditLog audit, long maxImportBytes) {
        this.audit = audit;
        this.maxImportBytes = maxImportBytes;
        this.lists = lists;
        this.entries = entries;
        this.activations = activations;
        this.cameras = cameras;
        this.matcher = matcher;
        this.historical = historical;
    }

    public void register(Javalin app) {
        // Lists, their entries and camera groups are their own organisation's only; another's answer 404.
        app.get("/api/v1/lists", ctx -> {
            AccessFilter.require(ctx, Permission.VIEW_LISTS);
            ctx.json(lists.visible(AccessFilter.visibility(ctx)).stream().map(this::view).toList());
        });
        app.post("/api/v1/lists", this::create);
        app.get("/api/v1/lists/{id}", ctx -> ctx.json(view(list(ctx, Permission.VIEW_LISTS))));
        app.delete("/api/v1/lists/{id}", this::delete);
        app.post("/api/v1/lists/{id}/entries", this::importEntries);
        app.get("/api/v1/lists/{id}/entries", this::entries);
        app.get("/api/v1/lists/{id}/export", this::export);
        app.get("/api/v1/lists/{id}/versions", ctx -> ctx.json(entries.versions(list(ctx, Permission.VIEW_LISTS).id())));
        app.get("/api/v1/lists/{id}/activations", ctx -> ctx.json(activations.ofList(list(ctx, Permission.VIEW_LISTS).id())));
        app.post("/api/v1/lists/{id}/activations", this::activate);
        app.delete("/api/v1/lists/{id}/activations", this::deactivate);
        app.get("/api/v1/camera-groups", ctx -> {
            AccessFilter.require(ctx, Permission.VIEW_LISTS);
            ctx.json(activations.groups(AccessFilter.visibility(ctx)));
        });
        app.put("/api/v1/camera-groups/{code}", this::saveGroup);
    }

    private void create(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        ListInput in = Params.body(ctx, ListInput.class, "a reference list JSON object");
        in = new ListInput(in.name(), in.category(), in.purpose(), in.legalBasis(),
                AccessFilter.ownOrganisation(who, in.organisation(), "a list"), in.source(), in.instruction(), in.priority(),
                in.fuzzy(), in.hitRetentionDays(), in.historicalSearch(), in.conditions());
        ReferenceList input = Params.valid(in::validate);
        ReferenceList created;
        try {
            created = lists.create(input, ChangeRecorder.inTransaction(ctx, AccessFilter.principal(ctx), 201));
        } catch (ListConflict e) {
            throw new ApiException(409, e.getMessage());
        }
        matcher.listChanged(created.id());
        ctx.status(201).json(view(created));
    }

    private void delete(Context ctx) {
        long id = list(ctx, Permission.MANAGE_LISTS).id();
        try {
            lists.delete(id, ChangeRecorder.inTransaction(ctx, AccessFilter.principal(ctx), 204));
        } catch (ListConflict e) {
            throw new ApiException(409, e.getMessage());
        }
        matcher.listChanged(id);
        ctx.status(204);
    }

    /**
     * {@code mode=replace} (default) swaps the whole list; {@code add} and {@code remove} apply a delta. The body is
     * CSV or a JSON array; any bad row refuses the whole file.
     */
    private void importEntries(Context ctx) {
        ReferenceList list = list(ctx, Permission.MANAGE_LISTS);
        Principal principal = AccessFilter.principal(ctx);
        String mode = ctx.queryParam("mode") == null ? "replace" : ctx.queryParam("mode").toLowerCase(Locale.ROOT);
        if (!List.of("replace", "add", "remove").contains(mode))
            throw ApiException.badRequest("mode: one of replace, add, remove");
        String type = ctx.contentType();
        if (type == null || !(type.toLowerCase().startsWith("text/csv") || type.toLowerCase().startsWith("application/json")))
            throw new ApiException(415, "Content-Type must be text/csv or application/json");
        if (ctx.contentLength() > maxImportBytes)
            throw new ApiException(413, "a list file may be at most " + maxImportBytes + " bytes");
        ListVersion version;
        long start = System.nanoTime();
        long parsed;
        // Written in the import's own transaction: no import without its record, no record without its import.
        // The system token has no organisation: the record then goes with the list's, so its privacy officer sees it.
        java.util.function.Function<ListVersion, AuditEntry> record = v -> new AuditEntry(principal.label(),
                principal.organisation() != null ? principal.organisation() : list.organisation(), AuditEntry.Action.LIST_IMPORT,
                "list " + list.id(), list.legalBasis(), null, list.purpose(), v.total(),
                Map.of("mode", mode, "version", v.version(), "added", v.added(), "removed", v.removed()));
        ListEntryStore.Imported imported;
        try {
            List<EntryRow> rows = EntryFile.parse(ctx.bodyAsBytes(), type);
            parsed = System.nanoTime();
            imported = switch (mode) {
                case "add" -> entries.delta(list.id(), rows, List.of(), principal.label(), record);
                case "remove" -> entries.delta(list.id(), List.of(), rows, principal.label(), record);
                default -> entries.replace(list.id(), rows, principal.label(), record,
                        (prepared, v) -> matcher.prepareReplace(list.id(), v, prepared));
            };
            version = imported.version();
            ChangeRecorder.recordedInStore(ctx);
        } catch (ImportException e) {
            ctx.status(400).json(Map.of("status", 400, "error", "Bad Request", "reason", e.getMessage(),
                    "problems", e.problems()));
            return;
        }
        long stored = System.nanoTime();
        if (version.kind() == ListVersion.Kind.REPLACE) matcher.listReplaced(list.id(), imported);
        else matcher.entriesChanged(list.id(), imported);
        log.info("list {} version {} ({}): {} entries, parsed in {} ms, stored in {} ms, matching on it after {} ms",
                list.id(), version.version(), mode, version.total(), (parsed - start) / 1_000_000,
                (stored - parsed) / 1_000_000, (System.nanoTime() - stored) / 1_000_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (list.historicalSearch() && !mode.equals("remove") && version.added() > 0)
            body.put("historicalHits", historical.entriesAdded(list, version.version()));
        ctx.json(body);
    }

    /** Entries are personal data: only for those who manage the list. */
    private void entries(Context ctx) {
        ReferenceList list = list(ctx, Permission.MANAGE_LISTS);
        String plate = ctx.queryParam("plate");
        String prefix = plate == null ? "" : plate.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9?]", "");
        var found = entries.entries(list.id(), prefix, Params.integer(ctx, "limit", 100, 1, 1000));
        Principal who = AccessFilter.principal(ctx);
        Map<String, Object> details = new LinkedHashMap<>();
        if (!prefix.isEmpty()) details.put("plate", prefix);
        // The system token has no organisation: the record then goes with the list's, so its privacy officer sees it.
        audit.record(new AuditEntry(who.label(), who.organisation() != null ? who.organisation() : list.organisation(),
                AuditEntry.Action.LIST_VIEW, "list " + list.id(), list.legalBasis(), null, list.purpose(), found.size(), details));
        ctx.json(found);
    }

    private void export(Context ctx) throws Exception {
        ReferenceList list = list(ctx, Permission.MANAGE_LISTS);
        Principal who = AccessFilter.principal(ctx);
        audit.record(new AuditEntry(who.label(), who.organisation() != null ? who.organisation() : list.organisation(), AuditEntry.Action.EXPORT,
                "list " + list.id(), list.legalBasis(), null, list.purpose(), matcher.entryCount(list.id()), null));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"list-" + list.id() + "-v" + list.currentVersion() + ".csv\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            entries.exportCsv(list.id(), out);
        }
    }

    private void activate(Context ctx) {
        ReferenceList list = list(ctx, Permission.MANAGE_LISTS);
        Activation a = activation(ctx, list);
        // A list is switched on only where its own organisation's cameras are. What the caller cannot see (another
        // organisation's camera, group or region) answers 404 exactly like what does not exist, so nobody learns what
        // another organisation has; what it can see but not use (a camera shared with it) answers 403.
        Visibility v = AccessFilter.visibility(ctx);
        if (!v.all() && a.scope() == Activation.Scope.REGION && !a.target().equals(list.organisation()))
            throw ApiException.notFound("target: no region '" + a.target() + "' of " + list.organisation());
        for (Camera camera : camerasOf(a, v, list.organisation()))
            if (!camera.organisation().equals(list.organisation()))
                throw ApiException.forbidden("camera '" + camera.id() + "' belongs to organisation " + camera.organisation()
                        + "; list '" + list.name() + "' of " + list.organisation() + " cannot be switched on there");
        activations.activate(a, ChangeRecorder.inTransaction(ctx, AccessFilter.principal(ctx), 201));
        matcher.activationsChanged();
        ctx.status(201).json(a);
    }

    private void deactivate(Context ctx) {
        Activation a = activation(ctx, list(ctx, Permission.MANAGE_LISTS));
        if (!activations.deactivate(a, ChangeRecorder.inTransaction(ctx, AccessFilter.principal(ctx), 204)))
            throw ApiException.notFound("the list is not switched on for " + a.scope() + " " + a.target());
        matcher.activationsChanged();
        ctx.status(204);
    }

    private void saveGroup(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        Visibility v = AccessFilter.visibility(ctx);
        CameraGroup body = Params.body(ctx, CameraGroup.class, "a camera group {name, organisation, cameras}");
        String code = ctx.pathParam("code");
        if (body.name() == null || body.name().isBlank()) throw ApiException.badRequest("name: required");
        if (body.cameras() == null || body.cameras().isEmpty()) throw ApiException.badRequest("cameras: name at least one");
        String organisation = AccessFilter.ownOrganisation(who, body.organisation(), "a camera group");
        // Codes are shared by all organisations: another's group is neither shown nor replaced.
        if (who.organisation() != null && activations.groupOwner(code).filter(o -> !o.equals(who.organisation())).isPresent())
            throw new ApiException(409, "camera group code '" + code + "' is taken; choose another");
        for (String id : body.cameras()) {
            Camera camera = cameras.find(id, v).orElseThrow(() -> ApiException.badRequest("cameras: no camera '" + id + "'"));
            if (organisation == null) organisation = camera.organisation();
            if (!camera.organisation().equals(organisation))
                throw ApiException.forbidden("camera '" + id + "' belongs to " + camera.organisation() + ", not " + organisation);
        }
        CameraGroup group = new CameraGroup(code, body.name(), organisation, List.copyOf(body.cameras()));
        activations.saveGroup(group, ChangeRecorder.inTransaction(ctx, AccessFilter.principal(ctx), 200));
        matcher.activationsChanged();
        ctx.json(group);
    }

    private Activation activation(Context ctx, ReferenceList list) {
        ActivationInput in = Params.body(ctx, ActivationInput.class, "{\"scope\": CAMERA|GROUP|REGION, \"target\": ...}");
        Activation.Scope scope;
        try {
            scope = Activation.Scope.valueOf(String.valueOf(in.scope()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("scope: one of CAMERA, GROUP, REGION");
        }
        if (in.target() == null || in.target().isBlank()) throw ApiException.badRequest("target: required");
        return new Activation(list.id(), scope, in.target().trim());
    }

    /** The cameras an activation reaches, among those the caller may see; anything else is not found. */
    private List<Camera> camerasOf(Activation a, Visibility v, String organisation) {
        return switch (a.scope()) {
            case CAMERA -> List.of(cameras.find(a.target(), v)
                    .orElseThrow(() -> ApiException.notFound("target: no camera '" + a.target() + "' of " + organisation)));
            case GROUP -> activations.groups(v).stream().filter(g -> g.code().equals(a.target())).findFirst()
                    .orElseThrow(() -> ApiException.notFound("target: no camera group '" + a.target() + "' of " + organisation))
                    .cameras().stream().flatMap(id -> cameras.find(id).stream()).toList();
            case REGION -> {
                List<Camera> region = cameras.all().stream().filter(c -> c.organisation().equals(a.target())).toList();
                if (region.isEmpty()) throw ApiException.badRequest("target: region '" + a.target() + "' has no cameras");
                yield region;
            }
        };
    }

    /** The list named in the path, with the permission asked; another organisation's list is not found. */
    private ReferenceList list(Context ctx, Permission permission) {
        AccessFilter.require(ctx, permission);
        long id = Params.id(ctx, "id");
        return lists.find(id, AccessFilter.visibility(ctx)).orElseThrow(() -> ApiException.notFound("no list " + id));
    }

    private Map<String, Object> view(ReferenceList list) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", list.id());
        v.put("name", list.name());
        v.put("category", list.category());
        v.put("purpose", list.purpose());
        v.put("legalBasis", list.legalBasis());
        v.put("organisation", list.organisation());
        v.put("source", list.source());
        v.put("instruction", list.instruction());
        v.put("priority", list.priority());
        v.put("fuzzy", list.fuzzy());
        v.put("hitRetentionDays", list.hitRetentionDays());
        v.put("historicalSearch", list.historicalSearch());
        v.put("conditions", list.conditions());
        v.put("version", list.currentVersion());
        v.put("entries", matcher.entryCount(list.id()));
        v.put("createdAt", list.createdAt());
        return v;
    }

    record ActivationInput(String scope, String target) {
    }
}
