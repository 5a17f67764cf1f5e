package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.db.Sql;
import org.openanpr.http.ApiClient;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * End-to-end ingest on the real path: the real server over the embedded PostgreSQL, each camera posting with its own
 * camera token, two reference lists switched on (an exact list with reasons and amounts, a fuzzy one) holding
 * {@code --entries} entries together, about 1 % of reads listed (a quarter of those OCR misreads that only the fuzzy
 * list catches), each listed read with a plate image, scan counts written and alerts sent to one connected SSE
 * listener. Every answer is checked: each read must come back accepted.
 *
 * <p>In the same run, the storage ceiling: the rows the server stored are COPYed straight back into the same
 * {@code passage} table (same partitions, same indexes), so the ratio says how much of what the storage can take
 * the whole path delivers. Request bodies are built before the clock starts.
 */
public final class IngestBenchmark {
    private static final int CAMERAS = 20;
    private static final int IMAGE_BYTES = 3 * 1024;
    private static final int CEILING_CHUNK = 5_000;
    private final int reads;
    private final int warmup;
    private final int batch;
    private final int clients;
    private final int entries;
    private final double hitShare;
    private final Path data;
    private final Duration settleLimit;

    /**
     * @param warmup      reads posted first, untimed; then rounds of fresh reads until the JIT settled
     *                    ({@link JitWarmUp}), for at most {@code settleLimit} (zero: none)
     */
    public IngestBenchmark(int reads, int warmup, Duration settleLimit, int batch, int clients, int entries,
                           double hitShare, Path data) {
        this.settleLimit = settleLimit;
        this.reads = reads;
        this.warmup = warmup;
        this.batch = batch;
        this.clients = clients;
        this.entries = entries;
        this.hitShare = hitShare;
        this.data = data;
    }

    /** The requests and what they should produce. */
    private record Workload(List<Posting.Request> requests, long exactHits, long fuzzyHits) {
    }

    public int run(PrintStream out) throws Exception {
        wipe(data);
        String admin = Tokens.generate("bench");
        try (Database db = Database.embedded(data, clients + 4).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(admin))) {
            ApiClient api = new ApiClient(server.baseUrl(), admin);
            List<Camera> cameras = SyntheticReads.cameras(CAMERAS, "bench");
            server.cameras().saveAll(cameras);
            Map<String, String> tokens = new HashMap<>();
            for (Camera c : cameras)
                tokens.put(c.id(), api.post("/api/v1/cameras/" + c.id() + "/tokens", "application/json", "{}").path("token").asText());
            int fuzzyEntries = entries / 10;
            int exactEntries = entries - fuzzyEntries;
            setUpLists(api, entries, exactEntries);
            int warmFirst = (warmup + batch - 1) / batch * batch; // whole requests
            Workload work = workload(cameras, tokens, exactEntries, reads, 0);
            List<Posting.Request> requests = work.requests();
            checkpoint(db.dataSource()); // the list imports' dirty pages are not the ingest's to write

            long[] warmHits = new long[2];
            try (AlertCounter alerts = AlertCounter.connect(server.baseUrl(), admin)) {
                URI uri = URI.create(server.baseUrl() + "/api/v1/reads");
                JitWarmUp.Posted warmed = JitWarmUp.post(uri, clients, warmFirst, batch, (round, n) -> {
                    Workload w = workload(cameras, tokens, exactEntries, n, round + 1);
                    warmHits[0] += w.exactHits();
                    warmHits[1] += w.fuzzyHits();
                    return w.requests();
                }, settleLimit);
                long warm = warmed.reads();
                long expectedHits = work.exactHits() + work.fuzzyHits() + warmHits[0] + warmHits[1];
                PostgresCpu pg = PostgresCpu.of(data.resolve("pg"));
                long cpuStart = processCpuNanos();
                long jitStart = JitWarmUp.jitMillis();
                long pgStart = pg == null ? -1 : pg.nanos();
                long start = System.nanoTime();
                Posting.Posted posted = Posting.post(uri, clients, requests);
                double seconds = (System.nanoTime() - start) / 1e9;
                long jitSpent = JitWarmUp.jitSince(jitStart);
                double cpuPerRead = (processCpuNanos() - cpuStart) / 1e3 / reads;
                double pgPerRead = pgStart < 0 ? -1 : (pg.nanos() - pgStart) / 1e3 / reads;
                alerts.awaitAtLeast(expectedHits, 10_000);

                Counts counts = Counts.of(db.dataSource());
                checkpoint(db.dataSource()); // nor are the ingest's the ceiling's
                int copiers = Math.min(clients, Runtime.getRuntime().availableProcessors());
                StorageCeiling.Result ceiling = StorageCeiling.measure(db.dataSource(), copiers, CEILING_CHUNK,
                        () -> pg == null ? -1 : pg.nanos());
                double pgPerCeilingRow = ceiling.pgCpuNanos() < 0 ? -1 : ceiling.pgCpuNanos() / 1e3 / ceiling.rows();

                double rate = reads / seconds;
                out.println(MachineInfo.describe());
                out.printf(Locale.ROOT, "bench ingest: %,d reads in %,d requests of %d from %d cameras (each its own camera token), "
                        + "%d clients (each one kept-alive HTTP/1.1 connection), over HTTP into embedded PostgreSQL (synchronous commit)%n",
                        reads, requests.size(), batch, CAMERAS, clients);
                out.printf(Locale.ROOT, "lists switched on: %,d entries (%,d exact with reason and amount, %,d fuzzy); "
                        + "%.1f %% of reads listed (%,d exact, %,d OCR misreads of fuzzy entries), each with a %d KiB plate image; "
                        + "one SSE listener%n", entries, exactEntries, fuzzyEntries, hitShare * 100, work.exactHits() + warmHits[0],
                        work.fuzzyHits() + warmHits[1], IMAGE_BYTES / 1024);
                out.printf(Locale.ROOT, "timed: the last %,d reads, after %,d reads of warm-up; elapsed: %.2f s, failed requests: %d, "
                        + "reads not answered accepted: %,d%n", reads, warm, seconds, posted.failures() + warmed.failures(),
                        posted.notAccepted() + warmed.notAccepted());
                out.println("warm-up: " + warmed.settled().describe());
                out.println("ack latency per request: " + Percentiles.of(posted.latencies()));
                out.printf(Locale.ROOT, "CPU of this JVM (server and the lean clients; PostgreSQL not included) per read: %.0f µs%n",
                        cpuPerRead);
                out.println(JitWarmUp.jitLine(jitSpent, seconds));
                if (pgPerRead >= 0)
                    out.printf(Locale.ROOT, "CPU of PostgreSQL (its processes still running at the end) per read: %.0f µs%n", pgPerRead);
                out.printf(Locale.ROOT, "rows: passages %,d of %,d%s, plate images %,d, hits %,d of %,d expected "
                        + "(exact %,d, fuzzy %,d), hit images %,d%n", counts.passages(), warm + reads,
                        counts.passages() == warm + reads ? " (all)" : " (MISSING ROWS)", counts.images(), counts.hits(),
                        expectedHits, counts.exactHits(), counts.fuzzyHits(), counts.hitImages());
                out.printf(Locale.ROOT, "scan counts: %,d reads scanned, %,d against each list%n", counts.scanned(),
                        counts.scannedPerList());
                out.printf(Locale.ROOT, "alerts received: %,d of %,d hits%n", alerts.received(), counts.hits());
                out.printf(Locale.ROOT, "ingest reads/s: %.0f%n", rate);
                out.printf(Locale.ROOT, "ceiling: the same %,d rows COPYed straight into passage (same partitions and indexes) "
                        + "by %d connections, %,d rows per COPY and commit: %.2f s%n", ceiling.rows(), ceiling.connections(),
                        ceiling.chunk(), ceiling.seconds());
                if (pgPerCeilingRow >= 0)
                    out.printf(Locale.ROOT, "CPU of PostgreSQL per row COPYed: %.0f µs%n", pgPerCeilingRow);
                out.printf(Locale.ROOT, "ceiling reads/s: %.0f%n", ceiling.rate());
                out.printf(Locale.ROOT, "ratio: %.3f%n", rate / ceiling.rate());
                out.printf(Locale.ROOT, "reads/s: %.0f%n", rate);
                boolean allThere = counts.passages() == warm + reads && ceiling.rows() == warm + reads;
                boolean allHits = counts.hits() == expectedHits && alerts.received() == expectedHits
                        && counts.images() == expectedHits;
                return allThere && allHits && posted.failures() + warmed.failures() == 0 ? 0 : 1;
            }
        }
    }

    /**
     * An exact list of unpaid fines (reason and amount per entry, as the CJIB sends them) and a fuzzy list of stolen
     * vehicles, both switched on for every bench camera: plates {@code uniquePlate(0 .. entries - 1)}.
     */
    static void setUpLists(ApiClient api, int entries, int exactEntries) throws Exception {
        long exact = api.post("/api/v1/lists", "application/json", """
                {"name":"bench fines","category":"UNPAID_FINES","purpose":"bench","legalBasis":"WAHV art. 28",
                 "organisation":"bench","source":"CJIB"}""").path("id").asLong();
        long fuzzy = api.post("/api/v1/lists", "application/json", """
                {"name":"bench stolen","category":"STOLEN_VEHICLE","purpose":"bench","legalBasis":"Politiewet art. 3",
                 "organisation":"bench","source":"bench","fuzzy":true}""").path("id").asLong();
        StringBuilder fines = new StringBuilder(exactEntries * 40).append("plate,country,reason,amount\n");
        for (int i = 0; i < exactEntries; i++)
            fines.append(SyntheticReads.uniquePlate(i)).append(",NL,unpaid fine CJIB-").append(i).append(',')
                    .append(50 + i % 400).append(".00\n");
        api.post("/api/v1/lists/" + exact + "/entries?mode=replace", "text/csv", fines.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder stolen = new StringBuilder((entries - exactEntries) * 12).append("plate,country\n");
        for (int i = exactEntries; i < entries; i++) stolen.append(SyntheticReads.uniquePlate(i)).append(",NL\n");
        api.post("/api/v1/lists/" + fuzzy + "/entries?mode=replace", "text/csv", stolen.toString().getBytes(StandardCharsets.UTF_8));
        for (long list : new long[] {exact, fuzzy})
            api.post("/api/v1/lists/" + list + "/activations", "application/json", "{\"scope\":\"REGION\",\"target\":\"bench\"}");
    }

    /**
     * Requests of {@code batch} reads, each from one camera in turn. A listed read is a plate of the exact list, or
     * (one in four) a misread of a fuzzy-list plate; the others are plates on no list.
     */
    private Workload workload(List<Camera> cameras, Map<String, String> tokens, int exactEntries, int reads, int seed) {
        SplittableRandom r = new SplittableRandom(42 + seed);
        Instant now = Instant.now();
        String image = SyntheticReads.plateImage(IMAGE_BYTES, 7);
        int unlisted = (int) Math.min(2_000_000, 9L * 4096 * 100 - entries);
        List<Posting.Request> requests = new ArrayList<>(reads / batch + 1);
        long exactHits = 0;
        long fuzzyHits = 0;
        for (int done = 0, k = 0; done < reads; done += batch, k++) {
            int n = Math.min(batch, reads - done);
            Camera camera = cameras.get(k % cameras.size());
            StringBuilder sb = new StringBuilder(n * 170).append(n == 1 ? "" : "[");
            for (int i = 0; i < n; i++) {
                String plate = null;
                if (r.nextDouble() < hitShare) {
                    if (r.nextInt(4) == 0 && entries > exactEntries) {
                        while (plate == null) plate = SyntheticReads.misread(SyntheticReads.uniquePlate(exactEntries + r.nextInt(entries - exactEntries)));
                        fuzzyHits++;
                    } else {
                        plate = SyntheticReads.uniquePlate(r.nextInt(exactEntries));
                        exactHits++;
                    }
                }
                if (i > 0) sb.append(',');
                sb.append("{\"id\":\"").append(UUID.randomUUID()).append("\",\"camera\":\"").append(camera.id())
                        .append("\",\"plate\":\"").append(plate != null ? plate : SyntheticReads.uniquePlate(entries + r.nextInt(unlisted)))
                        .append("\",\"country\":\"NL\",\"confidence\":").append(80 + r.nextInt(20)).append("e-2")
                        .append(",\"time\":\"").append(now.minusMillis(r.nextLong(3_600_000))).append('"');
                if (plate != null) sb.append(",\"plateImage\":\"").append(image).append('"');
                sb.append('}');
            }
            if (n > 1) sb.append(']');
            requests.add(new Posting.Request(tokens.get(camera.id()), sb.toString().getBytes(StandardCharsets.UTF_8), n));
        }
        return new Workload(requests, exactHits, fuzzyHits);
    }

    /** What the run left in the database. */
    private record Counts(long passages, long images, long exactHits, long fuzzyHits, long hitImages, long scanned,
                          long scannedPerList) {
        long hits() {
            return exactHits + fuzzyHits;
        }

        static Counts of(DataSource db) {
            return new Counts(count(db, "select count(*) from passage"),
                    count(db, "select count(*) from passage_image"),
                    count(db, "select count(*) from hit where match_kind = 'EXACT'"),
                    count(db, "select count(*) from hit where match_kind = 'FUZZY'"),
                    count(db, "select count(*) from hit_image"),
                    count(db, "select coalesce(sum(reads), 0) from scan_count where list_id = 0 and action_id = 0"),
                    count(db, "select coalesce(min(n), 0) from (select sum(reads) n from scan_count where list_id <> 0 group by list_id) s"));
        }
    }

    /** The one number a query answers (a count, a size): what the benchmarks check their runs by. */
    static long count(DataSource db, String sql) {
        return Sql.list(db, sql, rs -> rs.getLong(1)).getFirst();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Best effort: a checkpoint needs rights a database user may lack, and the run means the same without it. */
    static void checkpoint(DataSource db) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("checkpoint");
        } catch (SQLException e) {
            // not a superuser: the figures then include whatever checkpoint falls in them
        }
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
