package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The passages convoy analysis reads, for one target ({@link #nearby}) or for every pair ({@link #pairs}). Both end in
 * {@link Convoy#rank}: one definition of travelling together, whether a target is named or not.
 */
public final class ConvoyStore {
    /** Pairs read every passage of the window into memory (about 50 bytes each): more means a narrower window. */
    public static final int MAX_PAIR_PASSAGES = 16_000_000;
    private final DataSource db;

    public ConvoyStore(DataSource db) {
        this.db = db;
    }

    /** Other plates' passages at the target's cameras within the window of each target passage, visible ones only. */
    public List<Convoy.Nearby> nearby(String plate, List<Sighting> target, Duration window, Visibility v) {
        if (target.isEmpty()) return List.of();
        List<Object> args = new ArrayList<>();
        String sql = "select p.plate, p.id, p.observed_at, p.camera_id from unnest(?::text[], ?::timestamptz[]) as t(cam, at)"
                + " join passage p on p.camera_id = t.cam and p.observed_at between t.at - make_interval(secs => ?)"
                + " and t.at + make_interval(secs => ?) where p.plate <> ? and ";
        List<Convoy.Nearby> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            args.add(c.createArrayOf("text", target.stream().map(Sighting::camera).toArray()));
            args.add(c.createArrayOf("timestamptz", target.stream().map(s -> Timestamp.from(s.time())).toArray()));
            args.add(window.toSeconds());
            args.add(window.toSeconds());
            args.add(plate);
            String full = sql + v.passageCondition("p", args);
            try (PreparedStatement ps = c.prepareStatement(full)) {
                Sql.bind(c, ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.add(new Convoy.Nearby(rs.getString(1), new Sighting(rs.getObject(2, UUID.class),
                                rs.getTimestamp(3).toInstant(), rs.getString(4), null, null)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("convoy lookup failed", e);
        }
        return out;
    }

    /** Two plates that travelled together: {@code companion} is {@code second} as {@link Convoy#rank} saw it beside {@code first}. */
    public record Pair(String first, String second, Convoy.Companion companion) {
    }

    public record Pairs(List<Pair> pairs, long passages) {
    }

    /** The window held more passages than {@link #MAX_PAIR_PASSAGES}. */
    public static final class TooMany extends RuntimeException {
        TooMany(long limit) {
            super("more than " + limit + " passages in the window: narrow it");
        }
    }

    /**
     * Every pair of plates seen within the convoy's window of each other at at least its number of cameras, over the
     * visible passages from {@code from} to {@code to}. Every passage is read once; plates seen at fewer than k distinct
     * cameras are left out (most vehicles keep to a route of one or two cameras); the rest are ordered in memory by
     * camera and time, and a window per camera yields the meetings; pairs that meet at least k times become candidates (counted a share of plates at a time, so memory stays
     * bounded), and each candidate's meetings go through {@link Convoy#rank} for the distinct cameras and the evidence.
     */
    public Pairs pairs(Instant from, Instant to, Convoy convoy, Visibility v, int maxPassages) {
        Loaded l = load(from, to, v, maxPassages, convoy.minCameras());
        int n = l.size;
        long windowMs = convoy.window().toMillis();
        // A pair meets at k distinct cameras only if each of its plates passed k distinct cameras: most vehicles pass one
        // or two in a window (their daily route), and their passages never need to be paired.
        boolean[] eligible = platesAtCameras(l, convoy.minCameras());
        // order: camera (18 bits), second from the start (22 bits), index (24 bits)
        int kept = 0;
        long[] order = new long[n];
        for (int i = 0; i < n; i++)
            if (eligible[l.plate[i]]) order[kept++] = ((long) l.camera[i] << 46) | (((l.millis[i] - l.base) / 1000) << 24) | i;
        Arrays.parallelSort(order, 0, kept);
        int[] idx = new int[kept];
        for (int i = 0; i < kept; i++) idx[i] = (int) (order[i] & 0xFFFFFF);
        order = null;
        long events = forEachMeeting(l, idx, windowMs, null);
        int shares = (int) Math.max(1, events / 4_000_000 + 1);
        Map<Long, List<int[]>> candidates = new HashMap<>();
        for (int share = 0; share < shares; share++) {
            final int s = share;
            PairCounter counter = new PairCounter();
            forEachMeeting(l, idx, windowMs, (a, b) -> {
                if (Math.floorMod(Math.min(l.plate[a], l.plate[b]), shares) == s) counter.add(key(l, a, b));
            });
            Set<Long> met = counter.atLeast(convoy.minCameras());
            if (met.isEmpty()) continue;
            forEachMeeting(l, idx, windowMs, (a, b) -> {
                long k = key(l, a, b);
                if (met.contains(k)) candidates.computeIfAbsent(k, x -> new ArrayList<>()).add(l.plate[a] < l.plate[b] ? new int[]{a, b} : new int[]{b, a});
            });
        }
        List<Pair> out = new ArrayList<>();
        candidates.forEach((k, meetings) -> {
            Set<Integer> first = new LinkedHashSet<>();
            Set<Integer> second = new LinkedHashSet<>();
            for (int[] m : meetings) {
                first.add(m[0]);
                second.add(m[1]);
            }
            String secondPlate = l.plates.get(l.plate[meetings.getFirst()[1]]);
            List<Convoy.Companion> ranked = convoy.rank(first.stream().map(l::sighting).toList(),
                    second.stream().map(i -> new Convoy.Nearby(secondPlate, l.sighting(i))).toList());
            if (!ranked.isEmpty()) out.add(new Pair(l.plates.get(l.plate[meetings.getFirst()[0]]), secondPlate, ranked.getFirst()));
        });
        out.sort(Comparator.comparingInt((Pair p) -> p.companion().cameras()).reversed()
                .thenComparingDouble(p -> p.companion().meanGapSeconds()).thenComparing(Pair::first).thenComparing(Pair::second));
        return new Pairs(out, n);
    }

    /** Which plates passed at least {@code k} distinct cameras: one sort of (plate, camera). */
    private static boolean[] platesAtCameras(Loaded l, int k) {
        long[] pc = new long[l.size];
        for (int i = 0; i < l.size; i++) pc[i] = ((long) l.plate[i] << 32) | l.camera[i];
        Arrays.parallelSort(pc);
        boolean[] eligible = new boolean[l.plates.size()];
        int distinct = 0;
        for (int i = 0; i < pc.length; i++) {
            if (i == 0 || (pc[i] >>> 32) != (pc[i - 1] >>> 32)) distinct = 0;
            if (i == 0 || pc[i] != pc[i - 1]) distinct++;
            if (distinct >= k) eligible[(int) (pc[i] >>> 32)] = true;
        }
        return eligible;
    }

    private static long key(Loaded l, int a, int b) {
        int x = Math.min(l.plate[a], l.plate[b]);
        int y = Math.max(l.plate[a], l.plate[b]);
        return ((long) x << 32) | y;
    }

    private interface Meeting {
        void met(int a, int b);
    }

    /** Calls {@code meeting} for each two passages of different plates at one camera within the window; returns how many. */
    private static long forEachMeeting(Loaded l, int[] idx, long windowMs, Meeting meeting) {
        long count = 0;
        for (int i = 0; i < idx.length; i++) {
            int a = idx[i];
            for (int j = i + 1; j < idx.length; j++) {
                int b = idx[j];
                if (l.camera[b] != l.camera[a] || l.millis[b] - l.millis[a] > windowMs) break;
                if (l.plate[b] == l.plate[a]) continue;
                count++;
                if (meeting != null) meeting.met(a, b);
            }
        }
        return count;
    }

    /** The window's passages as columns: plate and camera as numbers, time in milliseconds, id. */
    private static final class Loaded {
        final List<String> plates = new ArrayList<>();
        final List<String> cameras = new ArrayList<>();
        int size;
        int[] plate = new int[1 << 16];
        int[] camera = new int[1 << 16];
        long[] millis = new long[1 << 16];
        long[] idHigh = new long[1 << 16];
        long[] idLow = new long[1 << 16];
        long base;

        void add(int p, int c, long ms, UUID id) {
            if (size == plate.length) {
                int grown = plate.length * 2;
                plate = Arrays.copyOf(plate, grown);
                camera = Arrays.copyOf(camera, grown);
                millis = Arrays.copyOf(millis, grown);
                idHigh = Arrays.copyOf(idHigh, grown);
                idLow = Arrays.copyOf(idLow, grown);
            }
            plate[size] = p;
            camera[size] = c;
            millis[size] = ms;
            idHigh[size] = id.getMostSignificantBits();
            idLow[size] = id.getLeastSignificantBits();
            size++;
        }

        Sighting sighting(int i) {
            return new Sighting(new UUID(idHigh[i], idLow[i]), Instant.ofEpochMilli(millis[i]), cameras.get(camera[i]), null, null);
        }
    }

    private Loaded load(Instant from, Instant to, Visibility v, int maxPassages, int minCameras) {
        if (Duration.between(from, to).compareTo(Duration.ofDays(45)) > 0) throw new IllegalArgumentException("from/to: at most 45 days for pairs");
        int limit = Math.min(maxPassages, MAX_PAIR_PASSAGES);
        Loaded l = new Loaded();
        l.base = from.toEpochMilli();
        Map<String, Integer> plates = new HashMap<>();
        Map<String, Integer> cameras = new HashMap<>();
        // only the plates seen at minCameras distinct cameras travel to Java: PostgreSQL counts them in one hash aggregate
        List<Object> args = new ArrayList<>(List.of(from, to));
        String visible = v.passageCondition("p", args);
        args.add(minCameras);
        args.add(from);
        args.add(to);
        String sql = "with seen as (select p.plate, p.camera_id from passage p where p.observed_at >= ? and p.observed_at < ? and " + visible
                + " group by p.plate, p.camera_id), eligible as (select plate from seen group by plate having count(*) >= ?)"
                + " select p.plate, p.camera_id, p.observed_at, p.id from passage p join eligible e on e.plate = p.plate"
                + " where p.observed_at >= ? and p.observed_at < ? and " + v.passageCondition("p", args);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false); // a cursor: millions of rows
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(50_000);
                Sql.bind(c, ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (l.size >= limit) throw new TooMany(limit);
                        int p = plates.computeIfAbsent(rs.getString(1), x -> { l.plates.add(x); return l.plates.size() - 1; });
                        int cam = cameras.computeIfAbsent(rs.getString(2), x -> { l.cameras.add(x); return l.cameras.size() - 1; });
                        l.add(p, cam, rs.getTimestamp(3).getTime(), rs.getObject(4, UUID.class));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("convoy pairs failed: " + e.getMessage(), e);
        }
        if (l.cameras.size() >= 1 << 18) throw new TooMany(limit);
        return l;
    }

    /** Counts of plate pairs in open addressing over primitive arrays: tens of millions of meetings without boxing. */
    private static final class PairCounter {
        private long[] keys = new long[1 << 16];
        private int[] counts = new int[1 << 16];
        private int size;

        void add(long key) {
            if (size * 2 > keys.length) grow();
            int i = slot(keys, key);
            if (counts[i] == 0) {
                keys[i] = key;
                size++;
            }
            counts[i]++;
        }

        Set<Long> atLeast(int k) {
            Set<Long> out = new java.util.HashSet<>();
            for (int i = 0; i < keys.length; i++) if (counts[i] >= k) out.add(keys[i]);
            return out;
        }

        private static int slot(long[] keys, long key) {
            int mask = keys.length - 1;
            int i = (int) (mix(key) & mask);
            while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
            return i;
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return x;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldCounts[i] == 0) continue;
                int s = slot(keys, oldKeys[i]);
                keys[s] = oldKeys[i];
                counts[s] = oldCounts[i];
            }
        }
    }
}
