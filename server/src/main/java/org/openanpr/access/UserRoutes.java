package org.openanpr.access;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiException;
import org.openanpr.http.Params;

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

    public UserRoutes(UserStore users, OrganisationStore organisations, TokenStore tokens, AuditLog audit) {
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
    }

    private void listOrganisations(Context ctx) {
        if (AccessFilter.principal(ctx) instanceof Principal.CameraDevice)
            throw ApiException.forbidden("camera tokens may only post reads");
        ctx.json(organisations.all());
    }

    record OrganisationInput(String code, String name, Organisation.Kind kind) {
    }

    private void saveOrganisation(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_ORGANISATIONS);
        OrganisationInput in = Params.body(ctx, OrganisationInput.class, "an organisation {code, name, kind}");
        if (in.code() == null || !in.code().matches("[A-Za-z0-9][A-Za-z0-9_-]{1,39}"))
            throw ApiException.badRequest("code: 2 to 40 letters, digits, '-' or '_'");
        if (in.name() == null || in.name().isBlank()) throw ApiException.badRequest("name: required");
        Organisation saved = organisations.save(new Organisation(in.code(), in.name().trim(),
                in.kind() == null ? Organisation.Kind.OTHER : in.kind()));
        admin(who, "organisation " + saved.code(), Map.of("name", saved.name(), "kind", saved.kind().name()));
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
        admin(who, "user " + username, Map.of("action", "create", "organisation", org, "roles", in.roles().toString()));
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
        admin(who, "user " + target.username(), details);
        ctx.json(updated);
    }

    record PasswordInput(String password) {
    }

    private void setPassword(Context ctx) {
        UserView target = selfOrManaged(ctx);
        PasswordInput in = Params.body(ctx, PasswordInput.class, "{\"password\": ...}");
        String weak = Passwords.weakness(in.password());
        if (weak != null) throw ApiException.badRequest(weak);
        users.setPassword(target.id(), in.password());
        admin(AccessFilter.principal(ctx), "user " + target.username(), Map.of("action", "password"));
        ctx.status(204);
    }

    record TokenInput(String label, Instant expiresAt) {
    }

    private void issueToken(Context ctx) {
        UserView target = selfOrManaged(ctx);
        TokenInput in = ctx.body().isBlank() ? new TokenInput(null, null) : Params.body(ctx, TokenInput.class, "{label, expiresAt}");
        String label = in.label() == null || in.label().isBlank() ? "API token of " + target.username() : in.label().trim();
        String token = tokens.issueUserToken(target, label, in.expiresAt());
        admin(AccessFilter.principal(ctx), "user " + target.username(), Map.of("action", "token", "label", label));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("label", label);
        body.put("expiresAt", in.expiresAt());
        ctx.status(201).json(body);
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

    private void admin(Principal who, String target, Map<String, Object> details) {
        audit.record(new AuditEntry(who.label(), who.organisation(), AuditEntry.Action.ADMIN, target, null, null, null,
                null, details));
    }
}
