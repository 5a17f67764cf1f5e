package org.openanpr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Read-to-alert latency: reads are posted over HTTP at a steady rate (small batches every 10 ms, as a camera network
 * delivers them) while an officer's client listens on the SSE stream; for every read that should hit, the time from
 * just before its request is sent to the moment its alert arrives.
 */
public final class AlertBenchmark {
    private static final int TICKS_PER_SECOND = 100;
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int entries;
    private final double hitShare;
    private final Path data;

    /** @param warmup seconds posted at the same rate first, whose alerts are reported apart from the measured ones */
    public AlertBenchmark(int rate, int seconds, int warmup, int entries, double hitShare, Path data) {
        this.warmup = warmup;
        this.rate = rate;
        this.seconds = seconds;
        this.entries = entries;
        this.hitShare = hitShare;
        this.data = data;
    }

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        String token = Tokens.generate("bench");
        try (Database db = Database.embedded(data, 12).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(token))) {
            List<Camera> cameras = SyntheticReads.cameras(20, "bench");
            server.cameras().saveAll(cameras);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).build();
            String base = "http://127.0.0.1:" + server.port();
            long list = setUpList(new ApiClient(base, token));

            Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
            Map<UUID, Long> warmSentAt = new ConcurrentHashMap<>();
            Map<UUID, Long> alertedAt = new ConcurrentHashMap<>();
            HttpResponse<Stream<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts/stream?list=" + list))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            Thread listener = Thread.ofPlatform().daemon().start(() -> listen(stream, alertedAt));

            int warmTicks = warmup * TICKS_PER_SECOND;
            int ticks = warmTicks + seconds * TICKS_PER_SECOND;
            SplittableRandom random = new SplittableRandom(7);
            AtomicLong sent = new AtomicLong();
            AtomicLong posted = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Map<Integer, AtomicLong> failedBy = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> requests = new ArrayList<>();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            AtomicLong tick = new AtomicLong();
            long start = System.nanoTime();
            clock.scheduleAtFixedRate(() -> {
                long n = tick.getAndIncrement();
                if (n >= ticks) return;
                // reads due by the end of this tick less those due by its start: any rate, not only multiples of 100
                int perTick = (int) ((n + 1) * rate / TICKS_PER_SECOND - n * rate / TICKS_PER_SECOND);
                if (perTick == 0) return;
                StringBuilder body = new StringBuilder("[");
                List<UUID> hits = new ArrayList<>();
                String time = Instant.now().toString();
                for (int i = 0; i < perTick; i++) {
                    UUID id = UUID.randomUUID();
                    boolean hit = random.nextDouble() < hitShare;
                    String plate = hit ? SyntheticReads.uniquePlate(random.nextInt(entries))
                            : SyntheticReads.uniquePlate(entries + random.nextInt(1_000_000));
                    if (hit) hits.add(id);
                    if (i > 0) body.append(',');
                    body.append("{\"id\":\"").append(id).append("\",\"camera\":\"")
                            .append(cameras.get(random.nextInt(cameras.size())).id()).append("\",\"plate\":\"").append(plate)
                            .append("\",\"country\":\"NL\",\"confidence\":0.93,\"time\":\"").append(time).append("\"}");
                }
                sent.addAndGet(perTick);
                byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                for (UUID id : hits) (n < warmTicks ? warmSentAt : sentAt).put(id, t0);
                CompletableFuture<?> f = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/reads"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString())
                        .thenAccept(res -> {
                            // what the server says it stored, not what was sent
                            if (res.statusCode() == 200) posted.addAndGet(accepted(res.body()));
                            else {
                                failed.incrementAndGet();
                                failedBy.computeIfAbsent(res.statusCode(), k -> new AtomicLong()).incrementAndGet();
                            }
                        });
                synchronized (requests) {
                    requests.add(f);
                }
            }, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
            while (tick.get() < ticks) Thread.sleep(50);
            clock.shutdown();
            synchronized (requests) {
                CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (alertedAt.size() < sentAt.size() + warmSentAt.size() && System.nanoTime() < deadline) Thread.sleep(20);
            stream.body().close();
            listener.interrupt();

            long[] latencies = sentAt.entrySet().stream().filter(e -> alertedAt.containsKey(e.getKey()))
                    .mapToLong(e -> alertedAt.get(e.getKey()) - e.getValue()).toArray();
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench alert: %,d reads/s target for %d s after a %d s warm-up, in batches of about %d every %d ms, 20 cameras, "
                    + "list of %,d entries (exact), %.1f %% of reads listed, one SSE listener, embedded PostgreSQL (synchronous commit)%n",
                    rate, seconds, warmup, Math.max(1, rate / TICKS_PER_SECOND), 1000 / TICKS_PER_SECOND, entries, hitShare * 100);
            out.printf(Locale.ROOT, "reads sent: %,d, accepted: %,d in %.1f s (%,.0f reads/s), failed requests: %d%s%n",
                    sent.get(), posted.get(), elapsed, posted.get() / elapsed, failed.get(),
                    failedBy.isEmpty() ? "" : " (by status: " + failedBy + ")");
            long hitsStored = 0;
            for (JsonNode row : new ApiClient(base, token).get("/api/v1/stats?by=list")) hitsStored += row.path("hits").asLong();
            long[] warmLatencies = warmSentAt.entrySet().stream().filter(e -> alertedAt.containsKey(e.getKey()))
                    .mapToLong(e -> alertedAt.get(e.getKey()) - e.getValue()).toArray();
            out.printf(Locale.ROOT, "hits expected: %,d, stored: %,d, alerts received: %,d (%,d of them in the warm-up)%n",
                    sentAt.size() + warmSentAt.size(), hitsStored, latencies.length + warmLatencies.length, warmLatencies.length);
            if (warmLatencies.length > 0)
                out.println("warm-up (first " + warmup + " s, a server that has not yet run ingest: cold code paths, pools"
                        + " and heap), not measured: " + Percentiles.of(warmLatencies));
            Percentiles p = Percentiles.of(latencies);
            out.println("read-to-alert latency: " + p);
            // Where the slowest measured alerts lie in the run tells a stall at the start (a cold path) from one that recurs.
            List<long[]> slowest = sentAt.entrySet().stream().filter(e -> alertedAt.containsKey(e.getKey()))
                    .map(e -> new long[] {e.getValue() - start, alertedAt.get(e.getKey()) - e.getValue()})
                    .sorted((a, b) -> Long.compare(b[1], a[1])).limit(8).toList();
            StringBuilder worst = new StringBuilder("slowest measured alerts (ms, at s since the first read, warm-up included):");
            for (long[] w : slowest) worst.append(String.format(Locale.ROOT, " %.0f@%.1f", w[1] / 1e6, w[0] / 1e9));
            out.println(worst);
            out.printf(Locale.ROOT, "read-to-alert p99 ms: %.2f%n", p.p99ms());
            return failed.get() == 0 && posted.get() == sent.get() && latencies.length == sentAt.size()
                    && warmLatencies.length == warmSentAt.size() ? 0 : 1;
        }
    }

    /** The number of reads an answer says were accepted (stored as passages). */
    private static long accepted(String body) {
        try {
            return Json.MAPPER.readTree(body).path("accepted").asLong();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Notes when each hit's alert arrives, until the stream is closed at the end of the run. */
    private static void listen(HttpResponse<Stream<String>> stream, Map<UUID, Long> alertedAt) {
        try {
            stream.body().forEach(line -> {
                if (!line.startsWith("data:")) return;
                long now = System.nanoTime();
                try {
                    JsonNode alert = Json.MAPPER.readTree(line.substring(5));
                    alertedAt.putIfAbsent(UUID.fromString(alert.path("hit").path("passageId").asText()), now);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException closed) {
            // the benchmark closed the stream
        }
    }

    private long setUpList(ApiClient api) throws Exception {
        long list = api.post("/api/v1/lists", "application/json", """
                        {"name":"bench stolen","category":"STOLEN_VEHICLE","purpose":"bench","legalBasis":"Politiewet art. 3",
                         "organisation":"bench","source":"bench"}""").path("id").asLong();
        StringBuilder csv = new StringBuilder("plate,country\n");
        for (int i = 0; i < entries; i++) csv.append(SyntheticReads.uniquePlate(i)).append(",NL\n");
        api.post("/api/v1/lists/" + list + "/entries", "text/csv", csv.toString());
        api.post("/api/v1/lists/" + list + "/activations", "application/json", "{\"scope\":\"REGION\",\"target\":\"bench\"}");
        return list;
    }
}
