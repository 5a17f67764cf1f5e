package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.http.ApiClient;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * OpenALPR / Rekor agents delivering through a connector, as they do: one {@code alpr_group} webhook per vehicle,
 * each with its plate crop and vehicle crop as base64 JPEG, over HTTP to {@code POST /api/v1/ingest/{connector}}
 * with the connector's token; 20 agent cameras mapped to 20 cameras, each client one kept-alive connection (the lean
 * clients of {@code bench ingest}, {@link Posting}). Every answer is checked (one read
 * accepted); the passages and images stored are counted after. Messages are built before the clock starts, and a
 * warm-up is posted the same way first, untimed.
 */
public final class ConnectorBenchmark {
    private static final int CAMERAS = 20;
    private static final int PLATE_IMAGE_BYTES = 2 * 1024;
    private static final int VEHICLE_IMAGE_BYTES = 8 * 1024;
    /** Where a message's image goes, split out of its JSON (no regular expression's special characters). */
    private static final String IMAGE = "IMAGE_HERE";
    private final int messages;
    private final int warmup;
    private final int clients;
    private final Path data;
    private final Duration settleLimit;

    /**
     * @param warmup messages posted first, untimed; then rounds of fresh messages until the JIT settled
     *               ({@link JitWarmUp}), for at most {@code settleLimit} (zero: none)
     */
    public ConnectorBenchmark(int messages, int warmup, Duration settleLimit, int clients, Path data) {
        this.settleLimit = settleLimit;
        this.messages = messages;
        this.warmup = warmup;
        this.clients = clients;
        this.data = data;
    }

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        String admin = Tokens.generate("bench");
        try (Database db = Database.embedded(data, clients + 4).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(admin))) {
            ApiClient api = new ApiClient(server.baseUrl(), admin);
            List<Camera> cameras = SyntheticReads.cameras(CAMERAS, "bench");
            server.cameras().saveAll(cameras);
            String token = api.post("/api/v1/connectors", "application/json",
                    "{\"id\":\"bench-agent\",\"kind\":\"OPENALPR\",\"name\":\"bench agent\",\"organisation\":\"bench\"}").path("token").asText();
            for (int i = 0; i < CAMERAS; i++)
                api.put("/api/v1/connectors/bench-agent/cameras", "application/json",
                        "{\"vendorCamera\":\"" + (1000 + i) + "\",\"camera\":\"" + cameras.get(i).id() + "\"}");
            List<Posting.Request> timed = messages(token, 0, messages);
            IngestBenchmark.checkpoint(db.dataSource());

            URI uri = URI.create(server.baseUrl() + "/api/v1/ingest/bench-agent");
            int[] sent = {messages};
            JitWarmUp.Posted warmed = JitWarmUp.post(uri, clients, warmup, 1, (round, n) -> {
                List<Posting.Request> made = messages(token, sent[0], n);
                sent[0] += n;
                return made;
            }, settleLimit);
            // What the timed part writes into: a read costs more once the day's partitions outgrow the memory the
            // kernel hands out cheaply (scaling.md, sessions 14 and 15), and the warm-up's length varies.
            long filledBytes = IngestBenchmark.count(db.dataSource(), """
                    select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits
                    where inhparent in ('passage'::regclass, 'passage_image'::regclass)""");
            PostgresCpu pg = PostgresCpu.of(data.resolve("pg"));
            long cpuStart = IngestBenchmark.processCpuNanos();
            long jitStart = JitWarmUp.jitMillis();
            long pgStart = pg == null ? -1 : pg.nanos();
            long start = System.nanoTime();
            Posting.Posted posted = Posting.post(uri, clients, timed);
            double seconds = (System.nanoTime() - start) / 1e9;
            long jitSpent = JitWarmUp.jitSince(jitStart);
            double cpuPerRead = (IngestBenchmark.processCpuNanos() - cpuStart) / 1e3 / messages;
            double pgPerRead = pgStart < 0 ? -1 : (pg.nanos() - pgStart) / 1e3 / messages;
            int failures = warmed.failures() + posted.failures();
            long[] latencies = posted.latencies();
            long all = warmed.reads() + messages;
            long passages = IngestBenchmark.count(db.dataSource(), "select count(*) from passage");
            long images = IngestBenchmark.count(db.dataSource(), "select count(*) from passage_image");
            // Only what was accepted counts: a refused message costs the server next to nothing.
            double rate = (messages - posted.failures()) / seconds;
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench connectors: %,d OpenALPR alpr_group webhooks (version 2, one vehicle each, a %d KiB plate crop "
                    + "and a %d KiB vehicle crop as base64 JPEG, make/colour/body type, travel direction) from %d agent cameras "
                    + "mapped to %d cameras, %d clients, over HTTP to POST /api/v1/ingest/bench-agent with the connector token, "
                    + "into embedded PostgreSQL (synchronous commit)%n", messages, PLATE_IMAGE_BYTES / 1024,
                    VEHICLE_IMAGE_BYTES / 1024, CAMERAS, CAMERAS, clients);
            out.printf(Locale.ROOT, "timed: the last %,d messages, after %,d of warm-up; elapsed: %.2f s, messages not answered "
                    + "with one accepted read: %d%n", messages, warmed.reads(), seconds, failures);
            out.println("warm-up: " + warmed.settled().describe());
            out.printf(Locale.ROOT, "passages and their images held when the timed part started: %,.1f MB%n", filledBytes / 1048576.0);
            out.println("ack latency per message: " + Percentiles.of(latencies));
            out.printf(Locale.ROOT, "CPU of this JVM (server and the lean clients; PostgreSQL not included) per read: %.0f µs%n",
                    cpuPerRead);
            out.println(JitWarmUp.jitLine(jitSpent, seconds));
            if (pgPerRead >= 0)
                out.printf(Locale.ROOT, "CPU of PostgreSQL (its processes still running at the end) per read: %.0f µs%n", pgPerRead);
            out.printf(Locale.ROOT, "rows: passages %,d of %,d%s, images %,d of %,d%n", passages, all,
                    passages == all ? " (all)" : " (MISSING ROWS)", images, 2L * all);
            out.printf(Locale.ROOT, "reads/s: %.0f%n", rate);
            return passages == all && images == 2L * all && failures == 0 ? 0 : 1;
        }
    }

    /**
     * The messages, each sent as five parts: its own JSON around the two image strings, which every message shares
     * (the server decodes and stores each message's images all the same), so that a default run's 90,000 messages
     * do not hold 1.2 GiB of copies in the heap the server works in.
     */
    private List<Posting.Request> messages(String token, int from, int count) {
        SplittableRandom r = new SplittableRandom(14 + from);
        Instant now = Instant.now();
        byte[] plateImage = SyntheticReads.plateImage(PLATE_IMAGE_BYTES, 3).getBytes(StandardCharsets.US_ASCII);
        byte[] vehicleImage = SyntheticReads.plateImage(VEHICLE_IMAGE_BYTES, 5).getBytes(StandardCharsets.US_ASCII);
        String[] makes = {"volkswagen", "toyota", "ford", "renault", "peugeot", "bmw", "opel", "kia"};
        String[] colours = {"black", "silver-gray", "white", "blue", "red"};
        List<Posting.Request> bodies = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            long epoch = now.minusMillis(r.nextLong(3_600_000)).toEpochMilli();
            String plate = SyntheticReads.uniquePlate(i);
            int camera = 1000 + r.nextInt(CAMERAS);
            String json = """
                    {"data_type":"alpr_group","version":2,"agent_uid":"bench-agent-uid","agent_type":"alprd","camera_id":%d,
                     "epoch_start":%d,"epoch_end":%d,"best_uuid":"bench-agent-uid-%d-%d","best_plate_number":"%s",
                     "best_confidence":%d.5,"best_region":"nl","country":"eu","travel_direction":%d,"is_parked":false,
                     "best_plate":{"plate":"%s","confidence":%d.5,"region":"nl","plate_crop_jpeg":"%s"},
                     "vehicle_crop_jpeg":"%s",
                     "vehicle":{"make":[{"name":"%s","confidence":60.1}],"color":[{"name":"%s","confidence":55.2}],
                      "body_type":[{"name":"sedan-standard","confidence":51.0}]}}"""
                    .formatted(camera, epoch, epoch + 1200, camera, i, plate, 80 + r.nextInt(19), r.nextInt(360), plate,
                            80 + r.nextInt(19), IMAGE, IMAGE, makes[r.nextInt(makes.length)], colours[r.nextInt(colours.length)]);
            String[] around = json.split(IMAGE, -1);
            bodies.add(new Posting.Request(token, List.of(utf8(around[0]), plateImage, utf8(around[1]), vehicleImage,
                    utf8(around[2])), 1));
        }
        return bodies;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
