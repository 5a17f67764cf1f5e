package org.openanpr.retention;

import org.openanpr.db.RequestTransaction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.util.List;
import java.util.Locale;

/** {@code /api/v1/retention}: regimes per organisation or camera, the purge, and the proof that it works. */
public final class RetentionRoutes {
    private final RetentionPolicies policies;
    private final Purger purger;
    private final RetentionReport report;
    private final CameraRegistry cameras;

    public RetentionRoutes(RetentionPolicies policies, Purger purger, RetentionReport report, CameraRegistry cameras) {
        this.policies = policies;
        this.purger = purger;
        this.report = report;
        this.cameras = cameras;
    }

    public void register(Javalin app) {
        // A privacy officer works with their own organisation's regimes, cameras and hits; the system token with all.
        app.get("/api/v1/retention/policies", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_RETENTION);
            ctx.json(policies.of(who.organisation()));
        });
        app.put("/api/v1/retention/policies", this::set);
        app.post("/api/v1/retention/purge", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_RETENTION);
            // Retention's own work, as when scheduled, in its own transactions; the request's record says who asked.
            ctx.json(RequestTransaction.apart(() -> who.organisation() == null ? purger.purge() : purger.purge(who.organisation())));
        });
        app.get("/api/v1/retention/report", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_RETENTION);
            ctx.json(who.organisation() == null ? report.build() : report.build(who.organisation()));
        });
    }

    record PolicyInput(String scope, String target, String regime, Integer days) {
    }

    private void set(Context ctx) {
        Principal admin = AccessFilter.require(ctx, Permission.MANAGE_RETENTION);
        PolicyInput in = Params.body(ctx, PolicyInput.class, "{\"scope\",\"target\",\"regime\",\"days\"}");
        RetentionPolicy.Scope scope = parse(RetentionPolicy.Scope.class, "scope", in.scope());
        RetentionPolicy.Regime regime = parse(RetentionPolicy.Regime.class, "regime", in.regime());
        if (in.target() == null || in.target().isBlank()) throw ApiException.badRequest("target: required");
        if (scope == RetentionPolicy.Scope.CAMERA) {
            Camera camera = cameras.find(in.target().trim(), AccessFilter.visibility(ctx))
                    .orElseThrow(() -> ApiException.badRequest("target: no camera '" + in.target() + "'"));
            if (admin.organisation() != null && !admin.organisation().equals(camera.organisation()))
                throw ApiException.forbidden("camera '" + camera.id() + "' is shared with you by " + camera.organisation()
                        + "; its regime is theirs to set");
        } else if (admin.organisation() != null && !admin.organisation().equals(in.target().trim())) {
            throw ApiException.forbidden("you may only set the regime of your own organisation " + admin.organisation());
        }
        int days = in.days() == null ? RetentionPeriod.MAX_DAYS : in.days();
        RetentionPolicy policy = Params.valid(() -> {
            new RetentionPeriod(days);
            return new RetentionPolicy(scope, in.target().trim(), regime, days);
        });
        policies.set(policy, admin.label());
        ctx.json(policy);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": one of " + List.of(type.getEnumConstants()));
        }
    }
}
