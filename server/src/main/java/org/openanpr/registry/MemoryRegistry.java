package org.openanpr.registry;

import org.openanpr.zone.Vehicle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline registry held in memory, as the matcher holds the lists: every vehicle packed into two longs (the plate,
 * and its category, fuels, Euro class, mass and first admission) in an open-addressing table, about 27 bytes a vehicle
 * with the table's slack; a lookup is one probe, no query. It is taken from the {@code vehicle} table at start and again
 * whenever a newer load is recorded in {@code registry_load}; until the first is in memory, lookups go to the table
 * through the pipeline's connection ({@link OfflineRegistry}). Make and model are not held: the evidence of a case reads
 * them from the table when the case is opened.
 */
public final class MemoryRegistry implements VehicleRegistry {
    private static final Logger log = LoggerFactory.getLogger(MemoryRegistry.class);
    static final List<String> CATEGORIES = List.of("M1", "M1G", "M2", "M3", "N1", "N1G", "N2", "N2G", "N3", "N3G", "L1E", "L2E",
            "L3E", "L4E", "L5E", "L6E", "L7E", "O1", "O2", "O3", "O4", "T1", "T2", "T3", "T4", "T5", "C", "R", "S");
    static final List<String> FUELS = List.of("BENZINE", "DIESEL", "ELEKTRICITEIT", "WATERSTOF", "LPG", "CNG", "LNG", "ALCOHOL");
    private static final String OTHER_FUEL = "OVERIG";
    private static final LocalDate EPOCH = LocalDate.of(1880, 1, 1);

    private final OfflineRegistry table = new OfflineRegistry();
    private final DataSource db;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Snapshot snapshot;
    /** The newest load seen in {@code registry_load}, and when it was looked at (System.nanoTime). */
    private volatile long checkedLoad = -1;
    private volatile long checkedAt;
    /** How often a lookup asks the database whether a newer load has committed. */
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    public MemoryRegistry(DataSource db) {
        this.db = db;
    }

    private record Snapshot(long loadId, Instant loadedAt, long[] keys, long[] values, int size) {
    }

    @Override
    public String source() {
        Snapshot s = snapshot;
        return s == null || s.loadId() != checkedLoad ? table.source() : table.source() + " load " + s.loadId();
    }

    /** Vehicles held, or -1 before the first load. */
    public int size() {
        Snapshot s = snapshot;
        return s == null ? -1 : s.size();
    }

    @Override
    public Map<String, Vehicle> lookup(Connection c, Set<String> plates) throws SQLException {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (checkedLoad < 0 || now - checkedAt > CHECK_EVERY_NANOS) {
            // at most once a second: a load that committed less than a second ago may not be used yet, as if the
            // reads had come a moment earlier; each decision records the load it used
            checkedLoad = latestLoad(c);
            checkedAt = now;
        }
        if (s == null || s.loadId() != checkedLoad) {
            // never decide on a registry older than the last load: the table answers until memory has caught up
            refreshInBackground();
            return table.lookup(c, plates);
        }
        Map<String, Vehicle> out = new HashMap<>();
        for (String p : plates) {
            long key = key(p);
            if (key == 0) continue;
            int mask = s.keys().length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = s.keys()[i];
                if (k == 0) break;
                if (k == key) {
                    out.put(p, vehicle(p, s.values()[i]));
                    break;
                }
            }
        }
        return out;
    }

    private static long latestLoad(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select coalesce(max(id), 0) from registry_load"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts a refresh on a thread of its own unless one is running. */
    public void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                refresh();
            } catch (SQLException | RuntimeException e) {
                log.warn("vehicle registry not taken into memory; lookups go to the table", e);
            } finally {
                refreshing.set(false);
            }
        }, "registry-refresh");
        t.setDaemon(true);
        t.start();
    }

    /** Takes the registry into memory when the table holds a newer load than the one held; true when it did. */
    public boolean refresh() throws SQLException {
        long loadId;
        Instant loadedAt;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, loaded_at from registry_load order by id desc limit 1"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                loadId = 0;
                loadedAt = null;
            } else {
                loadId = rs.getLong(1);
                loadedAt = rs.getTimestamp(2).toInstant();
            }
        }
        Snapshot held = snapshot;
        if (held != null && held.loadId() == loadId) return false;
        long t0 = System.nanoTime();
        Snapshot next = read(db, loadId, loadedAt == null ? Instant.EPOCH : loadedAt);
        snapshot = next;
        log.info("vehicle registry in memory: {} vehicles in {} ms", next.size(), (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    private static Snapshot read(DataSource db, long loadId, Instant loadedAt) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int n;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from vehicle"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = (int) Math.min(rs.getLong(1), 200_000_000);
            }
            int capacity = Integer.highestOneBit(Math.max(16, (int) (n / 0.6)) - 1) << 1;
            long[] keys = new long[capacity];
            long[] values = new long[capacity];
            int mask = capacity - 1;
            int size = 0;
            // text and numbers only: decoding SQL arrays and dates row by row costs more than the rest of the load
            try (PreparedStatement ps = c.prepareStatement("select plate, category, array_to_string(fuels, ','), euro_class, "
                    + "max_mass_kg, first_admission - date '1880-01-01' from vehicle")) {
                ps.setFetchSize(50_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long key = key(rs.getString(1));
                        if (key == 0) continue;
                        String fuels = rs.getString(3);
                        int euro = rs.getInt(4);
                        boolean euroNull = rs.wasNull();
                        int mass = rs.getInt(5);
                        boolean massNull = rs.wasNull();
                        int days = rs.getInt(6);
                        boolean daysNull = rs.wasNull();
                        long value = pack(rs.getString(2), fuels == null || fuels.isEmpty() ? null : fuels.split(","),
                                euroNull ? null : euro, massNull ? null : mass, daysNull ? -1 : days);
                        int i = slot(key, mask);
                        while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
                        if (keys[i] == 0) {
                            size++;
                            if (size > capacity * 0.9) throw new SQLException("vehicle table grew while it was read; try again");
                        }
                        keys[i] = key;
                        values[i] = value;
                    }
                }
            }
            c.commit();
            return new Snapshot(loadId, loadedAt, keys, values, size);
        }
    }

    /** A plate of up to 10 characters A-Z, 0-9 as a number (6 bits a character); 0 for anything else. */
    static long key(String plate) {
        if (plate == null || plate.isEmpty() || plate.length() > 10) return 0;
        long k = 0;
        for (int i = 0; i < plate.length(); i++) {
            char ch = plate.charAt(i);
            int v;
            if (ch >= '0' && ch <= '9') v = ch - '0' + 1;
            else if (ch >= 'A' && ch <= 'Z') v = ch - 'A' + 11;
            else return 0;
            k = k << 6 | v;
        }
        return k;
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & mask;
    }

    // value layout: category+1 (5 bits, 0 unknown) | fuel flags (9 bits) | euro+1 (4 bits, 0 unknown) | mass+1 (21 bits) | days+1 (17 bits)
    static long pack(String category, String[] fuels, Integer euro, Integer mass, LocalDate first) {
        return pack(category, fuels, euro, mass, first == null ? -1 : java.time.temporal.ChronoUnit.DAYS.between(EPOCH, first));
    }

    /** {@code daysSince1880}: the first admission as days since 1880-01-01, or -1 when unknown. */
    static long pack(String category, String[] fuels, Integer euro, Integer mass, long daysSince1880) {
        long cat = category == null ? 0 : CATEGORIES.indexOf(category.toUpperCase(java.util.Locale.ROOT)) + 1;
        long f = 0;
        if (fuels != null) for (String fuel : fuels) {
            int i = FUELS.indexOf(fuel);
            f |= 1L << (i < 0 ? FUELS.size() : i);
        }
        long e = euro == null || euro < 0 || euro > 14 ? 0 : euro + 1;
        long m = mass == null || mass < 0 || mass >= (1 << 21) - 1 ? 0 : mass + 1;
        long d = daysSince1880 < 0 ? 0 : daysSince1880 + 1;
        if (d < 0 || d >= (1 << 17)) d = 0;
        return cat << 51 | f << 42 | e << 38 | m << 17 | d;
    }

    static Vehicle vehicle(String plate, long v) {
        int cat = (int) (v >>> 51 & 31);
        int f = (int) (v >>> 42 & 511);
        int e = (int) (v >>> 38 & 15);
        int m = (int) (v >>> 17 & ((1 << 21) - 1));
        int d = (int) (v & ((1 << 17) - 1));
        java.util.Set<String> fuels = f == 0 ? java.util.Set.of() : new java.util.HashSet<>(4);
        for (int i = 0; f != 0 && i <= FUELS.size(); i++) if ((f & 1 << i) != 0) fuels.add(i < FUELS.size() ? FUELS.get(i) : OTHER_FUEL);
        return new Vehicle(plate, null, null, null, cat == 0 ? null : CATEGORIES.get(cat - 1), fuels, e == 0 ? null : e - 1,
                m == 0 ? null : m - 1, d == 0 ? null : EPOCH.plusDays(d - 1));
    }
}
