package org.openanpr.demo;

import org.openanpr.access.Role;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.openanpr.server.ServerConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One demo user per role in the demo region, with passwords anyone may know: the demo is for looking around, and
 * the login page offers these accounts as one-click buttons.
 */
public final class DemoUsers {
    private DemoUsers() {
    }

    public static List<ServerConfig.DemoUser> accounts() {
        return Arrays.stream(Role.values()).map(r -> {
            String name = r.name().toLowerCase(Locale.ROOT).replace('_', '-');
            return new ServerConfig.DemoUser("demo-" + name, "demo-" + name + "-password", r.name());
        }).toList();
    }

    /** Names the demo organisation and creates the demo users that are missing. */
    public static void install(ApiClient api, String organisation, String organisationName) throws Exception {
        api.post("/api/v1/organisations", "application/json", Json.MAPPER.writeValueAsString(
                Map.of("code", organisation, "name", organisationName, "kind", "POLICE")));
        java.util.Set<String> existing = new java.util.HashSet<>();
        for (var u : api.get("/api/v1/users?organisation=" + organisation)) existing.add(u.path("username").asText());
        for (ServerConfig.DemoUser u : accounts()) {
            if (existing.contains(u.username())) continue;
            String body = Json.MAPPER.writeValueAsString(Map.of("username", u.username(),
                    "displayName", "Demo " + u.role().toLowerCase(Locale.ROOT).replace('_', ' '),
                    "organisation", organisation, "roles", List.of(u.role()), "password", u.password()));
            api.post("/api/v1/users", "application/json", body);
        }
    }
}
