package org.openanpr.audit;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts every refused lookup of an object by id on the record: a 404 answered to an authenticated caller on a route
 * with a path parameter. Another organisation's object answers 404 exactly like one that does not exist (so the
 * answer leaks nothing), which also means the server cannot tell a typo from a probe without asking again; it records
 * both, so that a privacy officer sees someone trying ids that are not theirs.
 */
public final class RefusedProbeRecorder {
    private final AuditLog log;
    private final Callers callers;

    public RefusedProbeRecorder(AuditLog log, Callers callers) {
        this.log = log;
        this.callers = callers;
    }

    public void after(Context ctx) {
        if (ctx.statusCode() != 404 || ctx.pathParamMap().isEmpty()) return;
        String route;
        Actor who;
        try {
            route = ctx.endpointHandlerPath();
            who = callers.caller(ctx);
        } catch (RuntimeException unmatchedOrNotAuthenticated) {
            return;
        }
        if (route == null) return;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("route", ctx.method().name() + " " + route);
        details.put("status", 404);
        log.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.PROBE_REFUSED,
                ctx.method().name() + " " + ctx.path(), null, null, null, 0, details));
    }
}
