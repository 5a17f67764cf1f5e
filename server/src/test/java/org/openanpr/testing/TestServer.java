package org.openanpr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.db.Database;
import org.openanpr.http.Json;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The real server on a real port over a fresh schema, with a small HTTP client for the tests. */
public final class TestServer implements AutoCloseable {
    /** At least 32 characters, as the server demands of a system token. */
    public static final String ADMIN_TOKEN = "adm_test-admin-token-of-at-least-32-characters";
    /** The password {@link #userToken} gives its users. */
    public static final String PASSWORD = "a-long-test-password";
    /** A legal basis for passage searches, as query parameters. */
    public static final String LEGAL_BASIS = "caseNumber=PL0900-2026123456&offence=ART67_CRIME&purpose=test%20search%20in%20a%20case";

    private final Database db;
    private final OpenAnprServer server;
    private final HttpClient http;

    private TestServer(Database db, OpenAnprServer server) {
        this(db, server, HttpClient.newHttpClient());
    }

    private TestServer(Database db, OpenAnprServer server, HttpClient http) {
        this.db = db;
        this.server = server;
        this.http = http;
    }

    /** The server over HTTPS with {@code identity}'s key and certificate, which this test server's client trusts. */
    public static TestServer startTls(Class<?> owner, KeytoolIdentity identity, UnaryOperator<ServerConfig> configure) throws Exception {
        Database db = TestDatabase.freshSchema(owner, 8);
        ServerConfig config = configure.apply(ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN).withPasswordCost(4)
                .withTls(new ServerConfig.Tls(identity.file(), KeytoolIdentity.PASSWORD)));
        return new TestServer(db, OpenAnprServer.start(db.dataSource(), config),
                HttpClient.newBuilder().sslContext(KeytoolIdentity.client(null, identity)).build());
    }

    public static TestServer start(Class<?> owner, Clock clock) {
        return start(owner, c -> c.withClock(clock));
    }

    public static TestServer start(Class<?> owner, UnaryOperator<ServerConfig> configure) {
        return start(owner, 8, configure);
    }

    /** The server over a pool of {@code poolSize} database connections. */
    public static TestServer start(Class<?> owner, int poolSize, UnaryOperator<ServerConfig> configure) {
        Database db = TestDatabase.freshSchema(owner, poolSize);
        ServerConfig config = configure.apply(ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN).withPasswordCost(4));
        return new TestServer(db, OpenAnprServer.start(db.dataSource(), config));
    }

    /** The server handing its reads to workers through Kafka ({@code serve --kafka}). */
    public static TestServer start(Class<?> owner, org.openanpr.kafka.KafkaSettings kafka) {
        Database db = TestDatabase.freshSchema(owner, 8);
        ServerConfig config = ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN).withPasswordCost(4);
        return new TestServer(db, OpenAnprServer.start(db.dataSource(), config, kafka));
    }

    public OpenAnprServer server() {
        return server;
    }

    public Database db() {
        return db;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Response get(String path) {
        return get(path, ADMIN_TOKEN);
    }

    public Response get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    /** Creates an unpaid-fines list of the organisation through the API, switched on for its region; returns its id. */
    public long activeFinesList(String organisation) {
        Response r = post("/api/v1/lists", "application/json", """
                {"name":"Fines %s","category":"UNPAID_FINES","purpose":"collect","legalBasis":"WAHV art. 28",
                 "organisation":"%s","source":"CJIB"}""".formatted(java.util.UUID.randomUUID(), organisation));
        if (r.status() != 201) throw new AssertionError("creating a list: " + r.body());
        long list = r.json().path("id").asLong();
        Response on = post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"%s\"}".formatted(organisation));
        if (on.status() != 201) throw new AssertionError("switching list " + list + " on: " + on.body());
        return list;
    }

    /** Creates a user through the API and returns a bearer token of theirs, minted by them. */
    public String userToken(String username, String organisation, String... roles) {
        Response created = post("/api/v1/users", "application/json", """
                {"username":"%s","organisation":"%s","roles":["%s"],"password":"%s"}"""
                .formatted(username, organisation, String.join("\",\"", roles), PASSWORD));
        if (created.status() != 201) throw new AssertionError("creating user " + username + ": " + created.body());
        return ownToken(username, PASSWORD);
    }

    /** A bearer token that an existing user mints for themselves (only they may), with no end date given. */
    public String ownToken(String username, String password) {
        Response token = mintOwnToken(username, password, Map.of());
        if (token.status() != 201) throw new AssertionError("token for " + username + ": " + token.body());
        return token.json().path("token").asText();
    }

    /** A user logs in and mints a token of their own with their current password and these further fields. */
    public Response mintOwnToken(String username, String password, Map<String, Object> fields) {
        Session s = login(username, password);
        Map<String, Object> body = new java.util.LinkedHashMap<>(fields);
        body.put("currentPassword", password);
        return s.send("POST", "/api/v1/users/" + s.userId() + "/tokens", body);
    }

    /** Logs a user in with the web session cookie. */
    public Session login(String username, String password) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                            Map.of("username", username, "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new AssertionError("login of " + username + ": " + res.statusCode() + " " + res.body());
            String cookie = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("anpr_session="))
                    .findFirst().orElseThrow().split(";", 2)[0];
            return new Session(cookie, Json.MAPPER.readTree(res.body()).path("user").path("id").asLong());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A logged-in user's web session: sends with the cookie and the header a cookie-borne change needs. */
    public final class Session {
        private final String cookie;
        private final long userId;

        Session(String cookie, long userId) {
            this.cookie = cookie;
            this.userId = userId;
        }

        public String cookie() {
            return cookie;
        }

        public long userId() {
            return userId;
        }

        public Response send(String method, String path, Object jsonBody) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Cookie", cookie)
                        .header("X-Requested-With", "openanpr")
                        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(jsonBody)));
                if (jsonBody != null) b.header("Content-Type", "application/json");
                return TestServer.this.send(b);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** One read as a camera sends it (Dutch, confidence 0.9, a new id), for a request body of reads. */
    public static String read(String camera, String plate, java.time.Instant at) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.9,"time":"%s"}"""
                .formatted(java.util.UUID.randomUUID(), camera, plate, at);
    }

    public Response post(String path, String contentType, String body) {
        return post(path, contentType, body, ADMIN_TOKEN);
    }

    public Response post(String path, String contentType, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.body(), res.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String contentType) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String reason() {
            return json().path("reason").asText();
        }
    }

    /**
     * Fails the test whose server saw a change answered as done with no audit record in its transaction (see
     * {@code audit.ChangeRecorder}): every test that drives a changing route checks that it is on the record.
     */
    @Override
    public void close() {
        long unrecorded = server.unrecordedChanges();
        server.close();
        db.close();
        if (unrecorded > 0)
            throw new AssertionError(unrecorded + " change(s) answered as done with no audit record in their transaction;"
                    + " the log names them (ChangeRecorder)");
    }
}
