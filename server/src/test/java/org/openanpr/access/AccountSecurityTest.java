package org.openanpr.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stolen session or an administrator must not be able to do with someone's account: mint tokens for another
 * person, change a password without knowing it, keep access after a password change; and what people can do about
 * their own tokens. The server trusts 127.0.0.1 as its reverse proxy.
 */
class AccountSecurityTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final String PASSWORD = TestServer.PASSWORD;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(AccountSecurityTest.class, c -> c.withClock(clock).withTrustedProxies(Set.of("127.0.0.1")));
        for (String org : List.of("org-a", "org-b"))
            assertThat(server.post("/api/v1/organisations", "application/json", """
                    {"code":"%s","name":"Police %s","kind":"POLICE"}""".formatted(org, org)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long createUser(String username, String organisation, String role) {
        TestServer.Response r = server.post("/api/v1/users", "application/json", """
                {"username":"%s","organisation":"%s","roles":["%s"],"password":"%s"}""".formatted(username, organisation, role, PASSWORD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    static TestServer.Response send(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        return server.send(b);
    }

    // ---- item 4: administrators act as other people ------------------------------------------------------------

    @Test
    void nobodyMintsATokenForSomeoneElseNotTheirAdministratorNorTheSystemToken() {
        long privacy = createUser("a.privacy", "org-a", "PRIVACY_OFFICER");
        createUser("a.admin", "org-a", "ADMINISTRATOR");
        String admin = server.ownToken("a.admin", PASSWORD);
        String body = "{\"currentPassword\":\"" + PASSWORD + "\"}";
        TestServer.Response byAdmin = send("POST", "/api/v1/users/" + privacy + "/tokens", admin, body);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(403);
        assertThat(byAdmin.reason()).contains("nobody mints one for someone else");
        assertThat(send("POST", "/api/v1/users/" + privacy + "/tokens", TestServer.ADMIN_TOKEN, body).status()).isEqualTo(403);
        // the administrator may still see and revoke them
        String own = server.ownToken("a.privacy", PASSWORD);
        JsonNode listed = send("GET", "/api/v1/users/" + privacy + "/tokens", admin, null).json();
        assertThat(listed.findValues("id").stream().map(JsonNode::asText)).contains(TokenStore.idOf(own));
        assertThat(send("DELETE", "/api/v1/users/" + privacy + "/tokens/" + TokenStore.idOf(own), admin, null).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/me", own).status()).isEqualTo(401);
    }

    @Test
    void whatTheSystemTokenDoesToAnOrganisationIsOnThatOrganisationsRecord() {
        createUser("b.privacy", "org-b", "PRIVACY_OFFICER");
        String privacy = server.ownToken("b.privacy", PASSWORD);
        long created = createUser("b.new", "org-b", "OFFICER");
        assertThat(send("PUT", "/api/v1/users/" + created, TestServer.ADMIN_TOKEN, "{\"disabled\":true}").status()).isEqualTo(200);
        JsonNode seen = server.get("/api/v1/audit?action=ADMIN&limit=500", privacy).json();
        List<String> targets = seen.findValues("target").stream().map(JsonNode::asText).toList();
        assertThat(targets).contains("user b.new", "organisation org-b");
        assertThat(seen.findValues("actor").stream().map(JsonNode::asText)).contains("admin (ANPR_ADMIN_TOKEN)");
    }

    // ---- item 10: a stolen session becomes permanent access ------------------------------------------------------

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndEndsTheOtherSessionsAndTokens() {
        long id = createUser("c.analyst", "org-a", "ANALYST");
        TestServer.Session mine = server.login("c.analyst", PASSWORD);
        TestServer.Session stolen = server.login("c.analyst", PASSWORD);
        String token = server.ownToken("c.analyst", PASSWORD);
        String path = "/api/v1/users/" + id + "/password";

        TestServer.Response without = stolen.send("POST", path, Map.of("password", "taken-over-password"));
        assertThat(without.status()).as(without.body()).isEqualTo(400);
        assertThat(without.reason()).contains("currentPassword");
        assertThat(stolen.send("POST", path, Map.of("password", "taken-over-password", "currentPassword", "a guess at it")).status())
                .isEqualTo(403);
        // nor with a bearer token of the user
        assertThat(send("POST", path, token, "{\"password\":\"taken-over-password\"}").status()).isEqualTo(400);

        TestServer.Response changed = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Cookie", mine.cookie()).header("X-Requested-With", "openanpr").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"my-new-long-password\",\"currentPassword\":\"" + PASSWORD + "\"}")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(stolen.send("GET", "/api/v1/me", null).status()).as("the other session").isEqualTo(401);
        assertThat(mine.send("GET", "/api/v1/me", null).status()).as("the old cookie of this session").isEqualTo(401);
        assertThat(server.get("/api/v1/me", token).status()).as("the API token").isEqualTo(401);
        assertThat(server.login("c.analyst", "my-new-long-password").send("GET", "/api/v1/me", null).status()).isEqualTo(200);

        // kept on purpose: the token survives, the sessions do not
        String kept = server.ownToken("c.analyst", "my-new-long-password");
        TestServer.Session other = server.login("c.analyst", "my-new-long-password");
        assertThat(send("POST", path, kept, "{\"password\":\"third-long-password\",\"currentPassword\":\"my-new-long-password\","
                + "\"keepTokens\":true}").status()).isEqualTo(204);
        assertThat(server.get("/api/v1/me", kept).status()).isEqualTo(200);
        assertThat(other.send("GET", "/api/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void mintingATokenNeedsThePasswordAndItsLifeIsCapped() {
        createUser("d.officer", "org-a", "OFFICER");
        TestServer.Session s = server.login("d.officer", PASSWORD);
        String path = "/api/v1/users/" + s.userId() + "/tokens";
        assertThat(s.send("POST", path, Map.of()).status()).isEqualTo(400);
        assertThat(s.send("POST", path, Map.of("currentPassword", "not my password")).status()).isEqualTo(403);

        TestServer.Response dflt = s.send("POST", path, Map.of("currentPassword", PASSWORD));
        assertThat(dflt.status()).as(dflt.body()).isEqualTo(201);
        assertThat(Instant.parse(dflt.json().path("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        TestServer.Response tooLong = s.send("POST", path, Map.of("currentPassword", PASSWORD,
                "expiresAt", clock.instant().plus(Duration.ofDays(91)).toString()));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.reason()).contains("90 days");
        // the token lives its 90 days and no longer
        String token = dflt.json().path("token").asText();
        clock.advance(Duration.ofDays(90).plusSeconds(1));
        try {
            assertThat(server.get("/api/v1/me", token).status()).isEqualTo(401);
        } finally {
            clock.set(NOW);
        }
    }

    @Test
    void aTokenEndingInTheYear999999IsABadRequest() {
        createUser("e.officer", "org-a", "OFFICER");
        for (String end : List.of("+999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z")) {
            TestServer.Response r = server.mintOwnToken("e.officer", PASSWORD, Map.of("expiresAt", end));
            assertThat(r.status()).as(end + ": " + r.body()).isEqualTo(400);
        }
    }

    @Test
    void peopleSeeAndRevokeTheirOwnTokensAndNobodyElsesOutsideTheirAdministration() {
        long id = createUser("f.officer", "org-a", "OFFICER");
        String one = server.ownToken("f.officer", PASSWORD);
        String two = server.mintOwnToken("f.officer", PASSWORD, Map.of("label", "my script")).json().path("token").asText();
        JsonNode list = send("GET", "/api/v1/users/" + id + "/tokens", one, null).json();
        assertThat(list.toString()).doesNotContain(one).doesNotContain(two).contains("my script");
        assertThat(list.findValues("id").stream().map(JsonNode::asText)).contains(TokenStore.idOf(one), TokenStore.idOf(two));
        assertThat(list.findValues("kind").stream().map(JsonNode::asText)).contains("USER", "SESSION");

        assertThat(send("DELETE", "/api/v1/users/" + id + "/tokens/" + TokenStore.idOf(two), one, null).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/me", two).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/me", one).status()).isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/users/" + id + "/tokens/" + TokenStore.idOf(two), one, null).status()).isEqualTo(404);

        // another officer may neither see nor end them; another organisation's administrator finds no such user
        String other = server.userToken("f.other", "org-a", "OFFICER");
        assertThat(send("GET", "/api/v1/users/" + id + "/tokens", other, null).status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/users/" + id + "/tokens/" + TokenStore.idOf(one), other, null).status()).isEqualTo(403);
        String adminB = server.userToken("f.admin-b", "org-b", "ADMINISTRATOR");
        assertThat(send("GET", "/api/v1/users/" + id + "/tokens", adminB, null).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/me", one).status()).isEqualTo(200);
    }

    // ---- item 11: the client address behind a trusted proxy ------------------------------------------------------

    @Test
    void behindATrustedProxyTheForwardedClientIsThrottledNotEveryoneBehindTheProxy() {
        createUser("g.officer", "org-a", "OFFICER");
        for (int i = 0; i < LoginThrottle.MAX_ATTEMPTS; i++)
            assertThat(loginFrom("203.0.113.7", "g.officer", "wrong password!").status()).isIn(401);
        assertThat(loginFrom("203.0.113.7", "g.officer", PASSWORD).status()).isEqualTo(429);
        // the same account from another client behind the same proxy: throttled separately (the account lock is
        // what stops many addresses guessing one password)
        TestServer.Response other = loginFrom("198.51.100.1, 203.0.113.8", "g.officer", "wrong password!");
        assertThat(other.status()).isEqualTo(401);
        JsonNode logins = server.get("/api/v1/audit?action=LOGIN&actor=g.officer&limit=100").json();
        assertThat(logins.findValues("address").stream().map(JsonNode::asText)).contains("203.0.113.7", "203.0.113.8");
    }

    static TestServer.Response loginFrom(String forwardedFor, String user, String password) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }
}
