package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.access.Role;
import org.openanpr.audit.AuditLog;
import org.openanpr.http.ApiClient;
import org.openanpr.server.ServerConfig;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's accounts: what is published, and that they open nothing outside demo mode. */
class DemoAccountsTest {
    static final String ORG = "demo-utrecht";

    @Test
    void theDemoPublishesNoAdministratorPasswordAndGivesItANewRandomOneAtEveryStart() throws Exception {
        assertThat(DemoUsers.published()).isNotEmpty()
                .noneMatch(u -> u.role().equals(Role.ADMINISTRATOR.name()))
                .noneMatch(u -> Role.valueOf(u.role()).permissions().contains(org.openanpr.access.Permission.MANAGE_USERS));
        try (TestServer server = TestServer.start(DemoAccountsTest.class,
                c -> c.withWeb(new ServerConfig.Web(null, "", DemoUsers.published())))) {
            assertThat(server.get("/api/v1/config", null).body()).contains("demo-officer").doesNotContain("administrator");
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            ServerConfig.DemoUser first = DemoUsers.install(api, ORG, "Demo");
            assertThat(first.username()).isEqualTo("demo-administrator");
            assertThat(login(server, first.username(), "demo-administrator-password")).isEqualTo(401);
            assertThat(login(server, first.username(), first.password())).isEqualTo(200);
            ServerConfig.DemoUser second = DemoUsers.install(api, ORG, "Demo");
            assertThat(second.password()).isNotEqualTo(first.password());
            assertThat(login(server, first.username(), first.password())).isEqualTo(401);
            assertThat(login(server, second.username(), second.password())).isEqualTo(200);
        }
    }

    @Test
    void demoAccountsAreDisabledWhenTheSameDataIsServedWithoutDemoAndEnabledByTheNextDemo() throws Exception {
        try (TestServer server = TestServer.start(DemoAccountsTest.class, c -> c)) {
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoUsers.install(api, ORG, "Demo");
            String officer = server.ownToken("demo-officer", "demo-officer-password");
            assertThat(server.get("/api/v1/me", officer).status()).isEqualTo(200);

            List<String> disabled = DemoUsers.disableOutsideDemo(server.db().dataSource(), ORG,
                    new AuditLog(server.db().dataSource(), Clock.systemUTC()));
            assertThat(disabled).hasSize(Role.values().length).contains("demo-officer", "demo-administrator");
            assertThat(login(server, "demo-officer", "demo-officer-password")).isEqualTo(401);
            assertThat(DemoUsers.disableOutsideDemo(server.db().dataSource(), ORG,
                    new AuditLog(server.db().dataSource(), Clock.systemUTC()))).as("already disabled").isEmpty();
            // its token ended in the database (the running server's cache looks again within seconds; serve
            // disables them before it starts)
            try (var c = server.db().dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(
                    "select count(*) from api_token t join app_user u on u.id = t.user_id where u.username = 'demo-officer' "
                            + "and t.revoked_at is null")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
            DemoUsers.install(api, ORG, "Demo");
            assertThat(login(server, "demo-officer", "demo-officer-password")).isEqualTo(200);
        }
    }

    static int login(TestServer server, String user, String password) {
        return server.post("/api/v1/session", "application/json",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null).status();
    }
}
