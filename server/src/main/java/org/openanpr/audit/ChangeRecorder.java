package org.openanpr.audit;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Puts every successful change on the record, so that no new route can forget to: after each POST, PUT or DELETE
 * that succeeded, a CHANGE record names who called which route on what. Routes that write a richer record of
 * their own (users, sharing, list imports, search requests, logins) and the delivery of reads are left out.
 *
 * <p>Written after the route, this record is a transaction of its own: a change can commit and its record fail.
 * A route whose store can take it writes the same record in the change's own transaction instead
 * ({@link #inTransaction}: lists, where they are switched on, camera groups); this hook then leaves that request
 * alone.
 */
public final class ChangeRecorder {
    private static final String RECORDED = "audit.change-recorded-in-transaction";

    private static final Set<String> RECORDED_BY_THEIR_ROUTES = Set.of(
            "/api/v1/reads", "/api/v1/session", "/api/v1/organisations", "/api/v1/users", "/api/v1/users/{id}",
            "/api/v1/users/{id}/password", "/api/v1/users/{id}/tokens", "/api/v1/users/{id}/tokens/{tokenId}",
            "/api/v1/sharing", "/api/v1/sharing/{id}/revoke",
            "/api/v1/search-requests", "/api/v1/search-requests/{id}/approve", "/api/v1/search-requests/{id}/reject",
            "/api/v1/lists/{id}/entries");
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private final AuditLog log;
    private final Callers callers;

    public ChangeRecorder(AuditLog log, Callers callers) {
        this.log = log;
        this.callers = callers;
    }

    public void after(Context ctx) {
        if (!CHANGES.contains(ctx.method().name()) || ctx.statusCode() >= 400) return;
        String route = ctx.endpointHandlerPath();
        if (route == null || RECORDED_BY_THEIR_ROUTES.contains(route) || ctx.attribute(RECORDED) != null) return;
        Actor who;
        try {
            who = callers.caller(ctx);
        } catch (RuntimeException notAuthenticated) {
            return;
        }
        log.record(entry(ctx, who, ctx.statusCode()));
    }

    /**
     * The CHANGE record of this request, for the route to write in its change's transaction
     * ({@link AuditLog#record(java.sql.Connection, AuditEntry)}) with the status it will answer; the after-hook then
     * writes none; {@code who} is the request's authenticated caller.
     */
    public static AuditEntry inTransaction(Context ctx, Actor who, int status) {
        ctx.attribute(RECORDED, Boolean.TRUE);
        return entry(ctx, who, status);
    }

    private static AuditEntry entry(Context ctx, Actor who, int status) {
        String route = ctx.endpointHandlerPath();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("route", ctx.method().name() + " " + route);
        details.put("status", status);
        return new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.CHANGE,
                ctx.method().name() + " " + ctx.path(), null, null, null, null, details);
    }
}
