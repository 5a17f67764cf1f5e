package org.openanpr.hit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads scanned in one batch, per day, camera, list and action; appended as rows in the batch's transaction. The day
 * is the one on the clock of the camera's organisation ({@code organisation.time_zone}), as the statistics count it.
 */
final class ScanCounts {
    /** Every time zone's offset is a whole number of quarter hours: a quarter lies wholly in one local day. */
    private static final long QUARTER_SECONDS = 15 * 60;

    private record Key(Instant quarter, String camera, long list, long action) {
    }

    private final Map<Key, Long> counts = new HashMap<>();

    void add(Instant observedAt, String camera, long[] lists, long[] actions) {
        long s = observedAt.getEpochSecond();
        Instant quarter = Instant.ofEpochSecond(s - Math.floorMod(s, QUARTER_SECONDS));
        counts.merge(new Key(quarter, camera, 0, 0), 1L, Long::sum);
        for (long l : lists) counts.merge(new Key(quarter, camera, l, 0), 1L, Long::sum);
        for (long a : actions) counts.merge(new Key(quarter, camera, 0, a), 1L, Long::sum);
    }

    void write(Connection c) throws SQLException {
        if (counts.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("""
                insert into scan_count (day, camera_id, list_id, action_id, reads)
                values ((? at time zone coalesce((select o.time_zone from camera sc join organisation o on o.code = sc.organisation
                                                   where sc.id = ?), 'Europe/Amsterdam'))::date, ?, ?, ?, ?)""")) {
            for (Map.Entry<Key, Long> e : counts.entrySet()) {
                ps.setObject(1, OffsetDateTime.ofInstant(e.getKey().quarter(), ZoneOffset.UTC));
                ps.setString(2, e.getKey().camera());
                ps.setString(3, e.getKey().camera());
                ps.setLong(4, e.getKey().list());
                ps.setLong(5, e.getKey().action());
                ps.setLong(6, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Sums one day's appended rows into one row per key, so the table stays small. */
    static void rollUp(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                with gone as (delete from scan_count where day = ? returning day, camera_id, list_id, action_id, reads)
                insert into scan_count (day, camera_id, list_id, action_id, reads)
                select day, camera_id, list_id, action_id, sum(reads) from gone group by 1, 2, 3, 4""")) {
            ps.setObject(1, day);
            ps.executeUpdate();
        }
    }
}
