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
        for (int i = 0; i < UserStore.MAX_FAILURES; i++) assertThat(login("otto", "wrong password!").status()).isEqualTo(401);
        // locked now: even the right password is refused, and the answer does not say why
        TestServer.Response locked = login("otto", "correct horse battery");
        assertThat(locked.status()).isEqualTo(401);
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
    void oneGuesserLocksOnlyTheirOwnAccountAndAddressPairNotEveryoneBehindTheSameAddress() {
        int refused = 0;
        for (int i = 0; i < LoginThrottle.MAX_ATTEMPTS + 3; i++) {
            TestServer.Response r = login("nobody-a", "not the password");
            if (r.status() == 429) refused++;
        }
        assertThat(refused).isEqualTo(3);
        // Another account from the same address (everyone behind the reverse proxy) still logs in.
        assertThat(login("olga", "correct horse battery").status()).isEqualTo(200);
        // A made-up X-Forwarded-For from an address that is no trusted proxy buys the guesser nothing.
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody-a\",\"password\":\"x-x-x-x-x-x\"}"))).status())
                .isEqualTo(429);
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(login("nobody-a", "not the password").status()).isEqualTo(401);
    }

    @Test
    void theThrottleRemembersABoundedNumberOfPairs() {
        LoginThrottle throttle = new LoginThrottle(clock, 100);
        for (int i = 0; i < 10_000; i++) assertThat(throttle.tryAcquire("user" + i, "10.0.0." + (i % 250))).isTrue();
        assertThat(throttle.tracked()).isEqualTo(100);
        // the most recent pairs are the ones kept
        for (int i = 0; i < LoginThrottle.MAX_ATTEMPTS - 1; i++) throttle.tryAcquire("user9999", "10.0.0." + (9999 % 250));
        assertThat(throttle.tryAcquire("user9999", "10.0.0." + (9999 % 250))).isFalse();
    }

    @Test
    void aPasswordOverSeventyTwoBytesIsABadRequestThatIsCountedAndAudited() {
        String tooLong = "é".repeat(37); // 74 bytes in UTF-8, 37 characters
        TestServer.Response r = login("lotte", tooLong);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.reason()).contains("72 bytes");
        JsonNode logins = server.get("/api/v1/audit?action=LOGIN&actor=lotte&limit=100").json();
        assertThat(logins.findValues("result").stream().map(JsonNode::asText).toList()).contains("password too long");
        // counted by the throttle like any other attempt
        for (int i = 1; i < LoginThrottle.MAX_ATTEMPTS; i++) assertThat(login("lotte", tooLong).status()).isEqualTo(400);
        assertThat(login("lotte", tooLong).status()).isEqualTo(429);
        // and exactly 72 bytes is still a password one can set and use
        String longest = "p".repeat(72);
        long id = server.post("/api/v1/users", "application/json", """
                {"username":"lang","organisation":"utrecht","roles":["OFFICER"],"password":"%s"}""".formatted(longest)).json().path("id").asLong();
        assertThat(id).isPositive();
        assertThat(login("lang", longest).status()).isEqualTo(200);
    }

    @Test
    void unknownLockedAndDisabledAccountsAnswerAsAWrongPasswordDoes() {
        for (String name : List.of("lock", "gone"))
            assertThat(server.post("/api/v1/users", "application/json", """
                    {"username":"%s","organisation":"utrecht","roles":["OFFICER"],"password":"correct horse battery"}"""
                    .formatted(name)).status()).isEqualTo(201);
        for (int i = 0; i < UserStore.MAX_FAILURES; i++) login("lock", "wrong password!");
        long gone = -1;
        for (JsonNode u : server.get("/api/v1/users").json()) if (u.path("username").asText().equals("gone")) gone = u.path("id").asLong();
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/" + gone))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"disabled\":true}"))).status()).isEqualTo(200);

        TestServer.Response wrong = login("olga", "wrong password!");
        for (TestServer.Response other : List.of(login("nobody-at-all", "correct horse battery"),
                login("lock", "correct horse battery"), login("gone", "correct horse battery"))) {
            assertThat(other.status()).isEqualTo(wrong.status()).isEqualTo(401);
            assertThat(other.reason()).isEqualTo(wrong.reason());
        }
        // the record tells them apart
        JsonNode logins = server.get("/api/v1/audit?action=LOGIN&limit=500").json();
        assertThat(logins.findValues("result").stream().map(JsonNode::asText).toList()).contains("locked", "disabled");
    }

    @Test
    void aLoginIsAcceptedOnlyAsJsonSoACrossSiteFormCannotLogSomeoneIn() {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"))
            assertThat(server.post("/api/v1/session", type, """
                    {"username":"olga","password":"correct horse battery"}""", null).status()).as(type).isEqualTo(415);
        assertThat(server.post("/api/v1/session", "application/json; charset=utf-8", """
                {"username":"olga","password":"correct horse battery"}""", null).status()).isEqualTo(200);
    }

    @Test
    void apiTokensExpireAndDieWithTheAccount() {
        long id = server.post("/api/v1/users", "application/json", """
                {"username":"inge","organisation":"utrecht","roles":["ANALYST"],"password":"correct horse battery"}""")
                .json().path("id").asLong();
        String shortLived = server.mintOwnToken("inge", "correct horse battery",
                java.util.Map.of("label", "script", "expiresAt", clock.instant().plus(Duration.ofHours(1)).toString())).json().path("token").asText();
        String lasting = server.ownToken("inge", "correct horse battery");
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
        assertThat(login("inge", "correct horse battery").status()).isEqualTo(401);
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
