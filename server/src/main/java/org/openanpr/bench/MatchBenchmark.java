package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.http.ApiClient;
import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReadMatch;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.plate.Country;
import org.openanpr.plate.InvalidPlateException;
import org.openanpr.plate.Plates;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reference-list matching as ingest does it: the server's {@link Matcher}, with its lists imported over HTTP into an
 * embedded database and switched on as in the field, is asked about each read on one thread. N synthetic entries:
 * most on an exact list switched on for the whole region, a share on a fuzzy list switched on for a camera group, a
 * few hundred of them wildcard patterns, and a small list with conditions (direction and area) on single cameras.
 * Reads come as in the field: about one in a hundred is on a list, the rest are traffic that hits nothing. All reads
 * are generated before the clock starts.
 *
 * <p>It counts reads matched per second (every read, hit or not, through {@link Matcher#match}) and, apart from it,
 * the matches found; a read may find several.
 */
public final class MatchBenchmark {
    private static final long EXACT_LIST = 1;
    private static final long FUZZY_LIST = 2;
    private static final int WILDCARDS = 300;
    private static final int CONDITIONAL = 1000;
    private static final int CAMERAS = 20;
    /** Letters of Dutch plates since 1951: no vowels, and neither C, Q, W, M nor Y. */
    private static final String NL_LETTERS = "BDFGHJKLNPRSTVXZ";
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String CONFUSIONS = "0ODQ 1IL 2Z 5S 8B 6G";

    private final int entries;
    private final int reads;
    private final int fuzzyPercent;
    private final Path data;

    public MatchBenchmark(int entries, int reads, int fuzzyPercent, Path data) {
        this.entries = entries;
        this.reads = reads;
        this.fuzzyPercent = fuzzyPercent;
        this.data = data;
    }

    /** One read as ingest hands it to the matcher. */
    private record Read(String camera, String plate, String country, Instant at, Double lat, Double lon) {
    }

    public int run(PrintStream out) throws Exception {
        IngestBenchmark.wipe(data);
        String token = Tokens.generate("bench");
        Instant now = Instant.now();
        List<ListEntry> listed = entries(new SplittableRandom(42));
        try (Database db = Database.embedded(data, 8).migrate();
             OpenAnprServer server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(token))) {
            List<Camera> cameras = SyntheticReads.cameras(CAMERAS, "bench");
            server.cameras().saveAll(cameras);
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), token);
            long t0 = System.nanoTime();
            Map<Long, Long> listIds = setUpLists(api, listed, cameras);
            double setUpSeconds = (System.nanoTime() - t0) / 1e9;
            Matcher matcher = server.matcher();

            long onFuzzy = listed.stream().filter(e -> e.listId() == FUZZY_LIST).count();
            long patterns = listed.stream().filter(ListEntry::hasWildcards).count();
            List<ListEntry> exactPlain = listed.stream().filter(e -> !e.hasWildcards() && e.listId() == EXACT_LIST).toList();
            List<ListEntry> fuzzyPlain = listed.stream().filter(e -> !e.hasWildcards() && e.listId() == FUZZY_LIST).toList();
            SplittableRandom r = new SplittableRandom(7);
            // exact: any camera (the fuzzy list is on for half of them); fuzzy: the cameras of the fuzzy list's group
            Read[] exactReads = new Read[reads];
            for (int i = 0; i < reads; i++) {
                ListEntry entry = exactPlain.get(r.nextInt(exactPlain.size()));
                Plate plate = r.nextInt(100) == 0 ? new Plate(entry.plate(), entry.country()) : plate(r);
                exactReads[i] = read(cameras.get(r.nextInt(CAMERAS)), plate, r, now);
            }
            Read[] fuzzyReads = new Read[reads];
            for (int i = 0; i < reads; i++) {
                Plate plate = r.nextInt(100) == 0 && !fuzzyPlain.isEmpty()
                        ? misread(fuzzyPlain.get(r.nextInt(fuzzyPlain.size())), r) : plate(r);
                fuzzyReads[i] = read(cameras.get(r.nextInt(CAMERAS / 2)), plate, r, now);
            }

            out.println(MachineInfo.describe());
            long held = listIds.values().stream().mapToLong(matcher::entryCount).sum();
            out.printf(Locale.ROOT, "bench match: the server's matcher, one thread; %,d entries held (of %,d generated: %,d on an exact list on for the region,"
                    + " %,d on a fuzzy list on for a group of %d cameras; %d wildcard patterns; %d on a list with direction and area"
                    + " conditions on single cameras; a plate generated twice on one list is imported once), imported and switched on over HTTP in %.1f s%n",
                    held, listed.size() + CONDITIONAL, listed.size() - onFuzzy, onFuzzy, CAMERAS / 2, patterns, CONDITIONAL,
                    setUpSeconds);
            Run exact = time(matcher, exactReads);
            out.printf(Locale.ROOT, "exact: %,d reads (1%% copies of exact-list plates) at any camera: %,d reads hit, matches found:"
                    + " %,d exact, %,d wildcard, %,d fuzzy; %.2f s, %,.0f reads matched/s%n", reads, exact.hits,
                    exact.exact, exact.wildcard, exact.fuzzy, exact.seconds, exact.rate());
            Run fuzzy = time(matcher, fuzzyReads);
            out.printf(Locale.ROOT, "fuzzy: %,d reads (1%% misreads of fuzzy-list plates) at the fuzzy list's cameras: %,d reads hit,"
                    + " matches found: %,d exact, %,d wildcard, %,d fuzzy; %.2f s, %,.0f reads matched/s%n", reads, fuzzy.hits,
                    fuzzy.exact, fuzzy.wildcard, fuzzy.fuzzy, fuzzy.seconds, fuzzy.rate());
            out.printf(Locale.ROOT, "fuzzy reads matched/s: %.0f%n", fuzzy.rate());
            out.printf(Locale.ROOT, "exact reads matched/s: %.0f%n", exact.rate());
            if (listIds.size() != 3) return 1;
            return exact.hits > 0 && fuzzy.fuzzy > 0 ? 0 : 1;
        }
    }

    /** Lists over HTTP as a list manager makes them; returns the benchmark's list numbers to the server's ids. */
    private Map<Long, Long> setUpLists(ApiClient api, List<ListEntry> listed, List<Camera> cameras) throws Exception {
        Map<Long, Long> ids = new java.util.HashMap<>();
        ids.put(EXACT_LIST, list(api, "bench exact", false, 1, ""));
        ids.put(FUZZY_LIST, list(api, "bench fuzzy", true, 0, ""));
        StringBuilder area = new StringBuilder("[");
        for (double[] p : new double[][] {{51.9, 4.9}, {51.9, 5.4}, {52.4, 5.4}, {52.4, 4.9}})
            area.append(area.length() > 1 ? "," : "").append("[").append(p[0]).append(",").append(p[1]).append("]");
        long conditional = list(api, "bench conditional", false, 2,
                ",\"conditions\":{\"directions\":[\"north\"],\"area\":" + area + "]}");
        ids.put(3L, conditional);
        for (long list : List.of(EXACT_LIST, FUZZY_LIST)) {
            StringBuilder csv = new StringBuilder(listed.size() * 12).append("plate,country\n");
            java.util.Set<String> seen = new java.util.HashSet<>(); // an import refuses a plate twice
            for (ListEntry e : listed)
                if (e.listId() == list && seen.add(e.plate() + "/" + e.country())) csv.append(e.plate()).append(',').append(e.country() == null ? "" : e.country().code()).append('\n');
            api.post("/api/v1/lists/" + ids.get(list) + "/entries", "text/csv", csv.toString());
        }
        StringBuilder csv = new StringBuilder("plate,country\n");
        SplittableRandom r = new SplittableRandom(3);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (seen.size() < CONDITIONAL) {
            String plate = plate(r).text();
            if (seen.add(plate)) csv.append(plate).append(",\n");
        }
        api.post("/api/v1/lists/" + conditional + "/entries", "text/csv", csv.toString());

        api.post("/api/v1/lists/" + ids.get(EXACT_LIST) + "/activations", "application/json", "{\"scope\":\"REGION\",\"target\":\"bench\"}");
        StringBuilder members = new StringBuilder();
        for (Camera c : cameras.subList(0, CAMERAS / 2)) members.append(members.isEmpty() ? "" : ",").append('"').append(c.id()).append('"');
        api.put("/api/v1/camera-groups/BENCH-FUZZY", "application/json", "{\"name\":\"bench fuzzy\",\"organisation\":\"bench\",\"cameras\":[" + members + "]}");
        api.post("/api/v1/lists/" + ids.get(FUZZY_LIST) + "/activations", "application/json", "{\"scope\":\"GROUP\",\"target\":\"BENCH-FUZZY\"}");
        for (Camera c : cameras.subList(0, 5))
            api.post("/api/v1/lists/" + conditional + "/activations", "application/json",
                    "{\"scope\":\"CAMERA\",\"target\":\"" + c.id() + "\"}");
        return ids;
    }

    private static long list(ApiClient api, String name, boolean fuzzy, int priority, String more) throws Exception {
        return api.post("/api/v1/lists", "application/json", """
                {"name":"%s","category":"STOLEN_VEHICLE","purpose":"bench","legalBasis":"Politiewet art. 3",
                 "organisation":"bench","source":"bench","fuzzy":%s,"priority":%d%s}""".formatted(name, fuzzy, priority, more))
                .path("id").asLong();
    }

    private record Run(int reads, double seconds, long hits, long exact, long fuzzy, long wildcard) {
        double rate() {
            return reads / seconds;
        }
    }

    /** One untimed pass to let the JIT compile the matching path, then one timed pass. */
    private static Run time(Matcher matcher, Read[] reads) {
        pass(matcher, reads);
        long t0 = System.nanoTime();
        long[] counts = pass(matcher, reads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(reads.length, seconds, counts[0], counts[1], counts[2], counts[3]);
    }

    /** Reads that hit; exact, fuzzy and wildcard matches found. */
    private static long[] pass(Matcher matcher, Read[] reads) {
        long hits = 0;
        long exact = 0;
        long fuzzy = 0;
        long wildcard = 0;
        for (Read read : reads) {
            ReadMatch m = matcher.match(read.camera(), read.plate(), read.country(), read.at(), read.lat(), read.lon());
            if (!m.hits().isEmpty()) {
                hits++;
                for (Candidate c : m.hits()) {
                    switch (c.kind()) {
                        case EXACT -> exact++;
                        case FUZZY -> fuzzy++;
                        case WILDCARD -> wildcard++;
                    }
                }
            }
        }
        return new long[] {hits, exact, fuzzy, wildcard};
    }

    /** At the camera's position, most with the country told. */
    private static Read read(Camera camera, Plate plate, SplittableRandom r, Instant now) {
        return new Read(camera.id(), plate.text(), r.nextInt(20) == 0 || plate.country() == null ? null : plate.country().code(),
                now, null, null);
    }

    private List<ListEntry> entries(SplittableRandom r) {
        List<ListEntry> list = new ArrayList<>(entries);
        int wildcards = Math.min(WILDCARDS, entries / 10);
        for (int i = 0; i < entries; i++) {
            Plate plate = plate(r);
            String text = plate.text();
            if (i < wildcards) {
                // one or two unknown characters in a six-character plate, as a witness remembers it
                while (text.length() < 6) text = plate(r).text();
                char[] c = text.toCharArray();
                c[r.nextInt(c.length)] = ListEntry.WILDCARD;
                if (r.nextBoolean()) c[r.nextInt(c.length)] = ListEntry.WILDCARD;
                text = new String(c);
            }
            long listId = r.nextInt(100) < fuzzyPercent ? FUZZY_LIST : EXACT_LIST;
            Country country = r.nextInt(10) == 0 ? null : plate.country();
            list.add(ListEntry.of(i, listId, text, country, null, null));
        }
        return list;
    }

    private record Plate(String text, Country country) {
    }

    /** Dutch sidecodes 4-11 for most plates, some Belgian and German ones. */
    private static Plate plate(SplittableRandom r) {
        int kind = r.nextInt(100);
        StringBuilder sb = new StringBuilder(8);
        if (kind < 85) {
            String shape = switch (r.nextInt(8)) {
                case 0 -> "LL99LL";
                case 1 -> "LLLL99";
                case 2 -> "99LLLL";
                case 3 -> "99LLL9";
                case 4 -> "9LLL99";
                case 5 -> "LL999L";
                case 6 -> "L999LL";
                default -> "LLL99L";
            };
            for (char s : shape.toCharArray())
                sb.append(s == 'L' ? NL_LETTERS.charAt(r.nextInt(NL_LETTERS.length())) : (char) ('0' + r.nextInt(10)));
            return new Plate(sb.toString(), Country.NL);
        }
        if (kind < 93) { // Belgium since 2010: 1-ABC-123
            sb.append(r.nextInt(1, 10));
            for (int i = 0; i < 3; i++) sb.append(LETTERS.charAt(r.nextInt(26)));
            for (int i = 0; i < 3; i++) sb.append(r.nextInt(10));
            return new Plate(sb.toString(), Country.BE);
        }
        // Germany: a district of one to three letters, one or two letters, one to four digits; eight at most
        for (int i = 0, n = r.nextInt(1, 4) + r.nextInt(1, 3); i < n; i++) sb.append(LETTERS.charAt(r.nextInt(26)));
        sb.append(r.nextInt(1, 10));
        for (int i = 0, n = r.nextInt(0, Math.min(3, 8 - sb.length()) + 1); i < n; i++) sb.append(r.nextInt(10));
        return new Plate(sb.toString(), Country.DE);
    }

    /** The plate as a reader might get it wrong: a confused character, or one character dropped, added or wrong. */
    private static Plate misread(ListEntry entry, SplittableRandom r) {
        String plate = entry.plate();
        while (true) {
            StringBuilder sb = new StringBuilder(plate);
            int at = r.nextInt(plate.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, NL_LETTERS.charAt(r.nextInt(NL_LETTERS.length())));
                case 2 -> sb.setCharAt(at, (char) ('0' + r.nextInt(10)));
                default -> {
                    for (String group : CONFUSIONS.split(" "))
                        if (group.indexOf(plate.charAt(at)) >= 0) sb.setCharAt(at, group.charAt(r.nextInt(group.length())));
                }
            }
            String text = sb.toString();
            try {
                if (Plates.normalise(text).equals(text)) return new Plate(text, entry.country());
            } catch (InvalidPlateException e) {
                // too short, too long, or a run of one letter: misread it another way
            }
        }
    }
}
