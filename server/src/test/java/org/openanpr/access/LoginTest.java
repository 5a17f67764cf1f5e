package org.openanpr.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Password login, sessions, account lock, login throttling and token expiry. */
class LoginTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(LoginTest.class, clock);
        assertThat(server.post("/api/v1/organisations", "application/json", """
                {"code":"utrecht","name":"Politie Midden-Nederland","kind":"POLICE"}""").status()).isEqualTo(201);
        for (String name : List.of("olga", "otto", "lotte", "tim"))
            assertThat(server.post("/api/v1/users", "application/json", """
                    {"username":"%s","organisation":"utrecht","roles":["OFFICER"],"password":"correct horse battery"}"""
                    .formatted(name)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void pastTheThrottleWindow() {
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
    }

    static TestServer.Response login(String user, String password) {
        return server.post("/api/v1/session", "application/json", """
                {"username":"%s","password":"%s"}""".formatted(user, password), null);
    }

    static String sessionCookie(String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"correct horse battery\"}"));
        try {
            var res = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            String cookie = res.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContain("Secure");
            return cookie.substring(0, cookie.indexOf(';'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static TestServer.Response withCookie(String method, String path, String cookie, boolean csrfHeader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Cookie", cookie)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (csrfHeader) b.header(AccessFilter.CSRF_HEADER, AccessFilter.CSRF_VALUE);
        return server.send(b);
    }

    @Test
    void aSessionCookieIdentifiesTheUserUntilLogout() {
        String cookie = sessionCookie("olga");
        JsonNode me = withCookie("GET", "/api/v1/me", cookie, false).json();
        assertThat(me.path("username").asText()).isEqualTo("olga");
        assertThat(me.path("organisation").asText()).isEqualTo("utrecht");
        assertThat(me.path("organisationName").asText()).isEqualTo("Politie Midden-Nederland");
        assertThat(me.path("roles").toString()).isEqualTo("[\"OFFICER\"]");
        assertThat(me.path("permissions").toString()).contains("VIEW_HITS").doesNotContain("SEARCH_PASSAGES");

        assertThat(withCookie("DELETE", "/api/v1/session", cookie, true).status()).isEqualTo(204);
        assertThat(withCookie("GET", "/api/v1/me", cookie, false).status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfterTwelveHours() {
        String cookie = sessionCookie("tim");
        assertThat(withCookie("GET", "/api/v1/me", cookie, false).status()).isEqualTo(200);
        clock.advance(TokenStore.SESSION_TIME.plusSeconds(1));
        assertThat(withCookie("GET", "/api/v1/me", cookie, false).status()).isEqualTo(401);
        // a day after it ended, the purge removes the session itself
        assertThat(sessionsOf("tim")).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(server.server().purger().purge().sessionsRemoved()).isGreaterThanOrEqualTo(1);
        assertThat(sessionsOf("tim")).isZero();
    }

    static int sessionsOf(String user) {
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from api_token t join app_user u on u.id = t.user_id "
                     + "where t.kind = 'SESSION' and u.username = '" + user + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilAnAdministratorUnlocksIt() throws Exception {
        for (int i = 0; i < UserStore.MAX_FAILURES - 1; i++) assertThat(login("otto", "wrong password!").status()).isEqualTo(401);
        assertThat(login("otto", "wrong password!").status()).isEqualTo(423);
        TestServer.Response locked = login("otto", "correct horse battery");
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.reason()).contains("locked");
        long ottoId = -1;
        for (JsonNode u : server.get("/api/v1/users").json()) if (u.path("username").asText().equals("otto")) ottoId = u.path("id").asLong();
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/" + ottoId))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"unlock\":true}"))).status()).isEqualTo(200);
        assertThat(login("otto", "correct horse battery").status()).isEqualTo(200);

        // unknown users and wrong passwords get the same answer; every attempt is in the audit log
        assertThat(login("nobody", "whatever-password").reason()).isEqualTo(login("olga", "whatever-password").reason());
        JsonNode logins = server.get("/api/v1/audit?action=LOGIN&actor=otto&limit=100").json();
        assertThat(logins.findValues("result").stream().map(JsonNode::asText).toList())
                .contains("bad credentials", "locked", "success");
        // only a bcrypt hash is stored
        try (Connection c = server.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select password_hash from app_user where username = 'otto'")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("$2").doesNotContain("correct");
        }
    }

    @Test
    void oneAddressMayNotGuessOnAndOn() {
        int refused = 0;
        for (int i = 0; i < LoginThrottle.MAX_ATTEMPTS + 3; i++) {
            TestServer.Response r = login(i % 2 == 0 ? "lotte" : "u" + i, "not the password");
            if (r.status() == 429) refused++;
        }
        assertThat(refused).isEqualTo(3);
        assertThat(login("olga", "correct horse battery").status()).isEqualTo(429);
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(login("olga", "correct horse battery").status()).isEqualTo(200);
    }

    @Test
    void apiTokensExpireAndDieWithTheAccount() {
        long id = server.post("/api/v1/users", "application/json", """
                {"username":"inge","organisation":"utrecht","roles":["ANALYST"],"password":"correct horse battery"}""")
                .json().path("id").asLong();
        String shortLived = server.post("/api/v1/users/" + id + "/tokens", "application/json",
                "{\"label\":\"script\",\"expiresAt\":\"" + clock.instant().plus(Duration.ofHours(1)) + "\"}").json().path("token").asText();
        String lasting = server.post("/api/v1/users/" + id + "/tokens", "application/json", "").json().path("token").asText();
        assertThat(server.get("/api/v1/me", shortLived).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        TestServer.Response expired = server.get("/api/v1/me", shortLived);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.reason()).contains("expired");
        assertThat(server.get("/api/v1/me", lasting).status()).isEqualTo(200);

        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/" + id))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":true}"))).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/me", lasting).status()).isEqualTo(401);
        assertThat(login("inge", "correct horse battery").status()).isEqualTo(403);
    }

    @Test
    void weakPasswordsAndUnknownOrganisationsAreRefused() {
        assertThat(server.post("/api/v1/users", "application/json", """
                {"username":"kort","organisation":"utrecht","roles":["OFFICER"],"password":"short"}""").reason())
                .contains("at least 10 characters");
        assertThat(server.post("/api/v1/users", "application/json", """
                {"username":"elders","organisation":"nowhere","roles":["OFFICER"],"password":"correct horse battery"}""").status())
                .isEqualTo(422);
        assertThat(server.post("/api/v1/users", "application/json", """
                {"username":"olga","organisation":"utrecht","roles":["OFFICER"],"password":"correct horse battery"}""").status())
                .isEqualTo(409);
    }
}
