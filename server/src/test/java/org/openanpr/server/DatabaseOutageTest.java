package org.openanpr.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.db.Database;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the embedded PostgreSQL dies, {@code /health} says so at once (not after the pool's wait), the watchdog starts
 * it again, and the server recovers by itself with every acknowledged read still there.
 */
class DatabaseOutageTest {
    static final String ADMIN = "adm_outage-test-token-of-at-least-32-characters";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void healthSaysUnavailableAtOnceAndTheServerRecoversWhenPostgresIsKilled(@TempDir Path dir) throws Exception {
        try (Database db = Database.embedded(dir, 4).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(),
                     ServerConfig.defaults(0).withHost("127.0.0.1").withAdminToken(ADMIN).withPasswordCost(4))) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(send(base, "POST", "/api/v1/cameras", """
                    {"id":"OUT-1","name":"outage","lat":52.1,"lon":5.1,"organisation":"test"}""").statusCode()).isEqualTo(201);
            UUID before = UUID.randomUUID();
            assertThat(read(base, before).statusCode()).isEqualTo(200);
            assertThat(send(base, "GET", "/health", null).statusCode()).isEqualTo(200);

            long pid = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            postmaster.destroyForcibly(); // SIGKILL, as the OOM killer would
            postmaster.onExit().get();

            long start = System.nanoTime();
            HttpResponse<String> health = send(base, "GET", "/health", null);
            double seconds = (System.nanoTime() - start) / 1e9;
            // The watchdog may already have it back; either way the answer came at once.
            assertThat(seconds).as("health answered after %.2f s", seconds).isLessThan(2.0);
            if (health.statusCode() != 200) assertThat(health.statusCode()).isEqualTo(503);

            Instant deadline = Instant.now().plusSeconds(60);
            int status = 0;
            while (Instant.now().isBefore(deadline) && (status = send(base, "GET", "/health", null).statusCode()) != 200)
                Thread.sleep(250);
            assertThat(status).as("recovered by itself").isEqualTo(200);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            UUID after = UUID.randomUUID();
            HttpResponse<String> ingest = read(base, after);
            for (int i = 0; i < 20 && ingest.statusCode() != 200; i++) { // a pooled connection may still be a dead one
                Thread.sleep(250);
                ingest = read(base, after);
            }
            assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
            try (var c = db.dataSource().getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("select count(*) from passage where id in ('" + before + "', '" + after + "')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the read acknowledged before the kill and the one after").isEqualTo(2);
            }
        }
    }

    HttpResponse<String> read(String base, UUID id) throws Exception {
        return send(base, "POST", "/api/v1/reads", """
                [{"id":"%s","camera":"OUT-1","plate":"KL081P","confidence":0.9,"time":"%s"}]""".formatted(id, Instant.now().minusSeconds(1)));
    }

    HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN);
        if (body != null) b.header("Content-Type", "application/json");
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
