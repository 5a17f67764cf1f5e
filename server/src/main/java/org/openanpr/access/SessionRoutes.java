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
import java.util.Optional;
import java.util.Set;

/** Logging in and out of the web application, and who the caller is. Every login attempt is in the audit log. */
public final class SessionRoutes {
    private final UserStore users;
    private final TokenStore tokens;
    private final OrganisationStore organisations;
    private final LoginThrottle throttle;
    private final ClientAddress clientAddress;
    private final AuditLog audit;
    private final boolean secureCookies;

    public SessionRoutes(UserStore users, TokenStore tokens, OrganisationStore organisations, LoginThrottle throttle,
                         ClientAddress clientAddress, AuditLog audit, boolean secureCookies) {
        this.clientAddress = clientAddress;
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
    /** {@code timeZone}: the organisation's, in which the web app shows and takes times. */
    public record Me(long id, String username, String displayName, String organisation, String organisationName,
                     List<String> roles, Set<Permission> permissions, String timeZone) {
    }

    private void login(Context ctx) {
        // Only JSON: a cross-site HTML form can send text/plain without a preflight, and so log a victim's browser
        // in to the attacker's account (login CSRF).
        if (!isJson(ctx.contentType())) throw new ApiException(415, "a login is sent as application/json");
        Credentials in = Params.body(ctx, Credentials.class, "{\"username\": ..., \"password\": ...}");
        if (in.username() == null || in.username().isBlank() || in.password() == null)
            throw ApiException.badRequest("username and password: required");
        String username = in.username().trim().toLowerCase(java.util.Locale.ROOT);
        if (username.length() > 64) throw ApiException.badRequest("username: at most 64 characters");
        String address = clientAddress.of(ctx);
        if (!throttle.tryAcquire(username, address)) {
            record(username, null, "throttled", address);
            ctx.header("Retry-After", Long.toString(throttle.retryAfterSeconds(username, address)));
            throw new ApiException(429, "too many login attempts for this account from this address; wait and try again");
        }
        if (Passwords.tooLong(in.password())) {
            // No password that was ever set is this long, so it is a wrong one: counted above and on the record.
            record(username, null, "password too long", address);
            throw ApiException.badRequest("password: at most " + Passwords.MAX_BYTES + " bytes");
        }
        switch (users.authenticate(username, in.password())) {
            case LoginResult.Success ok -> {
                AccessFilter.setSession(ctx, tokens.issueSession(ok.user()), secureCookies);
                record(username, ok.user().organisation(), "success", address);
                ctx.json(Map.of("user", me(ok.user().principal())));
            }
            // Unknown, locked and disabled accounts answer as a wrong password does: the answer must not tell a
            // guesser which names exist or that the guessing has locked one. The record says which it was.
            case LoginResult.BadCredentials bad -> refuse(username, "bad credentials", address);
            case LoginResult.Locked locked -> refuse(username, "locked", address);
            case LoginResult.Disabled disabled -> refuse(username, "disabled", address);
        }
    }

    private void refuse(String username, String result, String address) {
        record(username, null, result, address);
        throw new ApiException(401, "unknown user or wrong password");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].strip();
        return type.equalsIgnoreCase("application/json");
    }

    private void logout(Context ctx) {
        String session = ctx.cookie(AccessFilter.SESSION_COOKIE);
        if (session != null && !session.isBlank()) tokens.revoke(session);
        AccessFilter.clearSession(ctx, secureCookies);
        ctx.status(204);
    }

    private void record(String username, String organisation, String result, String address) {
        audit.record(new AuditEntry(username, organisation, AuditEntry.Action.LOGIN, username, null, null, null, null,
                Map.of("result", result, "address", address == null ? "" : address)));
    }

    Me me(Principal p) {
        Set<Permission> allowed = EnumSet.noneOf(Permission.class);
        for (Permission perm : Permission.values()) if (p.can(perm)) allowed.add(perm);
        return switch (p) {
            case Principal.User u -> {
                Optional<Organisation> org = organisations.find(u.organisation());
                yield new Me(u.id(), u.username(), u.displayName(), u.organisation(),
                        org.map(Organisation::name).orElse(u.organisation()),
                        u.roles().stream().map(Role::name).sorted().toList(), allowed,
                        org.map(Organisation::timeZone).orElse(Organisation.DEFAULT_TIME_ZONE).getId());
            }
            case Principal.SystemAdmin s -> new Me(0, s.label(), "System administrator", null, null, List.of("SYSTEM"), allowed,
                    Organisation.DEFAULT_TIME_ZONE.getId());
            case Principal.CameraDevice c -> new Me(0, c.label(), c.label(), c.organisation(), null, List.of("CAMERA"), allowed,
                    organisations.timeZone(c.organisation()).getId());
        };
    }
}
