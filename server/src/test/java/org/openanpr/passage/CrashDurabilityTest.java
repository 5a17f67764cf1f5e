package org.openanpr.passage;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.http.Json;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openanpr.testing.ServeProcess;
import org.openanpr.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code serve} as its own process on its own embedded PostgreSQL, kills both with SIGKILL in the middle of
 * ingest, restarts, and checks that every read that got a 2xx is there.
 */
class CrashDurabilityTest {
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedReadSurvivesKillMinus9(@TempDir Path dir) throws Exception {
        killMidIngest(dir, 3, 50, 3_000);
    }

    /**
     * Issue 11: cameras post one read per request, and concurrent requests share one commit (group commit); each is
     * still answered only once its own read is durable.
     */
    @Test
    void everyAcknowledgedReadSentOneByOneSurvivesKillMinus9(@TempDir Path dir) throws Exception {
        killMidIngest(dir, 16, 1, 1_000);
    }

    private void killMidIngest(Path dir, int clientCount, int perRequest, int acknowledgedBeforeKill) throws Exception {
        Path data = dir.resolve("data");
        ServeProcess first = ServeProcess.start(data, dir.resolve("run1.log"), List.of("-Xmx512m"), List.of());
        post(first, "/api/v1/cameras", """
                {"id":"CRASH-1","name":"crash test","lat":52.1,"lon":5.1,"organisation":"test"}""");

        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failedAfterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            Thread t = Thread.ofPlatform().start(() -> {
                while (!killed.get() || failedAfterKill.get() < 3) {
                    List<UUID> ids = new ArrayList<>();
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < perRequest; i++) {
                        UUID id = UUID.randomUUID();
                        ids.add(id);
                        body.append(i == 0 ? "" : ",").append("""
                                {"id":"%s","camera":"CRASH-1","plate":"%s","confidence":0.9,"time":"%s"}"""
                                .formatted(id, "KL" + ThreadLocalRandom.current().nextInt(100, 999) + "T", Instant.now().minusSeconds(1)));
                    }
                    try {
                        HttpResponse<String> res = http.send(first.request("/api/v1/reads")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() == 200) {
                            for (JsonNode item : Json.MAPPER.readTree(res.body()).path("items"))
                                if (!item.path("status").asText().equals("rejected"))
                                    acknowledged.add(UUID.fromString(item.path("id").asText()));
                        }
                    } catch (Exception e) {
                        if (killed.get()) failedAfterKill.incrementAndGet();
                    }
                    if (killed.get()) sleep(20);
                }
            });
            clients.add(t);
        }
        while (acknowledged.size() < acknowledgedBeforeKill) sleep(50);

        killed.set(true);
        killHard(first.process(), data);
        for (Thread t : clients) t.join(30_000);
        int ackedBeforeRestart = acknowledged.size();
        assertThat(failedAfterKill.get()).as("requests in flight failed when the server died").isGreaterThanOrEqualTo(3);

        ServeProcess restarted = ServeProcess.start(first.port(), data, dir.resolve("run2.log"), List.of("-Xmx512m"), List.of());
        try {
            Set<UUID> stored = storedIds(restarted);
            assertThat(ackedBeforeRestart).isGreaterThanOrEqualTo(acknowledgedBeforeKill);
            Set<UUID> missing = new HashSet<>(acknowledged);
            missing.removeAll(stored);
            assertThat(missing).as("acknowledged reads missing after the crash").isEmpty();
        } finally {
            restarted.stop();
        }
    }

    /** SIGKILL the server JVM and its PostgreSQL (postmaster and backends): nothing gets to flush or shut down. */
    private static void killHard(Process server, Path data) throws Exception {
        String pid = Files.readAllLines(data.resolve("pg/postmaster.pid")).get(0).trim();
        server.destroyForcibly();
        server.waitFor();
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) p.onExit().get();
    }

    private Set<UUID> storedIds(ServeProcess serve) throws Exception {
        Set<UUID> ids = new HashSet<>();
        String after = null;
        do {
            HttpResponse<String> res = http.send(serve.request("/api/v1/passages?camera=CRASH-1&order=asc&limit=10000&" + TestServer.LEGAL_BASIS
                    + "&from=" + Instant.now().minus(Duration.ofMinutes(50)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5))
                    + (after == null ? "" : "&after=" + after)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode page = Json.MAPPER.readTree(res.body());
            page.path("passages").forEach(p -> ids.add(UUID.fromString(p.path("id").asText())));
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        return ids;
    }

    private void post(ServeProcess serve, String path, String json) throws Exception {
        HttpResponse<String> res = http.send(serve.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
