package org.openanpr.investigation;

import org.openanpr.access.Organisation;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.passage.Partitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The roll-up the traffic statistics read their closed hours and days from (V28), kept by the maintenance thread
 * ({@link #refresh}): passages per camera per UTC hour (the local hour of every zone with a whole-hour offset), and per
 * camera per local day of each organisation's time zone the passages and the vehicles seen, as 64-bit hashes of their
 * plates with their passages and country, so distinct counts combine over cameras and days without counting a vehicle
 * twice. No plate is stored.
 *
 * <p>A refresh counts the passages per camera and closed UTC hour again and compares with what is rolled up: an hour
 * whose count changed (late reads, a purge) is rewritten, and every local day that overlaps it is rolled up again from
 * the passages, so the roll-up follows the passage table (purges included) rather than keeping what it once saw. The
 * day now running is rolled up to its last closed hour. A refresh covers the last {@link #RECENT} (every 10 minutes) or
 * every stored day ({@code full}: hourly, right after the purge).
 */
public final class TrafficRollup {
    private static final Logger log = LoggerFactory.getLogger(TrafficRollup.class);
    static final Duration RECENT = Duration.ofHours(48);
    static final String HOURS = "hours";
    /** How long after an hour ends it is rolled up. */
    static final Duration SETTLE = Duration.ofMinutes(5);
    /** Two nodes (server and worker) never refresh at once: the second skips its turn. */
    private static final long LOCK = 0x7472616666696bL;
    private final DataSource db;
    private final Partitions partitions;
    private final Clock clock;

    public TrafficRollup(DataSource db, Clock clock) {
        this.db = db;
        this.partitions = new Partitions(db);
        this.clock = clock;
    }

    /** What one refresh did: the hours whose count changed, the local days rolled up again, how long it took. */
    public record Result(boolean ran, int hoursChanged, int daysRolled, long millis) {
    }

    /**
     * Brings the roll-up up to the last closed hour. {@code full}: checks every stored day (after a purge, and hourly
     * for reads that arrive more than {@link #RECENT} late); otherwise the last {@link #RECENT}.
     */
    public synchronized Result refresh(boolean full) {
        long t0 = System.nanoTime();
        try {
            Result r = Tx.run(db, c -> refresh(c, full));
            Result out = new Result(r.ran(), r.hoursChanged(), r.daysRolled(), (System.nanoTime() - t0) / 1_000_000);
            if (out.daysRolled() > 0) log.debug("traffic roll-up: {} hours changed, {} days rolled up in {} ms", out.hoursChanged(), out.daysRolled(), out.millis());
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("traffic roll-up failed; the statistics read the passages until the next one", e);
        }
    }

    private Result refresh(Connection c, boolean full) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return new Result(false, 0, 0, 0);
            }
        }
        // What this refresh may miss arrived at or after the start of the oldest transaction still running now (its own
        // included): a passage's received_at is its inserting transaction's start, so one committed after this
        // refresh's reads has a received_at at or after it. The statistics read such passages' hours from the passages.
        Instant since;
        try (PreparedStatement ps = c.prepareStatement("select least(now(), (select min(xact_start) from pg_stat_activity"
                + " where datname = current_database()))"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            since = rs.getTimestamp(1).toInstant();
        }
        // an hour is rolled up once it is SETTLE past: the reads of its last minutes have come in by then
        Instant until = clock.instant().minus(SETTLE).truncatedTo(ChronoUnit.HOURS);
        SortedSet<LocalDate> days = partitions.passageDays();
        Instant oldest = days.isEmpty() ? until : days.first().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (oldest.isAfter(until)) oldest = until;
        // no passage lies after the newest day partition: nothing there to count or roll up
        Instant newest = days.isEmpty() ? until : min(until, days.last().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        State state = state(c);
        full |= state == null;
        Instant checkFrom = state == null ? oldest : full ? min(oldest, state.rolledFrom())
                : max(oldest, min(state.rolledUntil(), until.minus(RECENT)));

        // 1. passages per camera and closed hour, against what is rolled up
        Instant[] hours = checkFrom.isBefore(newest) ? TrafficStatistics.starts(checkFrom, newest, ZoneOffset.UTC, false) : new Instant[0];
        Map<String, Long> live = new HashMap<>();
        if (hours.length > 0) {
            try (PreparedStatement ps = c.prepareStatement("select camera_id, width_bucket(observed_at, (select ?::timestamptz[])), count(*)"
                    + " from passage where observed_at >= ? and observed_at < ? group by 1, 2")) {
                Sql.bind(c, ps, Arrays.stream(hours).map(Instant::toString).toArray(String[]::new), checkFrom, newest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) live.put(rs.getString(1) + "\n" + hours[rs.getInt(2) - 1], rs.getLong(3));
                }
            }
        }
        Map<String, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select camera_id, hour, passages from traffic_rollup_hour where hour >= ? and hour < ?")) {
            Sql.bind(c, ps, checkFrom, until);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) stored.put(rs.getString(1) + "\n" + rs.getTimestamp(2).toInstant(), rs.getLong(3));
            }
        }
        // a camera hour whose count changed gets its vehicles again, from the passages, a UTC day at a time
        SortedSet<Instant> changed = new TreeSet<>();
        java.util.Set<String> changedKeys = new java.util.HashSet<>();
        for (Map.Entry<String, Long> e : live.entrySet())
            if (!e.getValue().equals(stored.get(e.getKey()))) changedKeys.add(e.getKey());
        for (String k : stored.keySet()) if (!live.containsKey(k)) changedKeys.add(k);
        try (PreparedStatement delete = c.prepareStatement("delete from traffic_rollup_hour where camera_id = ? and hour = ?")) {
            for (String k : changedKeys) {
                String[] parts = k.split("\n");
                changed.add(Instant.parse(parts[1]));
                Sql.bind(c, delete, parts[0], Instant.parse(parts[1]));
                delete.addBatch();
            }
            delete.executeBatch();
        }
        SortedSet<LocalDate> changedDays = new TreeSet<>();
        for (Instant h : changed) changedDays.add(LocalDate.ofInstant(h, ZoneOffset.UTC));
        for (LocalDate d : changedDays) {
            Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = min(start.plus(Duration.ofDays(1)), newest);
            if (!end.isAfter(start)) continue;
            Instant[] dayHours = TrafficStatistics.starts(start, end, ZoneOffset.UTC, false);
            try (PreparedStatement read = c.prepareStatement("select camera_id, width_bucket(observed_at, (select ?::timestamptz[])), plate,"
                    + " max(country), count(*) from passage where observed_at >= ? and observed_at < ? group by 1, 2, 3 order by 1, 2");
                 PreparedStatement write = c.prepareStatement("insert into traffic_rollup_hour (camera_id, hour, passages, hashes, counts,"
                         + " countries, country_list) values (?, ?, ?, ?, ?, ?, ?)")) {
                Sql.bind(c, read, Arrays.stream(dayHours).map(Instant::toString).toArray(String[]::new), start, end);
                read.setFetchSize(50_000);
                DaySet.Builder set = null;
                String key = null;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        String k = rs.getString(1) + "\n" + dayHours[rs.getInt(2) - 1];
                        if (!changedKeys.contains(k)) continue;
                        if (!k.equals(key)) {
                            if (set != null) writeHour(c, write, key, set.build());
                            key = k;
                            set = new DaySet.Builder();
                        }
                        set.add(hash(rs.getString(3)), rs.getInt(5), rs.getString(4));
                    }
                }
                if (set != null) writeHour(c, write, key, set.build());
                write.executeBatch();
            }
        }
        // nothing is stored before the oldest partition: what was rolled up there is gone with its passages
        update(c, "delete from traffic_rollup_hour where hour < ?", oldest);
        update(c, "delete from traffic_rollup_camera_day where (zone, day) in (select zone, day from traffic_rollup_day where covered_until <= ?)", oldest);
        update(c, "delete from traffic_rollup_day where covered_until <= ?", oldest);

        // 2. the local days of every organisation's zone that the changed and the newly closed hours fall in
        Instant newlyFrom = state == null ? checkFrom : min(state.rolledUntil(), until);
        int rolled = 0;
        for (ZoneId zone : zones(c)) {
            Set<LocalDate> dirty = new TreeSet<>();
            for (Instant h : changed) {
                dirty.add(LocalDate.ofInstant(h, zone));
                dirty.add(LocalDate.ofInstant(h.plus(Duration.ofHours(1)).minusNanos(1), zone));
            }
            for (Instant h = newlyFrom; h.isBefore(newest); h = h.plus(Duration.ofHours(1))) {
                dirty.add(LocalDate.ofInstant(h, zone));
                dirty.add(LocalDate.ofInstant(h.plus(Duration.ofHours(1)).minusNanos(1), zone));
            }
            // a zone never rolled up (a new organisation's) gets every stored day
            if (!hasDays(c, zone)) {
                for (LocalDate d = LocalDate.ofInstant(oldest, zone); d.atStartOfDay(zone).toInstant().isBefore(newest); d = d.plusDays(1))
                    dirty.add(d);
            }
            for (LocalDate d : dirty) {
                Instant start = d.atStartOfDay(zone).toInstant();
                Instant end = min(d.plusDays(1).atStartOfDay(zone).toInstant(), until);
                if (!end.isAfter(start) || !end.isAfter(oldest)) continue;
                rollDay(c, zone, d, start, end);
                rolled++;
            }
        }
        // database time, as passage.received_at: what arrived after this transaction began may not be in it
        try (PreparedStatement ps = c.prepareStatement("insert into traffic_rollup_state (what, rolled_from, rolled_until, recent_from,"
                + " refreshed_at, full_refreshed_at) values (?, ?, ?, ?, ?, ?) on conflict (what) do update set"
                + " rolled_from = excluded.rolled_from, rolled_until = excluded.rolled_until, recent_from = excluded.recent_from,"
                + " refreshed_at = excluded.refreshed_at,"
                + " full_refreshed_at = case when ? then excluded.full_refreshed_at else traffic_rollup_state.full_refreshed_at end")) {
            Sql.bind(c, ps, HOURS, oldest, until, full ? oldest : checkFrom, since, since, full);
            ps.executeUpdate();
        }
        return new Result(true, changed.size(), rolled, 0);
    }

    /** One local day (to {@code end}: its end, or the last closed hour) of one zone, per camera, from the passages. */
    private static void rollDay(Connection c, ZoneId zone, LocalDate day, Instant start, Instant end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from traffic_rollup_camera_day where zone = ? and day = ?")) {
            Sql.bind(c, ps, zone.getId(), day);
            ps.executeUpdate();
        }
        try (PreparedStatement read = c.prepareStatement("select camera_id, plate, max(country), count(*) from passage"
                + " where observed_at >= ? and observed_at < ? group by 1, 2 order by 1");
             PreparedStatement write = c.prepareStatement("insert into traffic_rollup_camera_day (zone, day, camera_id, passages,"
                     + " vehicles, hashes, counts, countries, country_list) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(c, read, start, end);
            read.setFetchSize(50_000);
            DaySet.Builder set = null;
            String camera = null;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String cam = rs.getString(1);
                    if (!cam.equals(camera)) {
                        if (set != null) write(c, write, zone, day, camera, set.build());
                        camera = cam;
                        set = new DaySet.Builder();
                    }
                    set.add(hash(rs.getString(2)), rs.getInt(4), rs.getString(3));
                }
            }
            if (set != null) write(c, write, zone, day, camera, set.build());
            write.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("insert into traffic_rollup_day (zone, day, covered_until) values (?, ?, ?)"
                + " on conflict (zone, day) do update set covered_until = excluded.covered_until")) {
            Sql.bind(c, ps, zone.getId(), day, end);
            ps.executeUpdate();
        }
    }

    private static void writeHour(Connection c, PreparedStatement ps, String key, DaySet s) throws SQLException {
        String[] k = key.split("\n");
        Sql.bind(c, ps, k[0], Instant.parse(k[1]), (int) s.passages(), s.hashBytes(), s.countBytes(), s.countryBytes(), s.countryList());
        ps.addBatch();
    }

    private static void write(Connection c, PreparedStatement ps, ZoneId zone, LocalDate day, String camera, DaySet s) throws SQLException {
        Sql.bind(c, ps, zone.getId(), day, camera, (int) s.passages(), s.size(), s.hashBytes(), s.countBytes(), s.countryBytes(),
                s.countryList());
        ps.addBatch();
    }

    /** The zones of every organisation, and the default one (the system token's). */
    private static List<ZoneId> zones(Connection c) throws SQLException {
        Set<ZoneId> out = new java.util.LinkedHashSet<>();
        out.add(Organisation.DEFAULT_TIME_ZONE);
        try (PreparedStatement ps = c.prepareStatement("select distinct time_zone from organisation"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(ZoneId.of(rs.getString(1)));
                } catch (java.time.DateTimeException e) {
                    log.warn("organisation time zone {} unknown to this JVM; its statistics read the passages", rs.getString(1));
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean hasDays(Connection c, ZoneId zone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from traffic_rollup_day where zone = ?)")) {
            ps.setString(1, zone.getId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * What the roll-up answers: the hours from {@code rolledFrom} to {@code rolledUntil} (and the local days rolled up,
     * {@code traffic_rollup_day}), as they were when the last refresh began ({@code refreshedAt}) from {@code recentFrom}
     * on, and when the last full one began before it.
     */
    record State(Instant rolledFrom, Instant rolledUntil, Instant recentFrom, Instant refreshedAt, Instant fullRefreshedAt) {
        /**
         * The condition on passages ({@code p}) that may have arrived after the refresh that rolled up their hour:
         * their hours and days are read from the passages.
         */
        String arrivedAfter(List<Object> args) {
            // the first condition alone is what the BRIN index on received_at answers
            Instant since = refreshedAt.isBefore(fullRefreshedAt) ? refreshedAt : fullRefreshedAt;
            args.addAll(List.of(since, recentFrom, refreshedAt, recentFrom, fullRefreshedAt));
            return "p.received_at >= ? and ((p.observed_at >= ? and p.received_at >= ?) or (p.observed_at < ? and p.received_at >= ?))";
        }
    }

    /** Null before the first refresh. */
    static State state(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select rolled_from, rolled_until, recent_from, refreshed_at, full_refreshed_at"
                + " from traffic_rollup_state where what = ?")) {
            ps.setString(1, HOURS);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new State(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()) : null;
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args);
            ps.executeUpdate();
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * A vehicle in the roll-up: the first 8 bytes of the SHA-256 of its plate (as stored, normalised). Two plates share
     * one with a chance of about 1 in 10^19 per pair, far below anything a count could show; the plate is not kept.
     */
    static long hash(String plate) {
        return ByteBuffer.wrap(SHA.get().digest(plate.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * The vehicles of one camera on one local day (or of a part of it read from the passages): hashes ascending, each
     * with its passages and its greatest country read (null: none), as {@code max(country)} in SQL.
     */
    record DaySet(long[] hashes, int[] counts, String[] countries, long passages) {
        int size() {
            return hashes.length;
        }

        byte[] hashBytes() {
            ByteBuffer b = ByteBuffer.allocate(hashes.length * 8);
            for (long h : hashes) b.putLong(h);
            return b.array();
        }

        byte[] countBytes() {
            ByteBuffer b = ByteBuffer.allocate(counts.length * 4);
            for (int n : counts) b.putInt(n);
            return b.array();
        }

        String[] countryList() {
            return new LinkedHashMap<String, Integer>() {{
                for (String s : countries) if (s != null) putIfAbsent(s, size());
            }}.keySet().toArray(String[]::new);
        }

        byte[] countryBytes() {
            Map<String, Integer> index = new HashMap<>();
            String[] list = countryList();
            for (int i = 0; i < list.length; i++) index.put(list[i], i + 1);
            ByteBuffer b = ByteBuffer.allocate(countries.length * 2);
            for (String s : countries) b.putShort((short) (s == null ? 0 : index.get(s)));
            return b.array();
        }

        /** A set as stored; {@code hashes} null: only the counts were read. */
        static DaySet decode(byte[] hashes, byte[] counts, byte[] countries, String[] list, long passages) {
            if (hashes == null) return new DaySet(null, null, null, passages);
            int n = hashes.length / 8;
            long[] h = new long[n];
            ByteBuffer.wrap(hashes).asLongBuffer().get(h);
            int[] k = null;
            if (counts != null) {
                k = new int[n];
                ByteBuffer.wrap(counts).asIntBuffer().get(k);
            }
            String[] cs = null;
            if (countries != null) {
                cs = new String[n];
                ByteBuffer b = ByteBuffer.wrap(countries);
                for (int i = 0; i < n; i++) {
                    int x = b.getShort() & 0xffff;
                    cs[i] = x == 0 ? null : list[x - 1];
                }
            }
            return new DaySet(h, k, cs, passages);
        }

        /** The union of two sets of one camera and day (a day rolled up to an hour, the rest read live). */
        static DaySet union(DaySet a, DaySet b) {
            Builder out = new Builder();
            for (int i = 0; i < a.size(); i++) out.add(a.hashes[i], a.counts[i], a.countries[i]);
            for (int i = 0; i < b.size(); i++) out.add(b.hashes[i], b.counts[i], b.countries[i]);
            return out.build();
        }

        /** Collects (hash, passages, country) in any order; equal hashes are one vehicle. */
        static final class Builder {
            private long[] h = new long[64];
            private int[] n = new int[64];
            private String[] c = new String[64];
            private int size;
            private long passages;

            void add(long hash, int count, String country) {
                if (size == h.length) {
                    h = Arrays.copyOf(h, size * 2);
                    n = Arrays.copyOf(n, size * 2);
                    c = Arrays.copyOf(c, size * 2);
                }
                h[size] = hash;
                n[size] = count;
                c[size] = country;
                size++;
                passages += count;
            }

            DaySet build() {
                Integer[] order = new Integer[size];
                for (int i = 0; i < size; i++) order[i] = i;
                Arrays.sort(order, (x, y) -> Long.compare(h[x], h[y]));
                long[] hs = new long[size];
                int[] ns = new int[size];
                String[] cs = new String[size];
                int m = 0;
                for (int k = 0; k < size; k++) {
                    int i = order[k];
                    if (m > 0 && hs[m - 1] == h[i]) {
                        ns[m - 1] += n[i];
                        cs[m - 1] = greater(cs[m - 1], c[i]);
                    } else {
                        hs[m] = h[i];
                        ns[m] = n[i];
                        cs[m] = c[i];
                        m++;
                    }
                }
                return new DaySet(Arrays.copyOf(hs, m), Arrays.copyOf(ns, m), Arrays.copyOf(cs, m), passages);
            }
        }
    }

    /** {@code max(country)}: the greater of two, null counting as none. */
    static String greater(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }
}
