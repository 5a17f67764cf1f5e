package org.openanpr.bench;

import org.openanpr.access.Visibility;
import org.openanpr.db.Database;
import org.openanpr.investigation.CloneCheck;
import org.openanpr.investigation.CloneStore;
import org.openanpr.investigation.Route;
import org.openanpr.investigation.Sighting;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.PassageView;
import org.openanpr.passage.Partitions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Investigations on a fill of N passages over 7 days at 200 cameras spread over the Netherlands (50 towns of 4
 * cameras, from Zeeland to Groningen). Clean traffic is physically possible: each vehicle stays in its home town and
 * keeps its make and colour. Planted clones: a second vehicle under a plate, of another make and colour, seen in a town
 * at least 100 km away 5 to 25 minutes after the genuine one. Planted convoys: a target and a follower 20 to 60 s
 * behind at all 4 cameras of the target's town. Timed on the store (no HTTP): the route of
 * a plate over 7 days, and the after-the-fact clone check for one plate and for every plate; the clone check's
 * precision and recall against what was planted. The fill is kept and reused when N matches.
 */
public final class InvestigationBenchmark {
    static final int DAYS = 7;
    static final int CAMERAS = 200;
    private static final String[] MAKES = {"VOLKSWAGEN", "TOYOTA", "PEUGEOT", "RENAULT", "KIA", "OPEL", "FORD", "BMW"};
    private static final String[] COLOURS = {"grey", "black", "white", "silver", "blue", "red"};
    private final long passages;
    private final int queries;
    private final Path data;

    public InvestigationBenchmark(long passages, int queries, Path data) {
        this.passages = passages;
        this.queries = queries;
        this.data = data;
    }

    private long vehicles() {
        return Math.max(10, passages / 20);
    }

    /** One convoy (a target and a follower) in a thousand vehicles. */
    private long convoys() {
        return Math.max(5, vehicles() / 1000);
    }

    /** A planted convoy: target and follower pass all 4 cameras of the target's town, 3 minutes apart, 20-60 s between them. */
    static final int CONVOY_CAMERAS = 4;

    /** Vehicles from the start of the population are convoy targets, each followed by a vehicle of the same town. */
    private long convoyTarget(long i) {
        return i * (vehicles() / convoys());
    }

    /** One clone in a thousand vehicles. */
    private long clones() {
        return Math.max(5, vehicles() / 1000);
    }

    /** 50 towns of 4 cameras each (about 1 km apart), on a 10 x 5 grid from Zeeland to Groningen. */
    static double lat(int camera) {
        int town = camera / 4;
        return 51.40 + (town / 10) * 0.5 + (camera % 4 % 2) * 0.01;
    }

    static double lon(int camera) {
        int town = camera / 4;
        return 3.70 + (town % 10) * 0.32 + (camera % 4 / 2) * 0.015;
    }

    public int run(PrintStream out) throws Exception {
        try (Database db = Database.embedded(data, 4).migrate()) {
            Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant start = end.minus(Duration.ofDays(DAYS));
            if (IngestBenchmark.count(db.dataSource(), "select count(*) from passage") != passages + 2 * clones() * CLONE_SIGHTINGS + 2L * convoys() * CONVOY_CAMERAS) {
                out.printf("filling %,d passages over %d days at %d cameras...%n", passages, DAYS, CAMERAS);
                fill(db, start);
            } else {
                out.printf("reusing the existing fill in %s%n", data);
            }
            long total = IngestBenchmark.count(db.dataSource(), "select count(*) from passage");
            Instant from = newest(db).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).minus(Duration.ofDays(DAYS));
            Instant to = from.plus(Duration.ofDays(DAYS));
            PassageSearch search = new PassageSearch(db.dataSource());
            CloneStore clones = new CloneStore(db.dataSource());
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 50; i++) route(search, plate(r.nextLong(vehicles())), from, to);
            long[] routeNanos = new long[queries];
            long routeRows = 0;
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                routeRows += route(search, plate(r.nextLong(vehicles())), from, to);
                routeNanos[i] = System.nanoTime() - t0;
            }
            long[] plateCheckNanos = new long[queries];
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                clones.check(plate(r.nextLong(vehicles())), from, to, Visibility.everything(), CloneCheck.DEFAULT, 1000);
                plateCheckNanos[i] = System.nanoTime() - t0;
            }
            org.openanpr.investigation.Convoy convoy = new org.openanpr.investigation.Convoy(Duration.ofSeconds(120), 3);
            long[] convoyNanos = new long[(int) convoys()];
            long convoyFound = 0;
            long convoyFirst = 0;
            long convoyOthers = 0;
            for (int i = 0; i < convoys(); i++) {
                long target = convoyTarget(i);
                long c0 = System.nanoTime();
                List<org.openanpr.investigation.Convoy.Companion> ranked = convoy(db, search, convoy, plate(target), from, to);
                convoyNanos[i] = System.nanoTime() - c0;
                String follower = plate(target + CAMERAS / 4);
                if (ranked.stream().anyMatch(x -> x.plate().equals(follower))) convoyFound++;
                if (!ranked.isEmpty() && ranked.getFirst().plate().equals(follower)) convoyFirst++;
                convoyOthers += ranked.stream().filter(x -> !x.plate().equals(follower)).count();
            }
            long t0 = System.nanoTime();
            CloneStore.Checked all = clones.check(null, from, to, Visibility.everything(), CloneCheck.DEFAULT, 1_000_000);
            double allSeconds = (System.nanoTime() - t0) / 1e9;
            Set<String> planted = new HashSet<>();
            for (long v = 0; v < clones(); v++) planted.add(plate(cloneVehicle(v)));
            Set<String> found = new HashSet<>();
            all.suspects().forEach(s -> found.add(s.plate()));
            long truePositives = found.stream().filter(planted::contains).count();
            double precision = found.isEmpty() ? 1 : truePositives / (double) found.size();
            double recall = truePositives / (double) planted.size();
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench investigation: %,d passages over %d days, %d cameras, %,d vehicles, %,d planted clones, embedded PostgreSQL%n",
                    total, DAYS, CAMERAS, vehicles(), clones());
            out.printf(Locale.ROOT, "route of a plate over 7 days, store + core (%,d queries, %.1f passages each): %s%n", queries,
                    routeRows / (double) queries, Percentiles.of(routeNanos));
            out.printf(Locale.ROOT, "targeted convoy over 7 days (window 120 s, at least 3 cameras), store + core (%,d targets): %s%n",
                    convoys(), Percentiles.of(convoyNanos));
            out.printf(Locale.ROOT, "convoy recall %.3f (planted follower found for %,d of %,d targets), ranked first for %,d, precision %.3f (%,d other companions)%n",
                    convoyFound / (double) convoys(), convoyFound, convoys(), convoyFirst,
                    convoyFound + convoyOthers == 0 ? 1.0 : convoyFound / (double) (convoyFound + convoyOthers), convoyOthers);
            out.printf(Locale.ROOT, "clone check of one plate over 7 days, store + core (%,d queries): %s%n", queries, Percentiles.of(plateCheckNanos));
            out.printf(Locale.ROOT, "clone check of every plate over 7 days: %.2f s for %,d passages (%,.0f passages/s), %,d suspect pairs on %,d plates%n",
                    allSeconds, all.passages(), all.passages() / allSeconds, all.suspects().size(), found.size());
            out.printf(Locale.ROOT, "clone check precision %.3f, recall %.3f (planted %,d, found %,d, of them planted %,d)%n",
                    precision, recall, planted.size(), found.size(), truePositives);
            return precision >= 0.95 && recall >= 0.95 && convoyFound == convoys() ? 0 : 1;
        }
    }

    /** What ConvoyRoutes does, without HTTP: the target's passages, then the other plates near each of them. */
    static List<org.openanpr.investigation.Convoy.Companion> convoy(Database db, PassageSearch search,
            org.openanpr.investigation.Convoy convoy, String plate, Instant from, Instant to) throws Exception {
        List<Sighting> target = search.search(new PassageQuery(plate, false, null, from, to, 2_000, null, true,
                org.openanpr.passage.VehicleDescription.NONE), Visibility.everything()).passages().stream()
                .map(p -> new Sighting(p.id(), p.time(), p.camera(), p.lat(), p.lon())).toList();
        return convoy.rank(target, new org.openanpr.investigation.ConvoyStore(db.dataSource()).nearby(plate, target, convoy.window(),
                Visibility.everything()));
    }

    private static int route(PassageSearch search, String plate, Instant from, Instant to) {
        List<PassageView> seen = search.search(new PassageQuery(plate, false, null, from, to, 10_000, null, true,
                org.openanpr.passage.VehicleDescription.NONE), Visibility.everything()).passages();
        return Route.of(seen.stream().map(p -> new Sighting(p.id(), p.time(), p.camera(), p.lat(), p.lon())).toList(),
                Duration.ofMinutes(30)).sightings().size();
    }

    /** Vehicle ids from the end of the population carry a cloned plate. */
    private long cloneVehicle(long i) {
        return vehicles() - 1 - i * (vehicles() / clones());
    }

    /** One plate per vehicle: two vehicles under one plate would be a clone the fill did not plant. */
    private static String plate(long vehicle) {
        return SyntheticReads.uniquePlate(vehicle);
    }

    /** Times each clone is seen, each time paired with a sighting of the genuine vehicle. */
    static final int CLONE_SIGHTINGS = 2;

    private void fill(Database db, Instant start) throws Exception {
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        new Partitions(db.dataSource()).ensureRange(first, first.plusDays(DAYS));
        long spanMs = Duration.ofDays(DAYS).toMillis() - 1;
        SplittableRandom r = new SplittableRandom(13);
        Set<Long> cloned = new HashSet<>();
        for (long v = 0; v < clones(); v++) cloned.add(cloneVehicle(v));
        long t0 = System.nanoTime();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate passage");
        }
        try (PassageCopy copy = new PassageCopy(db.dataSource(), false)) {
            for (long i = 0; i < passages; i++) {
                long v = r.nextLong(vehicles());
                int home = (int) (v % (CAMERAS / 4)) * 4; // the home town's 4 cameras
                int camera = home + r.nextInt(4);
                row(copy, v, start.plusMillis(r.nextLong(spanMs)), camera, MAKES[(int) (v % MAKES.length)], COLOURS[(int) (v / 7 % COLOURS.length)]);
                if (copy.written() % 200_000 == 0)
                    System.out.printf("  %,d rows, %.0f rows/s%n", copy.written(), copy.written() / ((System.nanoTime() - t0) / 1e9));
            }
            for (long v : cloned) {
                int home = (int) (v % (CAMERAS / 4)) * 4;
                int far = (int) ((v % (CAMERAS / 4) + CAMERAS / 8) % (CAMERAS / 4)) * 4; // two grid rows away, 100 km or more
                for (int k = 0; k < CLONE_SIGHTINGS; k++) {
                    Instant genuine = start.plusMillis(r.nextLong(spanMs - 3_600_000));
                    row(copy, v, genuine, home + r.nextInt(4), MAKES[(int) (v % MAKES.length)], COLOURS[(int) (v / 7 % COLOURS.length)]);
                    row(copy, v, genuine.plusSeconds(300 + r.nextInt(1200)), far + r.nextInt(4),
                            MAKES[(int) ((v + 1) % MAKES.length)], COLOURS[(int) ((v / 7 + 1) % COLOURS.length)]);
                }
            }
            for (long i = 0; i < convoys(); i++) {
                long target = convoyTarget(i);
                long follower = target + CAMERAS / 4; // same home town: its own sightings stay possible journeys
                int home = (int) (target % (CAMERAS / 4)) * 4;
                Instant trip = start.plusMillis(r.nextLong(spanMs - 3_600_000));
                for (int k = 0; k < CONVOY_CAMERAS; k++) {
                    Instant at = trip.plusSeconds(180L * k);
                    row(copy, target, at, home + k, MAKES[(int) (target % MAKES.length)], COLOURS[(int) (target / 7 % COLOURS.length)]);
                    row(copy, follower, at.plusSeconds(20 + r.nextInt(40)), home + k, MAKES[(int) (follower % MAKES.length)],
                            COLOURS[(int) (follower / 7 % COLOURS.length)]);
                }
            }
        }
    }

    private static void row(PassageCopy copy, long vehicle, Instant at, int camera, String make, String colour) throws Exception {
        copy.add(plate(vehicle), at, String.format("INV-%03d", camera), lat(camera), lon(camera), make, colour);
    }


    private static Instant newest(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery("select max(observed_at) from passage")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
