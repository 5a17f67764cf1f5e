package org.openanpr.access;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Logging in and out of the web application, and who the caller is. Every login attempt is in the audit log. */
public final class SessionRoutes {
    private final UserStore users;
    private final TokenStore tokens;
    private final OrganisationStore organisations;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final boolean secureCookies;

    public SessionRoutes(UserStore users, TokenStore tokens, OrganisationStore organisations, LoginThrottle throttle,
                         AuditLog audit, boolean secureCookies) {
        this.users = users;
        this.tokens = tokens;
        this.organisations = organisations;
        this.throttle = throttle;
        this.audit = audit;
        this.secureCookies = secureCookies;
    }

    public void register(Javalin app) {
        app.post("/api/v1/session", this::login);
        app.delete("/api/v1/session", this::logout);
        app.get("/api/v1/me", ctx -> ctx.json(me(AccessFilter.principal(ctx))));
    }

    record Credentials(String username, String password) {
    }

    /** The caller as the web application needs it: name, organisation, roles and what they allow. */
    public record Me(long id, String username, String displayName, String organisation, String organisationName,
                     List<String> roles, Set<Permission> permissions) {
    }

    private void login(Context ctx) {
        Credentials in = Params.body(ctx, Credentials.class, "{\"username\": ..., \"password\": ...}");
        if (in.username() == null || in.username().isBlank() || in.password() == null)
            throw ApiException.badRequest("username and password: required");
        String username = in.username().trim().toLowerCase(java.util.Locale.ROOT);
        if (username.length() > 64) throw ApiException.badRequest("username: at most 64 characters");
        if (!throttle.tryAcquire(ctx.ip())) {
            record(username, null, "throttled");
            ctx.header("Retry-After", Long.toString(throttle.retryAfterSeconds(ctx.ip())));
            throw new ApiException(429, "too many login attempts from this address; wait and try again");
        }
        switch (users.authenticate(username, in.password())) {
            case LoginResult.Success ok -> {
                AccessFilter.setSession(ctx, tokens.issueSession(ok.user()), secureCookies);
                record(username, ok.user().organisation(), "success");
                ctx.json(Map.of("user", me(ok.user().principal())));
            }
            case LoginResult.BadCredentials bad -> {
                record(username, null, "bad credentials");
                throw new ApiException(401, "unknown user or wrong password");
            }
            case LoginResult.Locked locked -> {
                record(username, null, "locked");
                throw new ApiException(423, "account locked after " + UserStore.MAX_FAILURES
                        + " wrong passwords until " + locked.until() + "; an administrator can unlock it");
            }
            case LoginResult.Disabled disabled -> {
                record(username, null, "disabled");
                throw new ApiException(403, "account disabled");
            }
        }
    }

    private void logout(Context ctx) {
        String session = ctx.cookie(AccessFilter.SESSION_COOKIE);
        if (session != null && !session.isBlank()) tokens.revoke(session);
        AccessFilter.clearSession(ctx, secureCookies);
        ctx.status(204);
    }

    private void record(String username, String organisation, String result) {
        audit.record(new AuditEntry(username, organisation, AuditEntry.Action.LOGIN, username, null, null, null, null,
                Map.of("result", result)));
    }

    Me me(Principal p) {
        Set<Permission> allowed = EnumSet.noneOf(Permission.class);
        for (Permission perm : Permission.values()) if (p.can(perm)) allowed.add(perm);
        return switch (p) {
            case Principal.User u -> new Me(u.id(), u.username(), u.displayName(), u.organisation(),
                    organisations.find(u.organisation()).map(Organisation::name).orElse(u.organisation()),
                    u.roles().stream().map(Role::name).sorted().toList(), allowed);
            case Principal.SystemAdmin s -> new Me(0, s.label(), "System administrator", null, null, List.of("SYSTEM"), allowed);
            case Principal.CameraDevice c -> new Me(0, c.label(), c.label(), c.organisation(), null, List.of("CAMERA"), allowed);
        };
    }
}
