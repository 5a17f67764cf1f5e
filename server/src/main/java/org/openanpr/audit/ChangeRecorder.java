package org.openanpr.audit;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.db.RequestTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts every successful change on the record in the change's own transaction, so that no change commits without its
 * record, no record without its change, and no new route can forget either. Every POST, PUT, PATCH or DELETE runs in
 * one {@link RequestTransaction}, opened once the route is known ({@link #begin}) and ended after the route
 * ({@link #end}): a route that failed is rolled back with whatever it wrote; a route that succeeded commits, with the
 * record it wrote itself ({@link AuditLog#recordChange}: users, organisations, tokens, sharing, search requests...) or
 * else a CHANGE record naming who called which route on what. A commit that fails answers 500, and nothing of the
 * change stays.
 *
 * <p>Three kinds of route keep transactions of their own and are left out: the delivery of reads, whose pipeline
 * commits reads in groups and publishes their alerts after its own commit (a read is not an audited change); logging
 * in and out; and the routes whose stores already write the record in the change's transaction and then tell the matcher, which
 * loads the committed change on a thread of its own (lists, activations, camera groups, federation syncs and feeds,
 * exchange imports). Those mark the request ({@link #inTransaction}, {@link #recordedInStore}); one that succeeds
 * without the mark is an unrecorded change: logged as an error and counted ({@code anpr_audit_unrecorded_changes_total},
 * {@link #unrecorded()}, which the tests' server checks at every close).
 */
public final class ChangeRecorder {
    private static final Logger log = LoggerFactory.getLogger(ChangeRecorder.class);
    private static final String RECORDED = "audit.change-recorded-in-transaction";
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** Reads delivered by cameras, connectors and other nodes: the read pipeline's own transactions. */
    private static final Set<String> READ_DELIVERY = Set.of("/api/v1/reads", "/api/v1/ingest/{connector}");
    /**
     * Logging in and out: a refused login must leave its record and count towards the lock whatever the request
     * answers, so these record themselves (LOGIN), each act in a transaction of its own.
     */
    private static final Set<String> SESSIONS = Set.of("/api/v1/session");
    /** Routes whose stores write the record in the change's transaction; they mark the request. */
    private static final Set<String> RECORDED_IN_STORE = Set.of(
            "/api/v1/lists", "/api/v1/lists/{id}", "/api/v1/lists/{id}/entries", "/api/v1/lists/{id}/activations",
            "/api/v1/camera-groups/{code}", "/api/v1/federation/subscriptions", "/api/v1/federation/subscriptions/{id}/sync",
            "/api/v1/federation/feed/passages", "/api/v1/federation/feed/lists/{id}/hits");

    private final AuditLog audit;
    private final Callers callers;
    private final DataSource pool;
    private final AtomicLong unrecorded = new AtomicLong();
    private final Counter unrecordedMetric;

    /** {@code pool}: the pool the stores' {@link RequestTransaction#joining joining data source} takes from. */
    public ChangeRecorder(AuditLog audit, Callers callers, DataSource pool, PrometheusRegistry metrics) {
        this.audit = audit;
        this.callers = callers;
        this.pool = pool;
        this.unrecordedMetric = Counter.builder().name("anpr_audit_unrecorded_changes_total")
                .help("Changes answered as done with no audit record in their transaction (a bug: see ChangeRecorder)")
                .register(metrics);
    }

    /**
     * Once the route is known, for every request: opens the request's transaction for a change that is recorded here.
     * A transaction an earlier request on this thread left open (its end never ran) is rolled back first, so that no
     * request works in another's.
     */
    public void begin(Context ctx) {
        RequestTransaction stale = RequestTransaction.current();
        if (stale != null) {
            log.error("a request transaction was left open on this thread; rolled back before {} {}", ctx.method(), ctx.path());
            stale.rollback();
        }
        if (inRequestTransaction(ctx)) RequestTransaction.begin(pool);
    }

    /**
     * After the route: rolls a failed change back; commits a successful one with its record, writing the CHANGE record
     * first if the route wrote none. A commit that fails is thrown, and answered 500.
     */
    public void end(Context ctx) {
        RequestTransaction t = RequestTransaction.current();
        boolean succeeded = CHANGES.contains(ctx.method().name()) && ctx.statusCode() < 400;
        if (t == null) {
            if (succeeded && RECORDED_IN_STORE.contains(ctx.endpointHandlerPath()) && ctx.attribute(RECORDED) == null)
                unrecorded(ctx, "its store wrote no record");
            return;
        }
        if (!succeeded) {
            t.rollback();
            return;
        }
        try {
            if (t.records() == 0) {
                Actor who = caller(ctx);
                if (who == null) unrecorded(ctx, "no record and no authenticated caller to name");
                else audit.record(t.connection(), entry(ctx, who, ctx.statusCode()));
            }
            t.commit();
        } catch (SQLException | RuntimeException e) {
            t.rollback();
            throw new IllegalStateException("the change and its audit record were not committed: " + e.getMessage(), e);
        }
    }

    /** How many changes succeeded with no record in their transaction since the start: zero, or a bug. */
    public long unrecorded() {
        return unrecorded.get();
    }

    private void unrecorded(Context ctx, String why) {
        unrecorded.incrementAndGet();
        unrecordedMetric.inc();
        log.error("unrecorded change: {} {} answered {}: {}", ctx.method(), ctx.path(), ctx.statusCode(), why);
    }

    private Actor caller(Context ctx) {
        try {
            return callers.caller(ctx);
        } catch (RuntimeException notAuthenticated) {
            return null;
        }
    }

    private static boolean inRequestTransaction(Context ctx) {
        String route = ctx.endpointHandlerPath();
        return CHANGES.contains(ctx.method().name()) && !READ_DELIVERY.contains(route) && !SESSIONS.contains(route)
                && !RECORDED_IN_STORE.contains(route);
    }

    /**
     * The CHANGE record of this request, for a route whose store writes it in the change's transaction
     * ({@link AuditLog#record(java.sql.Connection, AuditEntry)}) with the status it will answer; {@code who} is the
     * request's authenticated caller.
     */
    public static AuditEntry inTransaction(Context ctx, Actor who, int status) {
        recordedInStore(ctx);
        return entry(ctx, who, status);
    }

    /** Marks the request as recorded by its store, in the change's transaction, with a record of its own kind. */
    public static void recordedInStore(Context ctx) {
        ctx.attribute(RECORDED, Boolean.TRUE);
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
