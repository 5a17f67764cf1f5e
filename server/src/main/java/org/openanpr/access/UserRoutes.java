package org.openanpr.access;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Organisations (set up with the system token) and their users (managed by the organisation's administrators).
 * An administrator never sees or changes another organisation's users.
 */
public final class UserRoutes {
    private final UserStore users;
    private final OrganisationStore organisations;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Duration tokenLifetime;
    private final boolean secureCookies;
    private final Clock clock;

    public UserRoutes(UserStore users, OrganisationStore organisations, TokenStore tokens, AuditLog audit,
                      Duration tokenLifetime, boolean secureCookies, Clock clock) {
        this.tokenLifetime = tokenLifetime;
        this.secureCookies = secureCookies;
        this.clock = clock;
        this.users = users;
        this.organisations = organisations;
        this.tokens = tokens;
        this.audit = audit;
    }

    public void register(Javalin app) {
        app.get("/api/v1/organisations", this::listOrganisations);
        app.post("/api/v1/organisations", this::saveOrganisation);
        app.get("/api/v1/users", this::listUsers);
        app.post("/api/v1/users", this::createUser);
        app.get("/api/v1/users/{id}", ctx -> ctx.json(user(ctx, Permission.MANAGE_USERS)));
        app.put("/api/v1/users/{id}", this::updateUser);
        app.post("/api/v1/users/{id}/password", this::setPassword);
        app.post("/api/v1/users/{id}/tokens", this::issueToken);
        app.get("/api/v1/users/{id}/tokens", this::listTokens);
        app.delete("/api/v1/users/{id}/tokens/{tokenId}", this::revokeToken);
    }

    private void listOrganisations(Context ctx) {
        if (AccessFilter.principal(ctx) instanceof Principal.CameraDevice)
            throw ApiException.forbidden("camera tokens may only post reads");
        ctx.json(organisations.all());
    }

    record OrganisationInput(String code, String name, Organisation.Kind kind, String timeZone) {
    }

    private void saveOrganisation(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ORGANISATIONS);
        OrganisationInput in = Params.body(ctx, OrganisationInput.class, "an organisation {code, name, kind}");
        if (in.code() == null || !in.code().matches("[A-Za-z0-9][A-Za-z0-9_-]{1,39}"))
            throw ApiException.badRequest("code: 2 to 40 letters, digits, '-' or '_'");
        if (in.name() == null || in.name().isBlank()) throw ApiException.badRequest("name: required");
        java.time.ZoneId zone = null;
        if (in.timeZone() != null && !in.timeZone().isBlank()) {
            try {
                zone = java.time.ZoneId.of(in.timeZone().strip());
            } catch (java.time.DateTimeException e) {
                throw ApiException.badRequest("timeZone: not a time zone such as Europe/Amsterdam");
            }
        }
        Organisation saved = organisations.save(new Organisation(in.code(), in.name().trim(),
                in.kind() == null ? Organisation.Kind.OTHER : in.kind(), zone));
        admin(who, "organisation " + saved.code(), saved.code(), Map.of("name", saved.name(), "kind", saved.kind().name(),
                "timeZone", saved.timeZone().getId()));
        ctx.status(201).json(saved);
    }

    private void listUsers(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_USERS);
        String org = who.organisation() != null ? who.organisation() : ctx.queryParam("organisation");
        ctx.json(users.list(org));
    }

    record UserInput(String username, String displayName, String organisation, Set<Role> roles, String password,
                     Boolean disabled, Boolean unlock) {
    }

    private void createUser(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_USERS);
        UserInput in = Params.body(ctx, UserInput.class, "a user {username, displayName, organisation, roles, password}");
        String org = AccessFilter.ownOrganisation(who, in.organisation(), "a user");
        if (org == null || org.isBlank()) throw ApiException.badRequest("organisation: required");
        if (organisations.find(org).isEmpty()) throw new ApiException(422, "organisation: no organisation '" + org + "'");
        String username = in.username() == null ? "" : in.username().trim().toLowerCase(java.util.Locale.ROOT);
        if (!username.matches("[a-z0-9][a-z0-9._-]{1,63}"))
            throw ApiException.badRequest("username: 2 to 64 lower-case letters, digits, '.', '_' or '-'");
        if (in.roles() == null || in.roles().isEmpty()) throw ApiException.badRequest("roles: at least one of " + List.of(Role.values()));
        String weak = Passwords.weakness(in.password());
        if (weak != null) throw ApiException.badRequest(weak);
        if (users.exists(username)) throw new ApiException(409, "username '" + username + "' is taken");
        UserView created = users.create(new UserStore.NewUser(username,
                in.displayName() == null || in.displayName().isBlank() ? username : in.displayName().trim(), org,
                EnumSet.copyOf(in.roles()), in.password()));
        admin(who, created, Map.of("action", "create", "organisation", org, "roles", in.roles().toString()));
        ctx.status(201).json(created);
    }

    private void updateUser(Context ctx) {
        UserView target = user(ctx, Permission.MANAGE_USERS);
        Principal who = AccessFilter.principal(ctx);
        UserInput in = Params.body(ctx, UserInput.class, "changes {displayName, roles, disabled, unlock}");
        if (in.roles() != null && in.roles().isEmpty()) throw ApiException.badRequest("roles: at least one");
        if (who instanceof Principal.User self && self.id() == target.id() && Boolean.TRUE.equals(in.disabled()))
            throw new ApiException(409, "you cannot disable your own account");
        UserView updated = users.update(target.id(), in.displayName(), in.roles() == null ? null : EnumSet.copyOf(in.roles()),
                in.disabled(), Boolean.TRUE.equals(in.unlock()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", "update");
        if (in.roles() != null) details.put("roles", in.roles().toString());
        if (in.disabled() != null) details.put("disabled", in.disabled());
        if (Boolean.TRUE.equals(in.unlock())) details.put("unlock", true);
        admin(who, target, details);
        ctx.json(updated);
    }

    record PasswordInput(String password, String currentPassword, Boolean keepTokens) {
    }

    /**
     * A new password, set by the person (who proves it is them with the current one: a session left open or stolen
     * must not be enough to take the account over) or by an administrator resetting it. Every session of the user
     * ends, and their API tokens too unless {@code keepTokens}; the caller changing their own password in the web
     * application gets a fresh session, so only the other sessions end.
     */
    private void setPassword(Context ctx) {
        UserView target = selfOrManaged(ctx);
        Principal who = AccessFilter.principal(ctx);
        PasswordInput in = Params.body(ctx, PasswordInput.class, "{\"password\": ..., \"currentPassword\": ...}");
        String weak = Passwords.weakness(in.password());
        if (weak != null) throw ApiException.badRequest(weak);
        boolean self = isSelf(who, target);
        if (self) reauthenticate(ctx, target, in.currentPassword());
        boolean keepTokens = Boolean.TRUE.equals(in.keepTokens());
        users.setPassword(target.id(), in.password(), keepTokens);
        admin(who, target, Map.of("action", "password", "keepTokens", keepTokens));
        if (self && AccessFilter.bySession(ctx)) AccessFilter.setSession(ctx, tokens.issueSession(target), secureCookies);
        ctx.status(204);
    }

    record TokenInput(String label, Instant expiresAt, String currentPassword) {
    }

    /**
     * A person's own API token, for a script of theirs. Only the person mints it, with their password: a token made
     * by an administrator (or the system token) for someone else would let the maker act as them, approving a
     * search as the privacy officer for one. It always ends, at most the configured lifetime ahead.
     */
    private void issueToken(Context ctx) {
        Principal who = AccessFilter.principal(ctx);
        long id = Params.id(ctx, "id");
        if (!(who instanceof Principal.User self) || self.id() != id)
            throw ApiException.forbidden("a person mints their own API tokens: nobody mints one for someone else, "
                    + "an administrator included (an administrator may list and revoke them)");
        UserView target = users.find(self.id()).orElseThrow(() -> new ApiException(401, "not authenticated"));
        TokenInput in = Params.body(ctx, TokenInput.class, "{currentPassword, label, expiresAt}");
        reauthenticate(ctx, target, in.currentPassword());
        String label = in.label() == null || in.label().isBlank() ? "API token of " + target.username() : in.label().trim();
        if (label.length() > 200) throw ApiException.badRequest("label: at most 200 characters");
        Instant now = clock.instant();
        Instant latest = now.plus(tokenLifetime);
        Instant expiresAt = in.expiresAt() == null ? latest : in.expiresAt();
        if (!expiresAt.isAfter(now)) throw ApiException.badRequest("expiresAt: must be in the future");
        if (expiresAt.isAfter(latest))
            throw ApiException.badRequest("expiresAt: at most " + tokenLifetime.toDays() + " days ahead (until " + latest + ")");
        String token = tokens.issueUserToken(target, label, expiresAt);
        admin(who, target, Map.of("action", "token", "label", label, "expiresAt", expiresAt.toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("id", TokenStore.idOf(token));
        body.put("label", label);
        body.put("expiresAt", expiresAt);
        ctx.status(201).json(body);
    }

    /** The user's live API tokens and sessions (never the tokens themselves): for them, or their administrator. */
    private void listTokens(Context ctx) {
        UserView target = selfOrManaged(ctx);
        ctx.json(tokens.listOfUser(target.id()));
    }

    /** Ends one of them: the user's own, or an administrator's for a user of theirs (revoking is not using). */
    private void revokeToken(Context ctx) {
        UserView target = selfOrManaged(ctx);
        String tokenId = ctx.pathParam("tokenId");
        if (!tokens.revokeOfUser(target.id(), tokenId)) throw ApiException.notFound("no live token " + tokenId + " of this user");
        admin(AccessFilter.principal(ctx), target, Map.of("action", "revoke token", "token", tokenId));
        ctx.status(204);
    }

    private static boolean isSelf(Principal who, UserView target) {
        return who instanceof Principal.User u && u.id() == target.id();
    }

    /** The caller's current password, checked (and a wrong one counted towards the lock) as a login would. */
    private void reauthenticate(Context ctx, UserView target, String currentPassword) {
        if (currentPassword == null || currentPassword.isEmpty())
            throw ApiException.badRequest("currentPassword: required, to confirm that it is you");
        if (Passwords.tooLong(currentPassword))
            throw ApiException.badRequest("currentPassword: at most " + Passwords.MAX_BYTES + " bytes");
        if (users.authenticate(target.username(), currentPassword) instanceof LoginResult.Success) return;
        audit.record(new AuditEntry(target.username(), target.organisation(), AuditEntry.Action.LOGIN, target.username(),
                null, null, null, null, Map.of("result", "wrong current password", "route", ctx.endpointHandlerPath())));
        throw ApiException.forbidden("currentPassword: wrong");
    }

    /** A user of the caller's own organisation (any for the system token); 404 for others, as if not there. */
    private UserView user(Context ctx, Permission permission) {
        Principal who = AccessFilter.require(ctx, permission);
        long id = Params.id(ctx, "id");
        return users.find(id).filter(u -> who.organisation() == null || who.organisation().equals(u.organisation()))
                .orElseThrow(() -> ApiException.notFound("no user " + id));
    }

    private UserView selfOrManaged(Context ctx) {
        Principal who = AccessFilter.principal(ctx);
        if (who instanceof Principal.User self && self.id() == Params.id(ctx, "id"))
            return users.find(self.id()).orElseThrow();
        return user(ctx, Permission.MANAGE_USERS);
    }

    private void admin(Principal who, UserView target, Map<String, Object> details) {
        admin(who, "user " + target.username(), target.organisation(), details);
    }

    /** On the record under the organisation whose data it is, so that its privacy officer sees the system token's acts. */
    private void admin(Principal who, String target, String dataOrganisation, Map<String, Object> details) {
        audit.recordChange(new AuditEntry(who.label(), AccessFilter.auditOrganisation(who, dataOrganisation), AuditEntry.Action.ADMIN,
                target, null, null, null, null, details));
    }
}
