package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.bench.MachineInfo;
import org.openanpr.bench.Percentiles;
import org.openanpr.bench.SyntheticReads;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Database;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.VehicleDescription;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the stakeout and the partial-plate search on the fill of {@code ./anpr bench investigation} (7 days, 200
 * cameras in 50 towns of 4), through the same service methods the HTTP routes call, without HTTP. A measurement, not a
 * test; {@code bench analysis} is where the project's figure lives. Run after the bench has filled its data directory:
 * <pre>
 * ./anpr bench investigation --passages 3000000 --queries 20
 * java -cp server/target/classes:server/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     org.openanpr.investigation.WitnessSearchTiming data/bench-investigation
 * </pre>
 */
public final class WitnessSearchTiming {
    private WitnessSearchTiming() {
    }

    // The bench's camera grid (InvestigationBenchmark.lat/lon): town = camera / 4.
    static double lat(int camera) {
        return 51.40 + (camera / 4 / 10) * 0.5 + (camera % 4 % 2) * 0.01;
    }

    static double lon(int camera) {
        return 3.70 + (camera / 4 % 10) * 0.32 + (camera % 4 / 2) * 0.015;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data/bench-investigation");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (Database db = Database.embedded(data, 4).migrate()) {
            CameraRegistry registry = new CameraRegistry(db.dataSource());
            List<Camera> cams = new ArrayList<>();
            for (int i = 0; i < 200; i++)
                cams.add(new Camera(String.format("INV-%03d", i), "bench " + i, Camera.CameraType.FIXED, lat(i), lon(i), null, null, null,
                        null, Camera.CameraStatus.ACTIVE, null));
            if (registry.find("INV-000").isEmpty()) {
                org.openanpr.db.Sql.update(db.dataSource(), "insert into organisation (code, name, kind) values ('bench', 'bench', 'POLICE') on conflict do nothing");
                List<Camera> owned = cams.stream().map(c -> new Camera(c.id(), c.name(), c.type(), c.lat(), c.lon(), null, null, null,
                        "bench", c.status(), null)).toList();
                registry.saveAll(owned);
                registry.reload();
            }
            long total;
            Instant newest;
            try (Connection c = db.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select count(*), max(observed_at) from passage")) {
                rs.next();
                total = rs.getLong(1);
                newest = rs.getTimestamp(2).toInstant();
            }
            Instant to = newest.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            Instant from = to.minus(Duration.ofDays(7));
            StakeoutSearch stakeouts = new StakeoutSearch(db.dataSource(), registry);
            PassageSearch search = new PassageSearch(db.dataSource());
            SplittableRandom r = new SplittableRandom(7);
            System.out.println(MachineInfo.describe());
            System.out.printf(Locale.ROOT, "witness searches on %,d passages over 7 days, 200 cameras, embedded PostgreSQL, %d runs each after 10 warm-up runs%n", total, runs);

            long rows = 0;
            long[] one = new long[runs];
            for (int i = -10; i < runs; i++) {
                int town = r.nextInt(50);
                Instant at = from.plusSeconds(r.nextLong(Duration.ofDays(7).minusHours(2).toSeconds()));
                Area area = new Area.Circle((lat(town * 4) + lat(town * 4 + 1)) / 2, (lon(town * 4) + lon(town * 4 + 2)) / 2, 1500);
                long t0 = System.nanoTime();
                StakeoutSearch.Result res = stakeouts.run(List.of(new StakeoutSearch.Scene(null, area, at, at.plus(Duration.ofHours(2)))), 1,
                        Duration.ZERO, Visibility.everything());
                if (i >= 0) {
                    one[i] = System.nanoTime() - t0;
                    rows += res.passagesRead();
                }
            }
            System.out.printf(Locale.ROOT, "stakeout, one area (circle 1.5 km, 4 cameras) over 2 hours: %s, %.0f passages read each%n",
                    Percentiles.of(one), rows / (double) runs);

            rows = 0;
            long[] five = new long[runs];
            for (int i = -10; i < runs; i++) {
                List<StakeoutSearch.Scene> scenes = new ArrayList<>();
                for (int s = 0; s < 5; s++) {
                    int town = r.nextInt(50);
                    Instant at = from.plusSeconds(r.nextLong(Duration.ofDays(7).minusHours(2).toSeconds()));
                    scenes.add(new StakeoutSearch.Scene(null, new Area.Circle(lat(town * 4), lon(town * 4), 300), at, at.plus(Duration.ofHours(2))));
                }
                long t0 = System.nanoTime();
                StakeoutSearch.Result res = stakeouts.run(scenes, 3, Duration.ofMinutes(5), Visibility.everything());
                if (i >= 0) {
                    five[i] = System.nanoTime() - t0;
                    rows += res.passagesRead();
                }
            }
            System.out.printf(Locale.ROOT, "stakeout, 5 scenes (one camera, 2 hours, 5 min margin each), present at 3 of 5: %s, %.0f passages read each%n",
                    Percentiles.of(five), rows / (double) runs);

            for (String kind : List.of("wildcards", "partial", "leading")) {
                long[] nanos = new long[runs];
                long plates = 0;
                for (int i = -10; i < runs; i++) {
                    String p = SyntheticReads.uniquePlate(r.nextLong(150_000));
                    String pattern = switch (kind) {
                        case "wildcards" -> p.charAt(0) + "?" + p.substring(2, 4) + "?" + p.substring(5);
                        case "partial" -> p.substring(0, 2) + "*" + p.substring(5);
                        default -> "*" + p.substring(2);   // starts unknown: the trigram index
                    };
                    long t0 = System.nanoTime();
                    List<PassageSearch.PlateSummary> found = search.plates(new PassageQuery(pattern, false, null, from, to, 500, null, true,
                            VehicleDescription.NONE), Visibility.everything(), 501);
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - t0;
                        plates += found.size();
                    }
                }
                System.out.printf(Locale.ROOT, "partial plate over 7 days, %s (%s): %s, %.1f plates each%n", kind,
                        switch (kind) { case "wildcards" -> "e.g. 5?BX?7"; case "partial" -> "e.g. 5K*7"; default -> "e.g. *BX07"; },
                        Percentiles.of(nanos), plates / (double) runs);
            }
        }
    }
}
