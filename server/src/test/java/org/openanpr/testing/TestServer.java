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
import java.util.function.UnaryOperator;

/** The real server on a real port over a fresh schema, with a small HTTP client for the tests. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "adm_test-admin-token";
    /** A legal basis for passage searches, as query parameters. */
    public static final String LEGAL_BASIS = "caseNumber=PL0900-2026123456&offence=ART67_CRIME&purpose=test%20search%20in%20a%20case";

    private final Database db;
    private final OpenAnprServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(Database db, OpenAnprServer server) {
        this.db = db;
        this.server = server;
    }

    public static TestServer start(Class<?> owner, Clock clock) {
        return start(owner, c -> c.withClock(clock));
    }

    public static TestServer start(Class<?> owner, UnaryOperator<ServerConfig> configure) {
        Database db = TestDatabase.freshSchema(owner);
        ServerConfig config = configure.apply(ServerConfig.defaults(0).withAdminToken(ADMIN_TOKEN).withPasswordCost(4));
        return new TestServer(db, OpenAnprServer.start(db.dataSource(), config));
    }

    public OpenAnprServer server() {
        return server;
    }

    public Database db() {
        return db;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Response get(String path) {
        return get(path, ADMIN_TOKEN);
    }

    public Response get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    /** Creates a user through the API and returns a bearer token of theirs. */
    public String userToken(String username, String organisation, String... roles) {
        Response created = post("/api/v1/users", "application/json", """
                {"username":"%s","organisation":"%s","roles":["%s"],"password":"a-long-test-password"}"""
                .formatted(username, organisation, String.join("\",\"", roles)));
        if (created.status() != 201) throw new AssertionError("creating user " + username + ": " + created.body());
        Response token = post("/api/v1/users/" + created.json().path("id").asLong() + "/tokens", "application/json", "");
        if (token.status() != 201) throw new AssertionError("token for " + username + ": " + token.body());
        return token.json().path("token").asText();
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

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
