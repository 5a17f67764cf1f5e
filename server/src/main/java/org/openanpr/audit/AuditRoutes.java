package org.openanpr.audit;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.http.ApiException;
import org.openanpr.http.Csv;
import org.openanpr.http.Params;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/audit} (JSON, newest first) and {@code GET /api/v1/audit/export} (CSV, oldest first, with the
 * hashes, so a file can be checked on its own). Reading the audit log is itself recorded in it.
 */
public final class AuditRoutes {
    private static final List<String> CSV_HEADER = List.of("seq", "at", "actor", "organisation", "action", "target",
            "legal_basis", "case_number", "purpose", "result_count", "details", "prev_hash", "hash");

    private final AuditLog log;
    private final Callers callers;

    public AuditRoutes(AuditLog log, Callers callers) {
        this.log = log;
        this.callers = callers;
    }

    public void register(Javalin app) {
        app.get("/api/v1/audit", this::list);
        app.get("/api/v1/audit/export", this::export);
    }

    private void list(Context ctx) {
        Actor who = callers.auditor(ctx);
        AuditLog.Filter filter = filter(ctx, who);
        List<AuditLog.Recorded> found = log.find(filter, Params.integer(ctx, "limit", 100, 1, 1000));
        log.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.AUDIT_VIEW, "audit_log", null, null, null,
                found.size(), describe(filter)));
        ctx.json(found);
    }

    private void export(Context ctx) throws Exception {
        Actor who = callers.auditor(ctx);
        AuditLog.Filter filter = filter(ctx, who);
        // Recorded before the first byte leaves: no export goes out unrecorded, even one cut off half-way.
        log.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.EXPORT, "audit_log", null, null, null, null,
                describe(filter)));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        try (Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8)) {
            Csv rows = new Csv(out).row(CSV_HEADER);
            log.forEach(filter, r -> rows.row(r.seq(), r.at().toString(), r.actor(), r.organisation(),
                    r.action(), r.target(), r.legalBasis(), r.caseNumber(), r.purpose(), r.resultCount(),
                    r.details() == null ? null : AuditEntry.canonicalJson(r.details()), r.prevHash(), r.hash()));
        }
    }

    /** The query's filter; a person sees only the records of their own organisation, the system token all. */
    private static AuditLog.Filter filter(Context ctx, Actor who) {
        String actor = ctx.queryParam("actor");
        String action = ctx.queryParam("action");
        AuditEntry.Action a = null;
        if (action != null && !action.isBlank()) {
            try {
                a = AuditEntry.Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("action: one of " + Arrays.toString(AuditEntry.Action.values()));
            }
        }
        return new AuditLog.Filter(actor == null || actor.isBlank() ? null : actor.trim(), a,
                Params.instant(ctx, "from"), Params.instant(ctx, "to"), who.organisation());
    }

    private static Map<String, Object> describe(AuditLog.Filter f) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (f.actor() != null) d.put("actor", f.actor());
        if (f.action() != null) d.put("action", f.action().name());
        if (f.from() != null) d.put("from", f.from().toString());
        if (f.to() != null) d.put("to", f.to().toString());
        return d.isEmpty() ? null : d;
    }
}
