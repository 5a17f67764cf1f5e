package org.openanpr.bench;

import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.Partitions;
import org.openanpr.plate.OcrConfusion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Query latency on a realistic fill: N passages spread over 28 day partitions, 20 cameras, a vehicle population
 * of N/25 so that a plate has about 25 passages in 28 days. The fill is kept and reused when N matches.
 */
public final class SearchBenchmark {
    private static final int DAYS = 28;
    private static final int CAMERAS = 20;
    private final long passages;
    private final int queries;
    private final Path data;

    public SearchBenchmark(long passages, int queries, Path data) {
        this.passages = passages;
        this.queries = queries;
        this.data = data;
    }

    private long vehicles() {
        return Math.max(1, passages / 25);
    }

    public int run(PrintStream out) throws Exception {
        try (Database db = Database.embedded(data, 4).migrate()) {
            // Anchor the fill at the start of a UTC day so that a reused fill is still 28 whole days old or less.
            Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
            long have = count(db);
            if (have != passages) {
                out.printf("filling %,d passages over %d daily partitions (have %,d)...%n", passages, DAYS, have);
                fill(db, end);
            } else {
                out.printf("reusing the existing fill of %,d passages in %s%n", have, data);
            }
            PassageSearch search = new PassageSearch(db.dataSource());
            Instant newest = newest(db);
            SplittableRandom r = new SplittableRandom(7);
            // warm-up: the first queries load index pages from disk
            for (int i = 0; i < 200; i++) history(search, SyntheticReads.plate(r.nextLong(vehicles())));
            long[] historyNanos = new long[queries];
            long rows = 0;
            for (int i = 0; i < queries; i++) {
                String plate = SyntheticReads.plate(r.nextLong(vehicles()));
                long t0 = System.nanoTime();
                rows += history(search, plate);
                historyNanos[i] = System.nanoTime() - t0;
            }
            long[] windowNanos = new long[queries];
            long windowRows = 0;
            for (int i = 0; i < queries; i++) {
                String camera = String.format("BENCH-%02d", r.nextInt(CAMERAS));
                Instant from = newest.minus(Duration.ofMinutes(r.nextLong(DAYS * 24 * 60 - 10)));
                long t0 = System.nanoTime();
                windowRows += search.search(new PassageQuery(null, false, camera, from, from.plus(Duration.ofMinutes(5)),
                        10_000, null, true), Visibility.everything()).passages().size();
                windowNanos[i] = System.nanoTime() - t0;
            }
            long[] fuzzyNanos = new long[Math.min(queries, 200)];
            for (int i = 0; i < fuzzyNanos.length; i++) {
                String plate = SyntheticReads.plate(r.nextLong(vehicles()));
                long t0 = System.nanoTime();
                search.search(new PassageQuery(plate, true, null, null, null, 1000, null, true), Visibility.everything());
                fuzzyNanos[i] = System.nanoTime() - t0;
            }
            out.println(MachineInfo.describe());
            out.printf("bench search: %,d passages over %d daily partitions, %d cameras, %,d vehicles, embedded PostgreSQL%n",
                    count(db), DAYS, CAMERAS, vehicles());
            out.printf("plate full history (%,d queries, %.1f rows each): %s%n", queries, rows / (double) queries, Percentiles.of(historyNanos));
            out.printf("camera 5-minute window (%,d queries, %.1f rows each): %s%n", queries, windowRows / (double) queries, Percentiles.of(windowNanos));
            out.printf("plate fuzzy search, all partitions (%,d queries): %s%n", fuzzyNanos.length, Percentiles.of(fuzzyNanos));
            out.printf("history p50 ms: %.2f%n", Percentiles.of(historyNanos).p50ms());
            return 0;
        }
    }

    private static int history(PassageSearch search, String plate) {
        return search.search(new PassageQuery(plate, false, null, null, null, 10_000, null, true), Visibility.everything())
                .passages().size();
    }

    private void fill(Database db, Instant end) throws Exception {
        Instant start = end.minus(Duration.ofDays(DAYS));
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        new Partitions(db.dataSource()).ensureRange(first, first.plusDays(DAYS));
        long spanMs = Duration.ofDays(DAYS).toMillis() - 1;
        List<Camera> cameras = SyntheticReads.cameras(CAMERAS, "bench");
        SplittableRandom r = new SplittableRandom(11);
        long t0 = System.nanoTime();
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("truncate passage");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            final int chunk = 200_000;
            for (long done = 0; done < passages; done += chunk) {
                int n = (int) Math.min(chunk, passages - done);
                StringBuilder sb = new StringBuilder(n * 110);
                for (int i = 0; i < n; i++) {
                    String plate = SyntheticReads.plate(r.nextLong(vehicles()));
                    sb.append(UUID.randomUUID()).append(',').append(start.plusMillis(r.nextLong(spanMs))).append(',')
                            .append(cameras.get(r.nextInt(CAMERAS)).id()).append(',').append(plate).append(',')
                            .append(OcrConfusion.key(plate)).append(",NL,0.9,,,false\n");
                }
                copy.copyIn("copy passage (id, observed_at, camera_id, plate, plate_key, country, confidence, lat, lon, has_images) from stdin (format csv)",
                        new StringReader(sb.toString()));
                System.out.printf("  %,d rows, %.0f rows/s%n", done + n, (done + n) / ((System.nanoTime() - t0) / 1e9));
            }
            try (Statement st = c.createStatement()) {
                st.execute("analyze passage");
            }
        }
    }

    private static long count(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from passage")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant newest(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select max(observed_at) from passage")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
