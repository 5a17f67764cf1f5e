package org.openanpr.access;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.openanpr.audit.Actor;
import org.openanpr.audit.Callers;
import org.openanpr.http.ApiException;

import java.util.Optional;
import java.util.Set;

/**
 * Default deny: every request outside the public paths needs a bearer token or a session cookie. Route handlers
 * then ask for the permission they need with {@link #require} and for what the caller may read with
 * {@link #visibility}, which the stores put into their SQL. It also tells the audit package's routes and hooks who
 * the caller is ({@link Callers}).
 */
public final class AccessFilter implements Callers {
    public static final String SESSION_COOKIE = "anpr_session";
    /** A cookie-authenticated request that changes something must carry this header: a cross-site form cannot. */
    public static final String CSRF_HEADER = "X-Requested-With";
    public static final String CSRF_VALUE = "openanpr";
    private static final String PRINCIPAL = "anpr.principal";
    private static final String VISIBILITY = "anpr.visibility";
    private static final String RESOLVER = "anpr.visibility-resolver";
    private static final String RECHECK = "anpr.recheck";
    private static final String BY_SESSION = "anpr.by-session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Works out what a principal may read now (its organisation and the cameras shared with it). */
    public interface VisibilityResolver {
        Visibility visibilityFor(Principal principal);
    }

    /**
     * The request's caller looked up again from its credential in the database (not the token cache): empty once
     * the token or session ended, expired or was revoked, or its user was disabled. For work that outlives the
     * request, such as an alert stream, which must stop when its caller may no longer act.
     */
    public interface Recheck {
        Optional<Principal> current();
    }

    private final TokenStore tokens;
    private final VisibilityResolver resolver;

    public AccessFilter(TokenStore tokens, VisibilityResolver resolver) {
        this.tokens = tokens;
        this.resolver = resolver;
    }

    public static boolean isPublic(String path) {
        return path.equals("/") || path.equals("/health") || path.equals("/api/openapi.json")
                || path.equals("/api/v1/session") || path.equals("/api/v1/config")
                || path.startsWith("/static/") || path.startsWith("/webjars/") || path.equals("/favicon.ico")
                // Vendor equipment delivering through a connector: the connector's own token is checked by its route.
                || path.startsWith("/api/v1/ingest/")
                // Other nodes' federation feed: no person's token or session; it checks its own federation tokens.
                || path.startsWith("/api/v1/federation/feed/");
    }

    public void authenticate(Context ctx) {
        ctx.attribute(RESOLVER, resolver);
        if (isPublic(ctx.path())) return;
        String header = ctx.header("Authorization");
        if (header != null && !header.isBlank()) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "Authorization header must use the Bearer scheme");
            }
            String token = header.substring(7).trim();
            Optional<Principal> principal = tokens.resolve(token);
            if (principal.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw new ApiException(401, "invalid, expired or revoked token");
            }
            ctx.attribute(PRINCIPAL, principal.get());
            ctx.attribute(RECHECK, (Recheck) () -> tokens.resolveFresh(token));
            return;
        }
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null && !session.isBlank()) {
            Optional<Principal> principal = tokens.resolve(session);
            if (principal.isEmpty() || !(principal.get() instanceof Principal.User))
                throw new ApiException(401, "session expired or ended; log in again");
            if (!SAFE_METHODS.contains(ctx.method().name()) && !CSRF_VALUE.equals(ctx.header(CSRF_HEADER)))
                throw ApiException.forbidden("a change made with a session cookie needs the header " + CSRF_HEADER + ": " + CSRF_VALUE);
            ctx.attribute(PRINCIPAL, principal.get());
            ctx.attribute(RECHECK, (Recheck) () -> tokens.resolveFresh(session).filter(p -> p instanceof Principal.User));
            ctx.attribute(BY_SESSION, true);
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(401, "not logged in: send 'Authorization: Bearer <token>' or log in at POST /api/v1/session");
    }

    @Override
    public Actor caller(Context ctx) {
        return principal(ctx);
    }

    @Override
    public Actor auditor(Context ctx) {
        return require(ctx, Permission.VIEW_AUDIT);
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new ApiException(401, "not authenticated");
        return p;
    }

    /** Whether the caller came with the web session cookie (not a bearer token). */
    public static boolean bySession(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(BY_SESSION));
    }

    /**
     * The organisation an audit record is filed under: the caller's, or for the system token (which has none) the
     * organisation whose data it touched, so that this organisation's privacy officer sees what was done to it.
     */
    public static String auditOrganisation(Principal who, String dataOrganisation) {
        return who.organisation() != null ? who.organisation() : dataOrganisation;
    }

    public static Principal require(Context ctx, Permission permission) {
        return requireAny(ctx, permission);
    }

    /** For calls open to more than one job: any one of the permissions will do. */
    public static Principal requireAny(Context ctx, Permission first, Permission... others) {
        Principal p = principal(ctx);
        if (p.can(first)) return p;
        for (Permission other : others) if (p.can(other)) return p;
        StringBuilder needed = new StringBuilder(first.name());
        for (Permission other : others) needed.append(" or ").append(other);
        throw ApiException.forbidden(switch (p) {
            case Principal.CameraDevice cam -> "camera tokens may only post reads";
            case Principal.User user -> "your roles " + user.roles() + " do not allow " + needed;
            case Principal.SystemAdmin admin -> "the system token may not " + needed + "; log in as a person of the organisation";
        });
    }

    /**
     * The organisation a person's new object belongs to: their own, filled in when the request leaves it out and
     * refused (403) when it names another. The system token has none and gets what the request named, as given.
     */
    public static String ownOrganisation(Principal who, String requested, String what) {
        if (who.organisation() == null) return requested;
        if (requested != null && !requested.isBlank() && !requested.strip().equals(who.organisation()))
            throw ApiException.forbidden(what + " of yours belongs to your own organisation " + who.organisation()
                    + ", not " + requested.strip());
        return who.organisation();
    }

    /** The system token only: setting up organisations and the platform. */
    public static Principal.SystemAdmin requireSystem(Context ctx) {
        if (principal(ctx) instanceof Principal.SystemAdmin admin) return admin;
        throw ApiException.forbidden("this call needs the system administrator token");
    }

    /** For work that outlives its request, such as an alert stream, which re-resolves visibility as it goes. */
    public static VisibilityResolver resolver(Context ctx) {
        return ctx.attribute(RESOLVER);
    }

    /** Looks the caller up again from the database; see {@link Recheck}. */
    public static Recheck recheck(Context ctx) {
        Recheck r = ctx.attribute(RECHECK);
        if (r == null) throw new ApiException(401, "not authenticated");
        return r;
    }

    /** What the caller may read; resolved once per request, after the permission check. */
    public static Visibility visibility(Context ctx) {
        Visibility v = ctx.attribute(VISIBILITY);
        if (v == null) {
            VisibilityResolver r = ctx.attribute(RESOLVER);
            v = r.visibilityFor(principal(ctx));
            ctx.attribute(VISIBILITY, v);
        }
        return v;
    }

    public static void setSession(Context ctx, String token, boolean secure) {
        Cookie cookie = new Cookie(SESSION_COOKIE, token, "/", (int) TokenStore.SESSION_TIME.toSeconds(), secure, 0, true,
                null, null, SameSite.STRICT);
        ctx.cookie(cookie);
    }

    public static void clearSession(Context ctx, boolean secure) {
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, secure, 0, true, null, null, SameSite.STRICT));
    }
}
