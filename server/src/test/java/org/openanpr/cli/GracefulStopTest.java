package org.openanpr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.http.Json;
import org.openanpr.testing.ServeProcess;
import org.openanpr.testing.TestServer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} asked to stop with SIGTERM (as systemd and docker stop it) while cameras post: it stops in its own
 * order with the embedded PostgreSQL last, so nothing it still does at the stop finds the database gone, the exit
 * status is 0, PostgreSQL is down, and every read it acknowledged is there at the next start.
 */
class GracefulStopTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sigtermStopsServeInOrderWithTheEmbeddedDatabaseLast(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        ServeProcess serve = ServeProcess.start(data, dir.resolve("run1.log"), List.of("-Xmx512m"), List.of());
        HttpResponse<String> camera = http.send(serve.request("/api/v1/cameras").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"id":"STOP-1","name":"stop test","lat":52.1,"lon":5.1,"organisation":"test"}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(camera.statusCode()).as(camera.body()).isEqualTo(201);

        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean refused = new AtomicBoolean();
        List<Thread> cameras = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cameras.add(Thread.ofPlatform().start(() -> {
                while (!refused.get()) {
                    UUID id = UUID.randomUUID();
                    try {
                        HttpResponse<String> res = http.send(serve.request("/api/v1/reads")
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                                        [{"id":"%s","camera":"STOP-1","plate":"ST%04dP","confidence":0.9,"time":"%s"}]"""
                                        .formatted(id, Math.floorMod(id.hashCode(), 10_000), Instant.now().minusSeconds(1))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() == 200 && Json.MAPPER.readTree(res.body()).path("accepted").asInt() == 1)
                            acknowledged.add(id);
                    } catch (Exception stopped) {
                        refused.set(true);
                    }
                }
            }));
        }
        while (acknowledged.size() < 300) Thread.sleep(20);

        int status = serve.stop();
        for (Thread t : cameras) t.join(30_000);
        String log = serve.output();
        assertThat(status).as(log).isZero();
        assertThat(log).contains("SIGTERM received: stopping")
                .doesNotContain("terminating connection due to administrator command")
                .doesNotContain("marked as broken")
                .doesNotContain("level=ERROR");
        assertThat(data.resolve("pg/postmaster.pid")).as("the embedded PostgreSQL stopped").doesNotExist();

        ServeProcess again = ServeProcess.start(serve.port(), data, dir.resolve("run2.log"), List.of("-Xmx512m"), List.of());
        try {
            Set<UUID> stored = ConcurrentHashMap.newKeySet();
            HttpResponse<String> res = http.send(again.request("/api/v1/passages?camera=STOP-1&limit=10000&" + TestServer.LEGAL_BASIS
                    + "&from=" + Instant.now().minus(Duration.ofMinutes(30)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            for (JsonNode p : Json.MAPPER.readTree(res.body()).path("passages")) stored.add(UUID.fromString(p.path("id").asText()));
            assertThat(stored).containsAll(acknowledged);
        } finally {
            again.stop();
        }
    }
}
