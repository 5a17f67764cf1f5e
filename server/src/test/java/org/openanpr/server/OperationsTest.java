package org.openanpr.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(OperationsTest.class, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response anonymous(String method, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void healthNeedsNoTokenAndChecksTheDatabase() {
        TestServer.Response health = anonymous("GET", "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("database").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountIngestAndNeedAnAdminToken() {
        assertThat(anonymous("GET", "/metrics").status()).isEqualTo(401);
        server.post("/api/v1/cameras", "application/json", """
                {"id":"OPS-1","name":"ops","lat":52,"lon":5,"organisation":"o"}""");
        server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"OPS-1","plate":"KX-123-B","confidence":0.9,"time":"%s"},
                 {"id":"%s","camera":"OPS-9","plate":"KX-123-B","confidence":0.9,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), java.time.Instant.now(), UUID.randomUUID(), java.time.Instant.now()));
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("anpr_reads_received_total 2.0")
                .contains("anpr_reads_accepted_total 1.0")
                .contains("anpr_reads_rejected_total{field=\"camera\"} 1.0")
                .contains("anpr_ingest_latency_seconds_count 1");
    }

    @Test
    void everyDocumentedOperationExistsAndIsDeniedWithoutAToken() {
        TestServer.Response doc = anonymous("GET", "/api/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().path("paths");
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String concrete = path.getKey().replace("{id}", "SOME-ID").replace("{kind}", "plate")
                    .replaceAll("\\{[^}/]+}", "SOME-CODE");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String name = methods.next();
                String method = name.toUpperCase();
                // Open: documented without security ("security": []). Routes that check a token of their own
                // (connectors, the federation feed) pass the access filter but still refuse a caller without one.
                JsonNode security = path.getValue().path(name).path("security");
                boolean open = security.isArray() && security.isEmpty();
                if (open) assertThat(org.openanpr.access.AccessFilter.isPublic(path.getKey())).as(path.getKey() + " is open").isTrue();
                TestServer.Response res = anonymous(method, concrete);
                operations++;
                // Public: GETs answer, logging in without a body is a 400 and logging out a 204, never a 401.
                if (open && method.equals("GET")) assertThat(res.status()).as(method + " " + concrete).isEqualTo(200);
                else if (open) assertThat(res.status()).as(method + " " + concrete).isNotIn(401, 405, 500);
                else assertThat(res.status()).as(method + " " + concrete).isEqualTo(401);
                TestServer.Response withToken = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + concrete))
                        .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                        .method(method, HttpRequest.BodyPublishers.noBody()));
                assertThat(withToken.status()).as(method + " " + concrete + " is routed").isNotIn(405, 500);
                if (withToken.status() == 404)
                    assertThat(withToken.reason()).as(method + " " + concrete + " is routed").doesNotStartWith("no such resource");
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(14);
        assertThat(anonymous("GET", "/api/v1/nothing-here").status()).isEqualTo(401);
        assertThat(server.get("/api/v1/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void theLivePageIsServed() {
        TestServer.Response page = anonymous("GET", "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>OpenANPR");
        assertThat(anonymous("GET", "/static/js/app.js").status()).isEqualTo(200);
        assertThat(anonymous("GET", "/webjars/leaflet/1.9.4/dist/leaflet.js").status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(TestServer.ADMIN_TOKEN);
    }
}
