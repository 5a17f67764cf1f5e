package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end ingest: real HTTP into the real server on the embedded PostgreSQL, durable commit per request.
 * Request bodies are built before the clock starts so the client does not compete with the server for CPU
 * while being timed more than sending requires.
 */
public final class IngestBenchmark {
    private final int reads;
    private final int batch;
    private final int clients;
    private final Path data;

    public IngestBenchmark(int reads, int batch, int clients, Path data) {
        this.reads = reads;
        this.batch = batch;
        this.clients = clients;
        this.data = data;
    }

    public int run(PrintStream out) throws Exception {
        wipe(data);
        String token = Tokens.generate("bench");
        try (Database db = Database.embedded(data, clients + 4).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(),
                     ServerConfig.defaults(0).withAdminToken(token))) {
            List<Camera> cameras = SyntheticReads.cameras(20, "bench");
            server.cameras().saveAll(cameras);
            List<byte[]> bodies = bodies(cameras);
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/reads");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long[] latencies = new long[bodies.size()];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                        long t0 = System.nanoTime();
                        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (res.statusCode() != 200 || !res.body().contains("\"rejected\":0")) {
                            if (failures.incrementAndGet() <= 3) System.err.println("request " + i + ": " + res.statusCode()
                                    + " " + res.body().substring(0, Math.min(300, res.body().length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long stored;
            try (Connection c = db.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from passage")) {
                rs.next();
                stored = rs.getLong(1);
            }
            double rate = reads / seconds;
            out.println(MachineInfo.describe());
            out.printf("bench ingest: %,d reads in %,d requests of %d, %d clients, over HTTP into embedded PostgreSQL (synchronous commit)%n",
                    reads, bodies.size(), batch, clients);
            out.printf("elapsed: %.2f s, failed requests: %d%n", seconds, failures.get());
            out.println("ack latency per request: " + Percentiles.of(latencies));
            out.printf("rows stored: %,d of %,d%s%n", stored, reads, stored == reads ? " (all)" : " (MISSING ROWS)");
            out.printf("reads/s: %.0f%n", rate);
            return stored == reads && failures.get() == 0 ? 0 : 1;
        }
    }

    private List<byte[]> bodies(List<Camera> cameras) {
        SplittableRandom r = new SplittableRandom(42);
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int done = 0; done < reads; done += batch) {
            int n = Math.min(batch, reads - done);
            StringBuilder sb = new StringBuilder(n * 150).append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(',');
                sb.append("{\"id\":\"").append(UUID.randomUUID())
                        .append("\",\"camera\":\"").append(cameras.get(r.nextInt(cameras.size())).id())
                        .append("\",\"plate\":\"").append(SyntheticReads.plate(r.nextInt(200_000)))
                        .append("\",\"country\":\"NL\",\"confidence\":").append(0.80 + r.nextInt(20) / 100.0)
                        .append(",\"time\":\"").append(now.minusMillis(r.nextLong(3_600_000))).append("\"}");
            }
            bodies.add(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
