package org.openanpr.access;

import io.javalin.http.Context;
import org.openanpr.http.ApiException;

import java.util.Optional;

/**
 * Default deny: every request outside the public paths needs a valid bearer token. Route handlers then ask
 * for the role they need with {@link #requireAdmin} or read the principal with {@link #principal}.
 */
public final class AccessFilter {
    private static final String ATTRIBUTE = "anpr.principal";
    private final TokenStore tokens;

    public AccessFilter(TokenStore tokens) {
        this.tokens = tokens;
    }

    public static boolean isPublic(String path) {
        return path.equals("/") || path.equals("/health") || path.equals("/api/openapi.json")
                || path.startsWith("/static/") || path.equals("/favicon.ico");
    }

    public void authenticate(Context ctx) {
        if (isPublic(ctx.path())) return;
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "missing bearer token: send 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "Authorization header must use the Bearer scheme");
        }
        Optional<Principal> principal = tokens.resolve(header.substring(7).trim());
        if (principal.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "invalid or revoked token");
        }
        ctx.attribute(ATTRIBUTE, principal.get());
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) throw new ApiException(401, "not authenticated");
        return p;
    }

    public static Principal.Admin requireAdmin(Context ctx) {
        if (principal(ctx) instanceof Principal.Admin admin) return admin;
        throw ApiException.forbidden("this call needs an administrator token; camera tokens may only post reads");
    }
}
