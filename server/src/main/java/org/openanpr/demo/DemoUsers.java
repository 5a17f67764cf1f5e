package org.openanpr.demo;

import org.openanpr.access.Role;
import org.openanpr.access.Tokens;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.openanpr.server.ServerConfig;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One demo user per role in the demo region. Those who only look at data have passwords anyone may know, and the
 * login page offers them as one-click buttons; the administrator, who manages people and cameras, gets a fresh
 * random password at every demo start, printed on the console only. The accounts live only in demo mode: served
 * without {@code --demo}, the same data has them disabled ({@link #disableOutsideDemo}).
 */
public final class DemoUsers {
    private DemoUsers() {
    }

    /** Every demo account; the administrator's password here is a placeholder, replaced at each demo start. */
    public static List<ServerConfig.DemoUser> accounts() {
        return Arrays.stream(Role.values()).map(r -> {
            String name = r.name().toLowerCase(Locale.ROOT).replace('_', '-');
            return new ServerConfig.DemoUser("demo-" + name, "demo-" + name + "-password", r.name());
        }).toList();
    }

    /** The accounts the login page may show with their passwords: all but the administrator. */
    public static List<ServerConfig.DemoUser> published() {
        return accounts().stream().filter(u -> !u.role().equals(Role.ADMINISTRATOR.name())).toList();
    }

    /**
     * Names the demo organisation, creates the demo users that are missing, enables any that a start without
     * {@code --demo} disabled, and gives the administrator a new random password.
     *
     * @return the administrator's account with that password, for the console
     */
    public static ServerConfig.DemoUser install(ApiClient api, String organisation, String organisationName) throws Exception {
        api.post("/api/v1/organisations", "application/json", Json.MAPPER.writeValueAsString(
                Map.of("code", organisation, "name", organisationName, "kind", "POLICE")));
        Map<String, com.fasterxml.jackson.databind.JsonNode> existing = new HashMap<>();
        for (var u : api.get("/api/v1/users?organisation=" + organisation)) existing.put(u.path("username").asText(), u);
        ServerConfig.DemoUser admin = null;
        for (ServerConfig.DemoUser u : accounts()) {
            boolean isAdmin = u.role().equals(Role.ADMINISTRATOR.name());
            if (isAdmin) admin = u = new ServerConfig.DemoUser(u.username(), Tokens.generate("demo").substring(5, 25), u.role());
            var found = existing.get(u.username());
            if (found == null) {
                api.post("/api/v1/users", "application/json", Json.MAPPER.writeValueAsString(Map.of("username", u.username(),
                        "displayName", "Demo " + u.role().toLowerCase(Locale.ROOT).replace('_', ' '),
                        "organisation", organisation, "roles", List.of(u.role()), "password", u.password())));
                continue;
            }
            long id = found.path("id").asLong();
            if (found.path("disabled").asBoolean()) api.put("/api/v1/users/" + id, "application/json", "{\"disabled\":false}");
            if (isAdmin) api.post("/api/v1/users/" + id + "/password", "application/json",
                    Json.MAPPER.writeValueAsString(Map.of("password", u.password())));
        }
        return admin;
    }

    /**
     * Disables the demo accounts of the demo organisation and ends their tokens and sessions, so that passwords
     * published for the demo open nothing once the same data is served for real. Run before the server starts
     * (no token cache to clear yet); on the audit record.
     *
     * @return the accounts it disabled now (none when they already were)
     */
    public static List<String> disableOutsideDemo(DataSource db, String organisation, AuditLog audit) {
        String[] names = accounts().stream().map(ServerConfig.DemoUser::username).toArray(String[]::new);
        List<String> disabled = Sql.list(db, """
                with disabled as (update app_user set disabled = true
                                  where organisation = ? and username = any(?) and not disabled returning id, username),
                     ended as (update api_token set revoked_at = now()
                               where user_id in (select id from disabled) and revoked_at is null)
                select username from disabled order by username""", rs -> rs.getString(1), organisation, names);
        for (String name : disabled)
            audit.record(new AuditEntry("anpr serve (without --demo)", organisation, AuditEntry.Action.ADMIN, "user " + name,
                    null, null, null, null, Map.of("action", "update", "disabled", true, "why", "demo account outside demo mode")));
        return disabled;
    }
}
