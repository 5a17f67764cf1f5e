package org.openanpr.bench;

import org.openanpr.access.Tokens;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.db.Database;
import org.openanpr.hotlist.ListEntry;
import org.openanpr.http.Json;
import org.openanpr.passage.ApprovalThreshold;
import org.openanpr.passage.PassageQuery;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.Partitions;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Query latency on a realistic fill: N passages spread over 28 day partitions, 20 cameras, a vehicle population
 * of N/25 so that a plate has about 25 passages in 28 days. The fill is kept and reused when N matches. Plate history
 * and camera windows are timed on the store; fuzzy and wildcard searches over the last 7 days on the store and
 * through the HTTP API, where authorisation, the audit record and JSON are part of every answer.
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
            long have = count(db, null);
            if (have != passages) {
                out.printf("filling %,d passages over %d daily partitions (have %,d)...%n", passages, DAYS, have);
                fill(db, end);
            } else {
                out.printf("reusing the existing fill of %,d passages in %s%n", have, data);
            }
            PassageSearch search = new PassageSearch(db.dataSource());
            Instant newest = newest(db);
            // The fuzzy and wildcard searches look at the fill's last 7 days, the longest an analyst may search
            // unapproved; the fill ends at the start of the day after its newest passage.
            Instant weekTo = newest.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            Instant weekFrom = weekTo.minus(WEEK);
            long inWeek = count(db, weekFrom);
            SplittableRandom r = new SplittableRandom(7);
            // warm-up: the first queries load index pages from disk
            for (int i = 0; i < 200; i++) history(search, SyntheticReads.plate(r.nextLong(vehicles())));
            for (int i = 0; i < 50; i++) fuzzyWeek(search, plate(r), weekFrom, weekTo);
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
            int plateQueries = Math.min(queries, 200);
            Timing fuzzyAll = time(plateQueries, i -> search.search(new PassageQuery(plate(r), true, null, null, null,
                    1000, null, true), Visibility.everything()).passages().size());
            Timing fuzzy = time(plateQueries, i -> fuzzyWeek(search, plate(r), weekFrom, weekTo));
            Timing wildcard = time(plateQueries, i -> search.search(new PassageQuery(wildcard(plate(r), i), false, null,
                    weekFrom, weekTo, 1000, null, true), Visibility.everything()).passages().size());
            long total = count(db);
            Timing httpFuzzy;
            Timing httpWildcard;
            long audited;
            try (Http http = new Http(db, weekTo)) {
                for (int i = 0; i < 20; i++) http.search(plate(r), true, weekFrom, weekTo);
                httpFuzzy = time(plateQueries, i -> http.search(plate(r), true, weekFrom, weekTo));
                httpWildcard = time(plateQueries, i -> http.search(wildcard(plate(r), i), false, weekFrom, weekTo));
                audited = http.audited();
            }
            out.println(MachineInfo.describe());
            out.printf("bench search: %,d passages over %d daily partitions (%,d in the last 7 days), %d cameras, %,d vehicles, embedded PostgreSQL%n",
                    total, DAYS, inWeek, CAMERAS, vehicles());
            out.printf("plate full history (%,d queries, %.1f rows each): %s%n", queries, rows / (double) queries, Percentiles.of(historyNanos));
            out.printf("camera 5-minute window (%,d queries, %.1f rows each): %s%n", queries, windowRows / (double) queries, Percentiles.of(windowNanos));
            out.printf("plate fuzzy, all %d days, store: %s%n", DAYS, fuzzyAll);
            out.printf("plate fuzzy, last 7 days, store: %s%n", fuzzy);
            out.printf("plate wildcard, last 7 days, store: %s%n", wildcard);
            out.printf("plate fuzzy, last 7 days, HTTP as an analyst with a legal basis, audited: %s%n", httpFuzzy);
            out.printf("plate wildcard, last 7 days, HTTP as an analyst with a legal basis, audited: %s%n", httpWildcard);
            // Every search through the API leaves its audit record; fewer would mean the API skipped one.
            out.printf("audit records of those searches: %,d of %,d%n", audited, 20L + 2L * plateQueries);
            out.printf("history p50 ms: %.2f, fuzzy 7-day p50 ms: %.2f (store), %.2f (HTTP)%n",
                    Percentiles.of(historyNanos).p50ms(), fuzzy.percentiles().p50ms(), httpFuzzy.percentiles().p50ms());
            return audited == 20L + 2L * plateQueries ? 0 : 1;
        }
    }

    private static final Duration WEEK = Duration.ofDays(7);

    /** Latencies of n queries and the rows they found. */
    private record Timing(int queries, long rows, Percentiles percentiles) {
        @Override
        public String toString() {
            return String.format("%,d queries, %.1f rows each, %s", queries, rows / (double) queries, percentiles);
        }
    }

    private interface Query {
        int run(int i) throws Exception;
    }

    private static Timing time(int n, Query q) throws Exception {
        long[] nanos = new long[n];
        long rows = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            rows += q.run(i);
            nanos[i] = System.nanoTime() - t0;
        }
        return new Timing(n, rows, Percentiles.of(nanos));
    }

    private String plate(SplittableRandom r) {
        return SyntheticReads.plate(r.nextLong(vehicles()));
    }

    /** One character of the plate unknown: the first, the last or one in between, in turn. */
    private static String wildcard(String plate, int i) {
        int at = switch (i % 3) {
            case 0 -> 0;
            case 1 -> plate.length() - 1;
            default -> 1 + i % (plate.length() - 2);
        };
        return plate.substring(0, at) + ListEntry.WILDCARD + plate.substring(at + 1);
    }

    private static int fuzzyWeek(PassageSearch search, String plate, Instant from, Instant to) {
        return search.search(new PassageQuery(plate, true, null, from, to, 1000, null, true), Visibility.everything())
                .passages().size();
    }

    /**
     * The same searches through the HTTP API: an analyst of the cameras' organisation with a legal basis, each search
     * authorised and audited. The server's clock stands at the end of the fill, so the retention purge at start
     * removes nothing from it and the last 7 days are within the default approval threshold, whose fuzzy window this
     * organisation's policy widens from 24 hours to 7 days.
     */
    private static final class Http implements AutoCloseable {
        /**
         * Each search under a case of its own, as the searches of many investigations: the approval threshold adds up
         * what one person searched under one case, and a week of fuzzy searching under one case needs approval.
         */
        private static final String LEGAL_BASIS = "caseNumber=PL0900-2026%06d&offence=ART67_CRIME&purpose=benchmark%%20of%%20passage%%20search";
        private int cases;
        private final OpenAnprServer server;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;
        private static final String PASSWORD = "a-long-bench-password";
        private final String token;
        private final long auditBefore;
        private final Database db;

        Http(Database db, Instant end) throws Exception {
            this.db = db;
            String admin = Tokens.generate("bench");
            server = OpenAnprServer.start(db.dataSource(), ServerConfig.defaults(0).withAdminToken(admin)
                    .withClock(Clock.fixed(end, ZoneOffset.UTC))
                    .withSearchThreshold(new ApprovalThreshold(WEEK, WEEK, Duration.ofHours(1), WEEK)));
            base = "http://127.0.0.1:" + server.port();
            server.cameras().saveAll(SyntheticReads.cameras(CAMERAS, "bench"));
            String username = "analyst-" + System.currentTimeMillis();
            send("/api/v1/users", admin, """
                    {"username":"%s","organisation":"bench","roles":["ANALYST"],"password":"%s"}"""
                    .formatted(username, PASSWORD), 201);
            token = ownToken(username);
            auditBefore = audits();
        }

        /** Only a person mints their own token, with their password: the analyst logs in and does. */
        private String ownToken(String username) throws Exception {
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                            java.util.Map.of("username", username, "password", PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) throw new IllegalStateException("login: " + login.statusCode() + " " + login.body());
            String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("anpr_session="))
                    .findFirst().orElseThrow().split(";", 2)[0];
            long id = Json.MAPPER.readTree(login.body()).path("user").path("id").asLong();
            HttpResponse<String> minted = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users/" + id + "/tokens"))
                    .header("Cookie", cookie).header(AccessFilter.CSRF_HEADER, AccessFilter.CSRF_VALUE)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                            java.util.Map.of("currentPassword", PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
            if (minted.statusCode() != 201) throw new IllegalStateException("token: " + minted.statusCode() + " " + minted.body());
            return Json.MAPPER.readTree(minted.body()).path("token").asText();
        }

        int search(String plate, boolean fuzzy, Instant from, Instant to) throws Exception {
            String body = send("/api/v1/passages?" + LEGAL_BASIS.formatted(++cases) + "&plate=" + URLEncoder.encode(plate, StandardCharsets.UTF_8)
                    + "&fuzzy=" + fuzzy + "&from=" + from + "&to=" + to + "&limit=1000&order=asc", token, null, 200);
            return Json.MAPPER.readTree(body).path("passages").size();
        }

        long audited() throws Exception {
            return audits() - auditBefore;
        }

        private long audits() {
            return IngestBenchmark.count(db.dataSource(), "select count(*) from audit_log where action = 'PASSAGE_SEARCH'");
        }

        private String send(String path, String bearer, String postBody, int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer);
            if (postBody != null) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(postBody));
            HttpResponse<String> res = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != expected)
                throw new IllegalStateException(path + ": " + res.statusCode() + " " + res.body());
            return res.body();
        }

        @Override
        public void close() {
            server.close();
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
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate passage");
        }
        // PassageCopy's close vacuums: what autovacuum does to a day partition soon after its day (statistics,
        // visibility map, and the trigram index's pending list merged into the index proper).
        try (PassageCopy copy = new PassageCopy(db.dataSource(), false)) {
            for (long i = 0; i < passages; i++) {
                copy.add(SyntheticReads.plate(r.nextLong(vehicles())), start.plusMillis(r.nextLong(spanMs)),
                        cameras.get(r.nextInt(CAMERAS)).id(), null, null, null, null);
                if (copy.written() % 200_000 == 0)
                    System.out.printf("  %,d rows, %.0f rows/s%n", copy.written(), copy.written() / ((System.nanoTime() - t0) / 1e9));
            }
        }
    }

    private static long count(Database db) throws Exception {
        return count(db, null);
    }

    /** Passages stored, all or from {@code from} on. */
    private static long count(Database db, Instant from) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from passage where observed_at >= coalesce(?::timestamptz, '-infinity')")) {
            ps.setTimestamp(1, from == null ? null : Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
