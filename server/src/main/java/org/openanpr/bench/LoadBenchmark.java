package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.http.ApiClient;
import org.openanpr.kafka.KafkaSettings;
import org.openanpr.kafka.LocalBroker;
import org.openanpr.passage.IngestLimits;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.server.WorkerNode;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale-out path end to end: HTTP ingest ({@code serve --kafka}, camera tokens) → Kafka (a KRaft broker in a
 * child JVM, acks=all) → worker(s) (match against {@code --entries} listed plates, store in PostgreSQL, synchronous
 * commit) → hits topic → an SSE listener on the serve node. Clients post as fast as they are let (a 429 makes them
 * wait as its Retry-After says); the figure is what the workers stored per second (new {@code read_id} rows), first
 * with one worker, then with two. After the load, every read answered 202 must be stored and every hit alerted.
 */
public final class LoadBenchmark {
    private static final int CAMERAS = 20;
    private static final int IMAGE_BYTES = 3 * 1024;
    private final Duration phase;
    private final Duration warmup;
    private final Duration settleLimit;
    private final int entries;
    private final int clients;
    private final int batch;
    private final double hitShare;
    private final Path data;

    /**
     * @param warmup load before the first phase; then windows of load until this JVM's JIT settled ({@link JitWarmUp}),
     *               for at most {@code settleLimit} (zero: none)
     */
    public LoadBenchmark(Duration phase, Duration warmup, Duration settleLimit, int entries, int clients, int batch,
                         double hitShare, Path data) {
        this.settleLimit = settleLimit;
        this.phase = phase;
        this.warmup = warmup;
        this.entries = entries;
        this.clients = clients;
        this.batch = batch;
        this.hitShare = hitShare;
        this.data = data;
    }

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        String admin = Tokens.generate("bench");
        try (LocalBroker broker = LocalBroker.start(data.resolve("kafka"), "1g");
             Database db = Database.embedded(data, 24).migrate()) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrap()).withMaxLag(100_000);
            try (OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(admin), kafka)) {
                ApiClient api = new ApiClient(server.baseUrl(), admin);
                List<Camera> cameras = SyntheticReads.cameras(CAMERAS, "bench");
                server.cameras().saveAll(cameras);
                Map<String, String> tokens = new HashMap<>();
                for (Camera c : cameras)
                    tokens.put(c.id(), api.post("/api/v1/cameras/" + c.id() + "/tokens", "application/json", "{}").path("token").asText());
                int exactEntries = entries - entries / 10;
                IngestBenchmark.setUpLists(api, entries, exactEntries);
                IngestBenchmark.checkpoint(db.dataSource());
                long dbBefore = IngestBenchmark.count(db.dataSource(), "select pg_database_size(current_database())");
                Load load = new Load(server.baseUrl(), cameras, tokens, exactEntries);
                List<WorkerNode> workers = new ArrayList<>();
                try (AlertCounter alerts = AlertCounter.connect(server.baseUrl(), admin)) {
                    workers.add(WorkerNode.start(db.dataSource(), kafka, IngestLimits.DEFAULT, Clock.systemUTC()));
                    load.start();
                    // warm-up: the group's first assignment, and the JIT (after 10 s its compiler threads still took a
                    // quarter of the JVM's CPU)
                    JitWarmUp.Settled settled = JitWarmUp.run(round -> Thread.sleep(round == 0 ? warmup.toMillis()
                            : JitWarmUp.ROUND.toMillis()), settleLimit);
                    double one = measure(db.dataSource());
                    workers.add(WorkerNode.start(db.dataSource(), kafka, IngestLimits.DEFAULT, Clock.systemUTC()));
                    Thread.sleep(10_000); // the group rebalances over both
                    double two = measure(db.dataSource());
                    load.stop();
                    long accepted = load.accepted.get();
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    while (IngestBenchmark.count(db.dataSource(), "select count(*) from read_id") < accepted && System.nanoTime() < deadline)
                        Thread.sleep(500);
                    long stored = IngestBenchmark.count(db.dataSource(), "select count(*) from read_id");
                    long hits = IngestBenchmark.count(db.dataSource(), "select count(*) from hit");
                    long dbGrowth = IngestBenchmark.count(db.dataSource(), "select pg_database_size(current_database())") - dbBefore;
                    long kafkaBytes = broker.topicBytes(kafka.readsTopic());
                    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (alerts.received() < hits && System.nanoTime() < deadline) Thread.sleep(200);

                    out.println(MachineInfo.describe());
                    out.printf(Locale.ROOT, "bench load: HTTP (%d clients, %d reads per request, %d cameras with their own tokens) → Kafka "
                            + "(one KRaft broker, child JVM, topic of %d partitions, acks=all, idempotent) → worker(s) in-process → "
                            + "embedded PostgreSQL (synchronous commit) → hits topic → one SSE listener%n",
                            clients, batch, CAMERAS, kafka.partitions());
                    out.printf(Locale.ROOT, "lists switched on: %,d entries (%,d exact with reason and amount, %,d fuzzy); %.1f %% of reads listed, "
                            + "each with a %d KiB plate image%n", entries, exactEntries, entries - exactEntries, hitShare * 100, IMAGE_BYTES / 1024);
                    out.println("warm-up: " + settled.describe() + " (this JVM: HTTP, the producer and the workers; the broker's apart)");
                    out.printf(Locale.ROOT, "each phase %d s after %d s warm-up; reads answered 202: %,d, refused 429: %,d requests, failed: %,d%n",
                            phase.toSeconds(), Math.round(settled.seconds()), accepted, load.refused.get(), load.failed.get());
                    out.printf(Locale.ROOT, "rows: %,d reads stored of %,d accepted%s, %,d hits, alerts received %,d%n", stored, accepted,
                            // A 429 for a send Kafka did not acknowledge in time cannot say that none of its reads was
                            // taken: a camera resends them (the same ids, stored once); those left at the end are extra.
                            stored == accepted ? " (all)" : stored > accepted ? " (all, and " + (stored - accepted)
                                    + " of requests answered 429 and not resent before the end)" : " (MISSING)",
                            hits, alerts.received());
                    out.printf(Locale.ROOT, "storage: PostgreSQL grew %,d MiB for %,d reads (%.0f bytes a read: passages, hits' images, "
                            + "indexes, read ids, scan counts; WAL apart); the Kafka reads topic holds "
                            + "%,d MiB (%.0f bytes a read, lz4)%n", dbGrowth >> 20, stored, (double) dbGrowth / Math.max(1, stored),
                            kafkaBytes >> 20, (double) kafkaBytes / Math.max(1, accepted));
                    out.printf(Locale.ROOT, "reads/s with 2 workers: %.0f%n", two);
                    out.printf(Locale.ROOT, "reads/s with 1 worker: %.0f%n", one);
                    out.printf(Locale.ROOT, "reads/s: %.0f%n", one);
                    return stored >= accepted && alerts.received() >= hits && load.failed.get() == 0 ? 0 : 1;
                } finally {
                    load.stop();
                    for (WorkerNode w : workers) w.close();
                }
            }
        }
    }

    /** Reads the workers stored per second over one phase. */
    private double measure(DataSource db) throws Exception {
        long before = IngestBenchmark.count(db, "select count(*) from read_id");
        long t0 = System.nanoTime();
        Thread.sleep(phase.toMillis());
        long after = IngestBenchmark.count(db, "select count(*) from read_id");
        return (after - before) / ((System.nanoTime() - t0) / 1e9);
    }


    /** Cameras posting batches as fast as they are let, each on a client of its own. */
    private final class Load {
        private final URI uri;
        private final List<Camera> cameras;
        private final Map<String, String> tokens;
        private final int exactEntries;
        private final String image = SyntheticReads.plateImage(IMAGE_BYTES, 7);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ExecutorService pool = Executors.newFixedThreadPool(clients);
        private final List<Future<?>> done = new ArrayList<>();

        Load(String baseUrl, List<Camera> cameras, Map<String, String> tokens, int exactEntries) {
            this.uri = URI.create(baseUrl + "/api/v1/reads");
            this.cameras = cameras;
            this.tokens = tokens;
            this.exactEntries = exactEntries;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    SplittableRandom r = new SplittableRandom(client);
                    for (int k = client; running.get(); k += clients) {
                        Camera camera = cameras.get(k % cameras.size());
                        byte[] body = body(r, camera.id());
                        while (running.get()) {
                            HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri)
                                    .header("Authorization", "Bearer " + tokens.get(camera.id()))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() == 202) {
                                accepted.addAndGet(batch);
                                break;
                            }
                            if (res.statusCode() == 429) {
                                refused.incrementAndGet();
                                Thread.sleep(Math.min(2_000, 1000L * Long.parseLong(res.headers().firstValue("Retry-After").orElse("1"))));
                                continue; // the camera sends the same batch again
                            }
                            if (failed.incrementAndGet() <= 3) System.err.println(res.statusCode() + " " + res.body());
                            break;
                        }
                    }
                    return null;
                }));
            }
        }

        void stop() throws Exception {
            if (!running.getAndSet(false)) return;
            for (Future<?> f : done) f.get();
            pool.shutdown();
        }

        /** One request: {@code batch} reads of one camera, about {@code hitShare} of them listed plates. */
        private byte[] body(SplittableRandom r, String camera) {
            Instant now = Instant.now();
            int unlisted = (int) Math.min(2_000_000, 9L * 4096 * 100 - entries);
            StringBuilder sb = new StringBuilder(batch * 170).append('[');
            for (int i = 0; i < batch; i++) {
                boolean listed = r.nextDouble() < hitShare;
                String plate = null;
                if (listed && r.nextInt(4) == 0 && entries > exactEntries)
                    plate = SyntheticReads.misread(SyntheticReads.uniquePlate(exactEntries + r.nextInt(entries - exactEntries)));
                if (plate == null && listed) plate = SyntheticReads.uniquePlate(r.nextInt(exactEntries));
                if (i > 0) sb.append(',');
                sb.append("{\"id\":\"").append(new UUID(r.nextLong(), r.nextLong())).append("\",\"camera\":\"").append(camera)
                        .append("\",\"plate\":\"").append(plate != null ? plate : SyntheticReads.uniquePlate(entries + r.nextInt(unlisted)))
                        .append("\",\"country\":\"NL\",\"confidence\":").append(80 + r.nextInt(20)).append("e-2")
                        .append(",\"time\":\"").append(now.minusMillis(r.nextLong(60_000))).append('"');
                if (plate != null) sb.append(",\"plateImage\":\"").append(image).append('"');
                sb.append('}');
            }
            return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
