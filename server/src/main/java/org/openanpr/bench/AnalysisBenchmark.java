package org.openanpr.bench;

import org.openanpr.access.Visibility;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Database;
import org.openanpr.investigation.Area;
import org.openanpr.investigation.CloneCheck;
import org.openanpr.investigation.CloneStore;
import org.openanpr.investigation.Convoy;
import org.openanpr.investigation.ConvoyStore;
import org.openanpr.investigation.Section;
import org.openanpr.investigation.SectionStore;
import org.openanpr.investigation.StakeoutSearch;
import org.openanpr.investigation.TrafficRollup;
import org.openanpr.investigation.TrafficStatistics;
import org.openanpr.investigation.Sighting;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.Partitions;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.profile.DistinctPlaces;
import org.openanpr.profile.LocalHours;
import org.openanpr.profile.PatternRule;
import org.openanpr.profile.ProfileStore;
import org.openanpr.profile.RepeatedNights;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Every analysis on one fill of N passages (default 10 million) over 7 days at 200 cameras, with planted convoys,
 * clones, speeders, hoppers and border shuttles in clean traffic; each analysis timed and scored against what was
 * planted (precision and recall). The analyses are a list of {@link Analysis}: a name, what was planted, and its timed
 * queries; adding one (a stakeout, a partial plate) is one more entry in {@link #analyses}.
 *
 * <p>The cameras: 35 towns of 4 road cameras (7 x 5 on a grid from Zeeland to Drenthe, 21 to 39 km apart), 10 section
 * controls (entry and exit 2.1 km apart, 80 km/h), 15 carpool areas and car parks (entry and exit camera each, one
 * place) and 10 border crossings. Clean traffic is designed so that no analysis can find it by chance, and says why:
 * a road vehicle only ever passes its 2 usual cameras of its home town (so no two clean vehicles meet at 3 distinct
 * cameras, and every journey is possible); commuters park all day at one carpool area, shoppers at one or two; border
 * commuters cross by day, others at most twice a night-week; section traffic keeps to the limit. Planted: a convoy (a
 * target and a follower 20–60 s behind at all 4 cameras of their town) and a clone (another make and colour in a town
 * 78 km or more away 3–12 minutes later) per 1,000 road vehicles; 100 hoppers (3 or 4 places in about 2 hours, stays
 * of 5–20 minutes); 100 border shuttles (out at 23:00–00:30 and back over the next crossing, 4 nights of the week);
 * 200 speeders (100–140 km/h measured over a section).
 */
public final class AnalysisBenchmark {
    static final int DAYS = 7;
    /** What the partial-plate route answers at most. */
    private static final int PARTIAL_PLATES = 500;
    static final Instant START = Instant.parse("2026-11-16T00:00:00Z"); // a Monday: a fixed week, so a reused fill keeps its truth
    static final Instant END = START.plus(Duration.ofDays(DAYS));
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    static final int TOWNS = 35;
    static final int SECTIONS = 10;
    static final int PLACES = 15;
    static final int BORDERS = 10;
    static final int SECTION_CAMERA = TOWNS * 4;                 // 140..159
    static final int PLACE_CAMERA = SECTION_CAMERA + 2 * SECTIONS; // 160..189
    static final int BORDER_CAMERA = PLACE_CAMERA + 2 * PLACES;    // 190..199
    static final int CAMERAS = BORDER_CAMERA + BORDERS;
    static final double SECTION_METRES = 2_100;
    static final int SECTION_LIMIT = 80;
    static final int HOPPERS = 100;
    static final int SHUTTLES = 100;
    static final int SPEEDERS = 200;
    static final Duration CONVOY_WINDOW = Duration.ofSeconds(120);
    static final int CONVOY_CAMERAS = 3;
    private static final String[] MAKES = {"VOLKSWAGEN", "TOYOTA", "PEUGEOT", "RENAULT", "KIA", "OPEL", "FORD", "BMW"};
    private static final String[] COLOURS = {"grey", "black", "white", "silver", "blue", "red"};
    private final long passages;
    private final int targets;
    private final Path data;

    public AnalysisBenchmark(long passages, int targets, Path data) {
        this.passages = passages;
        this.targets = targets;
        this.data = data;
    }

    /** One analysis of the bench: what was planted for it (empty: timed only) and its queries, each timed, each answering what it found. */
    public record Analysis(String name, Set<String> planted, List<Callable<Set<String>>> queries) {
        static Analysis of(String name, Set<String> planted, Callable<Set<String>> query) {
            return new Analysis(name, planted, List.of(query));
        }
    }

    // ---- the geography ----

    static String camera(int c) {
        return String.format("AN-%03d", c);
    }

    static double townLat(int t) {
        return 51.40 + (t / 7) * 0.35;
    }

    static double townLon(int t) {
        return 3.70 + (t % 7) * 0.30;
    }

    static double lat(int c) {
        if (c < SECTION_CAMERA) return townLat(c / 4) + (c % 4 % 2) * 0.01;
        if (c < PLACE_CAMERA) return townLat((c - SECTION_CAMERA) / 2) + 0.05 + ((c - SECTION_CAMERA) % 2) * 0.0189;
        if (c < BORDER_CAMERA) return townLat((c - PLACE_CAMERA) / 2) - 0.03;
        return townLat(c - BORDER_CAMERA) - 0.06;
    }

    static double lon(int c) {
        if (c < SECTION_CAMERA) return townLon(c / 4) + (c % 4 / 2) * 0.015;
        if (c < PLACE_CAMERA) return townLon((c - SECTION_CAMERA) / 2) + 0.05;
        if (c < BORDER_CAMERA) return townLon((c - PLACE_CAMERA) / 2) - 0.03 + ((c - PLACE_CAMERA) % 2) * 0.0005;
        return townLon(c - BORDER_CAMERA);
    }

    // ---- the population: vehicle ids by kind, one plate each ----

    long roadVehicles() {
        return Math.max(1_000, passages / 20);
    }

    long convoys() {
        return Math.max(5, roadVehicles() / 1000);
    }

    long convoyTarget(long i) {
        return i * (roadVehicles() / convoys());
    }

    /** The follower lives in the target's town (town = vehicle mod TOWNS). */
    long follower(long target) {
        return target + TOWNS;
    }

    long clones() {
        return Math.max(5, roadVehicles() / 1000);
    }

    long cloneVehicle(long i) {
        return roadVehicles() - 1 - i * (roadVehicles() / clones());
    }

    /** Vehicles past the road population: commuters, shoppers, border and section traffic, then the planted kinds. */
    long special(int kind, long i) {
        return roadVehicles() + kind * 100_000L + i;
    }

    static final int COMMUTER = 0, SHOPPER = 1, TWO_PLACES = 2, BORDER_COMMUTER = 3, NIGHT_ONCE = 4, NIGHT_TWICE = 5, SECTION_DRIVER = 6,
            HOPPER = 7, SHUTTLE = 8, SPEEDER = 9;

    static String plate(long vehicle) {
        return SyntheticReads.uniquePlate(vehicle);
    }

    private interface Sink {
        void add(long vehicle, Instant at, int camera) throws Exception;
    }

    /** The ground truth, filled while the passages are generated (and again, without writing, when a fill is reused). */
    private final Set<String> plantedConvoyPairs = new HashSet<>();
    private final Set<String> plantedFollowers = new HashSet<>();
    private final Set<String> plantedClones = new HashSet<>();
    private final Set<String> plantedHoppers = new HashSet<>();
    private final Set<String> plantedShuttles = new HashSet<>();
    private final Set<String> plantedSpeeders = new HashSet<>();
    /** Passages per camera and the distinct vehicles (a clone's plate is its genuine vehicle's), for the statistics. */
    private final long[] passagesPerCamera = new long[CAMERAS];
    private final Set<Long> vehiclesSeen = new HashSet<>();

    /** Generates every passage of the week (exactly {@code passages}), planted ones first, then road traffic to the total. */
    private long generate(Sink sink) throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        long spanMs = Duration.ofDays(DAYS).toMillis();
        long[] written = {0};
        java.util.Arrays.fill(passagesPerCamera, 0);
        vehiclesSeen.clear();
        Sink counted = (v, at, c) -> {
            written[0]++;
            if (at.isBefore(END)) { // a night crossing on the last night may come back after the week the statistics cover
                passagesPerCamera[c]++;
                vehiclesSeen.add(v < 0 ? -1 - v : v);
            }
            sink.add(v, at, c);
        };
        // commuters: each working day into their carpool area at 06:00-07:30 UTC, out 8-10 hours later
        for (int p = 0; p < PLACES; p++)
            for (int i = 0; i < 60; i++) {
                long v = special(COMMUTER, p * 60L + i);
                for (int d = 0; d < 5; d++) {
                    Instant in = START.plus(Duration.ofDays(d)).plusSeconds(6 * 3600 + r.nextInt(5400));
                    counted.add(v, in, PLACE_CAMERA + 2 * p);
                    counted.add(v, in.plusSeconds(8 * 3600 + r.nextInt(7200)), PLACE_CAMERA + 2 * p + 1);
                }
            }
        // shoppers at one place for 40-150 minutes; others at two places with short stays (two is not three)
        for (int p = 0; p < PLACES; p++) {
            for (int i = 0; i < 200; i++) {
                Instant in = START.plusMillis(r.nextLong(spanMs - 4 * 3_600_000L));
                long v = special(SHOPPER, p * 200L + i);
                counted.add(v, in, PLACE_CAMERA + 2 * p);
                counted.add(v, in.plusSeconds(2400 + r.nextInt(6600)), PLACE_CAMERA + 2 * p + 1);
            }
            if (p % 7 == 6) continue; // the next place is in the same row of towns
            for (int i = 0; i < 30; i++) {
                Instant in = START.plusMillis(r.nextLong(spanMs - 4 * 3_600_000L));
                long v = special(TWO_PLACES, p * 30L + i);
                for (int k = 0; k < 2; k++) {
                    Instant at = in.plusSeconds(k * 3000L);
                    counted.add(v, at, PLACE_CAMERA + 2 * (p + k));
                    counted.add(v, at.plusSeconds(300 + r.nextInt(900)), PLACE_CAMERA + 2 * (p + k) + 1);
                }
            }
        }
        // border traffic: commuters by day; some cross at night once or twice in the week
        for (int b = 0; b < BORDERS; b++) {
            for (int i = 0; i < 100; i++) {
                long v = special(BORDER_COMMUTER, b * 100L + i);
                for (int d = 0; d < 5; d++) {
                    Instant day = START.plus(Duration.ofDays(d));
                    counted.add(v, day.plusSeconds(6 * 3600 + r.nextInt(7200)), BORDER_CAMERA + b);
                    counted.add(v, day.plusSeconds(15 * 3600 + r.nextInt(7200)), BORDER_CAMERA + b);
                }
            }
            for (int i = 0; i < 70; i++) {
                long v = special(i < 50 ? NIGHT_ONCE : NIGHT_TWICE, b * 100L + i);
                int nights = i < 50 ? 1 : 2;
                int first = r.nextInt(DAYS - 2);
                for (int n = 0; n < nights; n++) {
                    Instant out = START.plus(Duration.ofDays(first + 2L * n)).plusSeconds(21 * 3600 + r.nextInt(5400));
                    counted.add(v, out, BORDER_CAMERA + b);
                    counted.add(v, out.plusSeconds(3600 + r.nextInt(3600)), BORDER_CAMERA + b);
                }
            }
        }
        // section traffic within the limit: 50-80 km/h measured, 47-77 km/h after the OM correction
        for (int s = 0; s < SECTIONS; s++)
            for (int i = 0; i < 300; i++) {
                long v = special(SECTION_DRIVER, s * 300L + i);
                for (int k = 0; k < 2; k++) { // on different days: two journeys at once would pair one's entry with the other's exit
                    Instant in = START.plus(Duration.ofDays(3L * k)).plusMillis(r.nextLong(Duration.ofDays(3).toMillis()));
                    double kmh = 50 + r.nextDouble() * 30;
                    counted.add(v, in, SECTION_CAMERA + 2 * s);
                    counted.add(v, in.plusMillis((long) (SECTION_METRES / (kmh / 3.6) * 1000)), SECTION_CAMERA + 2 * s + 1);
                }
            }
        // planted: speeders at 100-140 km/h measured
        for (int i = 0; i < SPEEDERS; i++) {
            long v = special(SPEEDER, i);
            int s = r.nextInt(SECTIONS);
            Instant in = START.plusMillis(r.nextLong(spanMs - 3_600_000L));
            double kmh = 100 + r.nextDouble() * 40;
            counted.add(v, in, SECTION_CAMERA + 2 * s);
            counted.add(v, in.plusMillis((long) (SECTION_METRES / (kmh / 3.6) * 1000)), SECTION_CAMERA + 2 * s + 1);
            plantedSpeeders.add(plate(v));
        }
        // planted: hoppers, 3 or 4 places along a row of towns (21 km apart), stays of 5-20 minutes, 20-35 minutes between
        int[] starts = {0, 1, 2, 3, 7, 8, 9, 10};
        for (int i = 0; i < HOPPERS; i++) {
            long v = special(HOPPER, i);
            int p = starts[r.nextInt(starts.length)];
            Instant at = START.plusMillis(r.nextLong(spanMs - 6 * 3_600_000L));
            for (int k = 0; k < 3 + i % 2; k++) {
                counted.add(v, at, PLACE_CAMERA + 2 * (p + k));
                at = at.plusSeconds(300 + r.nextInt(900));
                counted.add(v, at, PLACE_CAMERA + 2 * (p + k) + 1);
                at = at.plusSeconds(1200 + r.nextInt(900));
            }
            plantedHoppers.add(plate(v));
        }
        // planted: border shuttles, out at 22:00-23:30 UTC, back 1-2.5 hours later over the next crossing, 4 nights of 6
        int[] crossings = {0, 1, 2, 3, 4, 5, 7, 8};
        for (int i = 0; i < SHUTTLES; i++) {
            long v = special(SHUTTLE, i);
            int b = crossings[r.nextInt(crossings.length)];
            List<Integer> nights = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
            for (int n = 0; n < 4; n++) {
                int night = nights.remove(r.nextInt(nights.size()));
                Instant out = START.plus(Duration.ofDays(night)).plusSeconds(22 * 3600 + r.nextInt(5400));
                counted.add(v, out, BORDER_CAMERA + b);
                counted.add(v, out.plusSeconds(3600 + r.nextInt(5400)), BORDER_CAMERA + b + 1);
            }
            plantedShuttles.add(plate(v));
        }
        // planted: convoys through all 4 cameras of the target's town, 3 minutes apart, the follower 20-60 s behind
        for (long i = 0; i < convoys(); i++) {
            long target = convoyTarget(i);
            long follower = follower(target);
            int home = (int) (target % TOWNS) * 4;
            // each convoy in its own slot of the week: two convoys in one town at the same minutes would travel together
            long slot = (spanMs - 3_600_000L) / convoys();
            Instant trip = START.plusMillis(i * slot + r.nextLong(Math.max(1, slot - 900_000L)));
            for (int k = 0; k < 4; k++) {
                Instant at = trip.plusSeconds(180L * k);
                counted.add(target, at, home + k);
                counted.add(follower, at.plusSeconds(20 + r.nextInt(40)), home + k);
            }
            plantedFollowers.add(plate(target) + ">" + plate(follower));
            plantedConvoyPairs.add(pair(plate(target), plate(follower)));
        }
        // planted: clones, two sightings each of the genuine vehicle at home and its double 78 km or more away
        for (long i = 0; i < clones(); i++) {
            long v = cloneVehicle(i);
            int town = (int) (v % TOWNS);
            int far = (town + 17) % TOWNS;
            for (int k = 0; k < 2; k++) {
                Instant genuine = START.plusMillis(r.nextLong(spanMs - 3_600_000L));
                counted.add(v, genuine, town * 4 + usual(v, 0));
                counted.add(-1 - v, genuine.plusSeconds(180 + r.nextInt(540)), far * 4 + r.nextInt(4));
            }
            plantedClones.add(plate(v));
        }
        // clean road traffic to the total: each vehicle at its 2 usual cameras of its home town
        while (written[0] < passages) {
            long v = r.nextLong(roadVehicles());
            counted.add(v, START.plusMillis(r.nextLong(spanMs)), (int) (v % TOWNS) * 4 + usual(v, r.nextInt(2)));
        }
        return written[0];
    }

    /** A road vehicle's two usual cameras (of its town's 4). */
    static int usual(long v, int which) {
        int first = (int) (v % 4);
        return which == 0 ? first : (first + 1 + (int) (v / 4 % 3)) % 4;
    }

    static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "+" + b : b + "+" + a;
    }

    // ---- the run ----

    public int run(PrintStream out) throws Exception {
        try (Database db = Database.embedded(data, 4).migrate()) {
            long fillSeconds = -1;
            if (!fillOf(db).equals(FILL + passages)) {
                out.printf("filling %,d passages over %d days at %d cameras (COPY, indexes built after)...%n", passages, DAYS, CAMERAS);
                long t0 = System.nanoTime();
                fill(db);
                fillSeconds = (System.nanoTime() - t0) / 1_000_000_000L;
            } else {
                out.printf("reusing the existing fill in %s%n", data);
                generate((v, at, c) -> { });
            }
            long total = IngestBenchmark.count(db.dataSource(), "select count(*) from passage");
            List<Analysis> analyses = analyses(db);
            out.println(MachineInfo.describe());
            out.printf(Locale.ROOT, "bench analysis: %,d passages over %d days (from %s), %d cameras, %,d road vehicles%s, embedded PostgreSQL%n",
                    total, DAYS, START, CAMERAS, roadVehicles(), fillSeconds < 0 ? "" : String.format(Locale.ROOT, ", filled in %d s (%,.0f rows/s)",
                            fillSeconds, total / (double) Math.max(1, fillSeconds)));
            out.printf(Locale.ROOT, "planted: %,d convoys, %,d clones, %d speeders, %d hoppers, %d border shuttles%n",
                    convoys(), clones(), SPEEDERS, HOPPERS, SHUTTLES);
            // what the maintenance thread does every hour after the purge; the statistics then read the roll-up
            TrafficRollup.Result rolled = new TrafficRollup(db.dataSource(), java.time.Clock.systemUTC()).refresh(true);
            out.printf(Locale.ROOT, "statistics roll-up (full refresh, as maintenance runs it): %,d hours changed, %,d local days rolled up, %,d ms%n",
                    rolled.hoursChanged(), rolled.daysRolled(), rolled.millis());
            boolean good = true;
            for (Analysis a : analyses) {
                long[] nanos = new long[a.queries().size()];
                Set<String> found = new HashSet<>();
                for (int i = 0; i < nanos.length; i++) {
                    long t0 = System.nanoTime();
                    found.addAll(a.queries().get(i).call());
                    nanos[i] = System.nanoTime() - t0;
                }
                String score = "";
                if (!a.planted().isEmpty()) {
                    long tp = found.stream().filter(a.planted()::contains).count();
                    double precision = found.isEmpty() ? 1 : tp / (double) found.size();
                    double recall = tp / (double) a.planted().size();
                    good &= precision >= 0.95 && recall >= 0.95;
                    score = String.format(Locale.ROOT, "; precision %.3f, recall %.3f (planted %,d, found %,d, of them planted %,d)",
                            precision, recall, a.planted().size(), found.size(), tp);
                }
                out.printf(Locale.ROOT, "%s: %,d %s, %s%s%n", a.name(), nanos.length, nanos.length == 1 ? "query" : "queries",
                        nanos.length == 1 ? String.format(Locale.ROOT, "%.1f ms", nanos[0] / 1e6) : Percentiles.of(nanos), score);
            }
            return good ? 0 : 1;
        }
    }

    /** The analyses, each one line: add a stakeout or a partial-plate search here. */
    private List<Analysis> analyses(Database db) {
        Instant from = START;
        Instant to = START.plus(Duration.ofDays(DAYS));
        Visibility all = Visibility.everything();
        PassageSearch search = new PassageSearch(db.dataSource());
        ConvoyStore convoys = new ConvoyStore(db.dataSource());
        Convoy convoy = new Convoy(CONVOY_WINDOW, CONVOY_CAMERAS);
        ProfileStore profiles = new ProfileStore(db.dataSource());
        SectionStore sections = new SectionStore(db.dataSource());
        List<Analysis> list = new ArrayList<>();
        // what ConvoyRoutes does for a target, without HTTP: its passages, the other plates near them, Convoy.rank
        java.util.function.Function<String, Set<String>> companions = target -> {
            List<Sighting> seen = search.search(new PassageQuery(target, false, null, from, to, 2_000, null, true, VehicleDescription.NONE), all)
                    .passages().stream().map(p -> new Sighting(p.id(), p.time(), p.camera(), p.lat(), p.lon())).toList();
            Set<String> found = new HashSet<>();
            convoy.rank(seen, convoys.nearby(target, seen, convoy.window(), all)).forEach(c -> found.add(target + ">" + c.plate()));
            return found;
        };
        List<Callable<Set<String>>> targeted = new ArrayList<>();
        Set<String> followers = new HashSet<>();
        for (long i = 0; i < Math.min(convoys(), targets); i++) {
            String target = plate(convoyTarget(i));
            followers.add(target + ">" + plate(follower(convoyTarget(i))));
            targeted.add(() -> companions.apply(target));
        }
        List<Callable<Set<String>>> cold = new ArrayList<>();
        SplittableRandom pick = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            String plate = plate(pick.nextLong(roadVehicles()));
            cold.add(() -> {
                companions.apply(plate);
                return Set.of();
            });
        }
        list.add(new Analysis("targeted convoy of 20 clean plates first, cold caches (timed only)", Set.of(), cold));
        list.add(new Analysis("targeted convoy, 7 days, window 120 s, at least 3 cameras (store + core)", followers, targeted));
        list.add(Analysis.of("untargeted convoy (every pair), 7 days, window 120 s, at least 3 cameras", plantedConvoyPairs, () -> {
            Set<String> found = new HashSet<>();
            convoys.pairs(from, to, convoy, all, ConvoyStore.MAX_PAIR_PASSAGES).pairs().forEach(p -> found.add(pair(p.first(), p.second())));
            return found;
        }));
        list.add(Analysis.of("clone check after the fact, every plate, 7 days", plantedClones, () -> {
            Set<String> found = new HashSet<>();
            new CloneStore(db.dataSource()).check(null, from, to, all, CloneCheck.DEFAULT, 1_000_000).suspects().forEach(s -> found.add(s.plate()));
            return found;
        }));
        list.add(Analysis.of("section speed violations after the fact, " + SECTIONS + " sections, 7 days", plantedSpeeders, () -> {
            Set<String> found = new HashSet<>();
            for (int s = 0; s < SECTIONS; s++) {
                Section section = new Section(s, "bench", "section " + s, camera(SECTION_CAMERA + 2 * s), camera(SECTION_CAMERA + 2 * s + 1),
                        SECTION_METRES, SECTION_LIMIT, 0, "bench", START);
                sections.violationsAfterTheFact(section, from, to, all).forEach(m -> found.add(m.plate()));
            }
            return found;
        }));
        PatternRule hopper = new DistinctPlaces(Set.of("carpool", "parking"), 3, Duration.ofHours(4), Duration.ofMinutes(30), null);
        list.add(Analysis.of("hopper profile (3 places in 4 h, stays under 30 min), 7 days", plantedHoppers,
                () -> candidates(profiles.run(hopper, from, to, all, ZONE))));
        PatternRule shuttle = new RepeatedNights(Set.of("border"), new LocalHours(LocalTime.of(22, 0), LocalTime.of(6, 0)), 3, 7, 2, 1);
        list.add(Analysis.of("border shuttle profile (3 nights a week, out and back), 7 days", plantedShuttles,
                () -> candidates(profiles.run(shuttle, from, to, all, ZONE))));
        // Witness statements: timed (their answers are every vehicle there or every plate that fits, not a planted kind);
        // each must find the vehicle it was asked about, or the run fails.
        StakeoutSearch stakeouts = new StakeoutSearch(db.dataSource(), new CameraRegistry(db.dataSource()));
        List<Callable<Set<String>>> areas = new ArrayList<>();
        List<Callable<Set<String>>> partial = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int town = i * 3;
            long asked = convoyTarget(i % convoys()); // a planted convoy's target: it drives every day
            Instant at = START.plus(Duration.ofDays(i % DAYS)).plus(Duration.ofHours(7 + i));
            Area circle = new Area.Circle(townLat(town) + 0.005, townLon(town) + 0.0075, 1_500);
            areas.add(() -> {
                StakeoutSearch.Result r = stakeouts.run(List.of(new StakeoutSearch.Scene("town " + town, circle, at, at.plus(Duration.ofHours(2)))),
                        1, Duration.ZERO, all);
                if (r.vehicles().isEmpty()) throw new IllegalStateException("the stakeout of town " + town + " found no vehicle");
                return Set.of();
            });
            String target = plate(asked);
            // one unknown character: on a dense synthetic plate space two would fit more plates than the route answers
            String pattern = target.substring(0, 2) + "?" + target.substring(3);
            partial.add(() -> {
                boolean found = search.plates(new PassageQuery(pattern, false, null, from, to, PARTIAL_PLATES, null, true,
                        VehicleDescription.NONE), all, PARTIAL_PLATES + 1).stream().anyMatch(p -> p.plate().equals(target));
                if (!found) throw new IllegalStateException("the partial plate " + pattern + " did not find " + target);
                return Set.of();
            });
        }
        list.add(new Analysis("stakeout of one area (circle of 1.5 km around a town's cameras), 2 hours (timed only)", Set.of(), areas));
        list.add(new Analysis("partial plate (one unknown character), 7 days (timed only)", Set.of(), partial));
        statistics(db, list);
        return list;
    }

    /**
     * The traffic statistics over the whole week: each timed; passages per camera (per hour and per day, summed) and
     * the distinct vehicles scored against what the fill wrote ("camera=count", "vehicles=n"). The origin-destination
     * matrix runs over four groups that cover every camera (towns, sections, places, borders): every passage is sorted.
     */
    private void statistics(Database db, List<Analysis> list) {
        Instant from = START;
        Instant to = START.plus(Duration.ofDays(DAYS));
        Visibility all = Visibility.everything();
        TrafficStatistics statistics = new TrafficStatistics(db.dataSource());
        Set<String> perCamera = new HashSet<>();
        for (int c = 0; c < CAMERAS; c++) if (passagesPerCamera[c] > 0) perCamera.add(camera(c) + "=" + passagesPerCamera[c]);
        // each answer from the roll-up is kept, and checked below against the same statistic computed from the passages
        java.util.Map<String, Object> answers = new java.util.HashMap<>();
        list.add(Analysis.of("statistics: passages per camera per hour, 7 days (per camera summed against the fill)", perCamera, () -> {
            java.util.Map<String, Long> sum = new java.util.TreeMap<>();
            List<TrafficStatistics.HourCount> hours = statistics.perHour(from, to, ZONE, all);
            answers.put("hours", hours);
            hours.forEach(h -> sum.merge(h.camera(), h.passages(), Long::sum));
            Set<String> found = new HashSet<>();
            sum.forEach((camera, n) -> found.add(camera + "=" + n));
            return found;
        }));
        list.add(Analysis.of("statistics: passages and vehicles per camera per day, 7 days (per camera summed against the fill)", perCamera, () -> {
            java.util.Map<String, Long> sum = new java.util.TreeMap<>();
            List<TrafficStatistics.DayCount> days = statistics.perDay(from, to, ZONE, all);
            answers.put("days", days);
            days.forEach(d -> sum.merge(d.camera(), d.passages(), Long::sum));
            Set<String> found = new HashSet<>();
            sum.forEach((camera, n) -> found.add(camera + "=" + n));
            return found;
        }));
        list.add(Analysis.of("statistics: distinct vehicles and foreign share per camera and in all, 7 days (vehicles against the fill)",
                Set.of("vehicles=" + vehiclesSeen.size()), () -> {
                    Set<String> found = new HashSet<>();
                    List<TrafficStatistics.Vehicles> vehicles = statistics.vehicles(from, to, ZONE, "NL", all);
                    answers.put("vehicles", vehicles);
                    vehicles.stream().filter(v -> v.camera() == null).forEach(v -> found.add("vehicles=" + v.vehicles()));
                    return found;
                }));
        list.add(Analysis.of("statistics: repeat visitors per camera (2 or more days), 7 days (timed only)", Set.of(), () -> {
            answers.put("repeat", statistics.repeat(from, to, ZONE, new TrafficStatistics.RepeatRule(true, 2), true, null, all));
            return Set.of();
        }));
        // a window that starts and ends mid-day: its two part days are read from the passages, the rest from the roll-up
        Instant partFrom = from.plus(Duration.ofHours(6)).plusSeconds(17);
        Instant partTo = to.minus(Duration.ofHours(5)).plusSeconds(23);
        list.add(Analysis.of("statistics: distinct vehicles per camera and in all, 6.5 days from and to mid-day (timed only)", Set.of(), () -> {
            answers.put("vehicles part days", statistics.vehicles(partFrom, partTo, ZONE, "NL", all));
            return Set.of();
        }));
        // the same statistics without the roll-up, as they were computed before it: timed, and each equal to its answer above
        TrafficStatistics direct = TrafficStatistics.direct(db.dataSource());
        java.util.Map<String, Callable<Object>> directly = new java.util.LinkedHashMap<>();
        directly.put("hours", () -> direct.perHour(from, to, ZONE, all));
        directly.put("days", () -> direct.perDay(from, to, ZONE, all));
        directly.put("vehicles", () -> direct.vehicles(from, to, ZONE, "NL", all));
        directly.put("repeat", () -> direct.repeat(from, to, ZONE, new TrafficStatistics.RepeatRule(true, 2), true, null, all));
        directly.put("vehicles part days", () -> direct.vehicles(partFrom, partTo, ZONE, "NL", all));
        directly.forEach((kind, query) -> list.add(Analysis.of("statistics without the roll-up (from the passages): " + kind
                + " (the same answer as from the roll-up)", Set.of("equal"), () -> {
            Object answer = query.call();
            return Set.of(answer.equals(answers.get(kind)) ? "equal" : "differs");
        })));
        java.util.Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
        groups.put("towns", cameras(0, SECTION_CAMERA));
        groups.put("sections", cameras(SECTION_CAMERA, PLACE_CAMERA));
        groups.put("places", cameras(PLACE_CAMERA, BORDER_CAMERA));
        groups.put("borders", cameras(BORDER_CAMERA, CAMERAS));
        list.add(Analysis.of("statistics: origin-destination between 4 camera groups of every camera, max gap 2 h, 7 days (timed only)", Set.of(), () -> {
            statistics.originDestination(from, to, groups, Duration.ofHours(2), all);
            return Set.of();
        }));
    }

    private static List<String> cameras(int first, int end) {
        List<String> ids = new ArrayList<>();
        for (int c = first; c < end; c++) ids.add(camera(c));
        return ids;
    }

    private static Set<String> candidates(ProfileStore.Run run) {
        Set<String> found = new HashSet<>();
        run.candidates().forEach(c -> found.add(c.plate()));
        return found;
    }

    // ---- the fill ----

    private void fill(Database db) throws Exception {
        LocalDate first = LocalDate.ofInstant(START, ZoneOffset.UTC);
        new Partitions(db.dataSource()).ensureRange(first.minusDays(1), first.plusDays(DAYS + 1));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate passage");
            st.execute("insert into organisation (code, name) values ('bench', 'Bench') on conflict do nothing");
            try (PreparedStatement ps = c.prepareStatement("insert into camera (id, name, type, lat, lon, organisation, status)"
                    + " values (?, ?, 'FIXED', ?, ?, 'bench', 'ACTIVE') on conflict (id) do nothing");
                 PreparedStatement place = c.prepareStatement("insert into camera_place (camera_id, place, tags) values (?, ?, ?)"
                         + " on conflict (camera_id) do update set place = excluded.place, tags = excluded.tags")) {
                for (int cam = 0; cam < CAMERAS; cam++) {
                    ps.setString(1, camera(cam));
                    ps.setString(2, "bench camera " + cam);
                    ps.setDouble(3, lat(cam));
                    ps.setDouble(4, lon(cam));
                    ps.addBatch();
                }
                ps.executeBatch();
                for (int cam = PLACE_CAMERA; cam < CAMERAS; cam++) {
                    boolean border = cam >= BORDER_CAMERA;
                    int n = border ? cam - BORDER_CAMERA : (cam - PLACE_CAMERA) / 2;
                    place.setString(1, camera(cam));
                    place.setString(2, border ? "border crossing " + n : "carpool area " + n);
                    place.setArray(3, c.createArrayOf("text", new String[]{border ? "border" : n % 3 == 0 ? "parking" : "carpool"}));
                    place.addBatch();
                }
                place.executeBatch();
            }
        }
        long t0 = System.nanoTime();
        try (PassageCopy copy = new PassageCopy(db.dataSource(), true)) {
            generate((v, at, cam) -> {
                // a negative vehicle is the clone of vehicle -1 - v: same plate, another make and colour
                long real = v < 0 ? -1 - v : v;
                int look = v < 0 ? 1 : 0;
                copy.add(plate(real), at, camera(cam), lat(cam), lon(cam), MAKES[(int) ((real + look) % MAKES.length)],
                        COLOURS[(int) ((real / 7 + look) % COLOURS.length)]);
                if (copy.written() % 1_000_000 == 0)
                    System.out.printf("  %,d rows, %.0f rows/s%n", copy.written(), copy.written() / ((System.nanoTime() - t0) / 1e9));
            });
            System.out.printf("  building the indexes again after %.0f s...%n", (System.nanoTime() - t0) / 1e9);
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("comment on table passage is '" + FILL + passages + "'");
        }
    }

    /** What the passage table holds, as the fill labelled it: a fill of another N or of an older generator is not reused. */
    static final String FILL = "bench analysis fill v2: ";

    private static String fillOf(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement()
                .executeQuery("select coalesce(obj_description('passage'::regclass, 'pg_class'), '')")) {
            rs.next();
            return rs.getString(1);
        }
    }

}
