package org.openanpr.hit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Reads scanned in one batch, per day, camera, list and action; appended as rows in the batch's transaction. */
final class ScanCounts {
    private record Key(LocalDate day, String camera, long list, long action) {
    }

    private final Map<Key, Long> counts = new HashMap<>();

    void add(LocalDate day, String camera, long[] lists, long[] actions) {
        counts.merge(new Key(day, camera, 0, 0), 1L, Long::sum);
        for (long l : lists) counts.merge(new Key(day, camera, l, 0), 1L, Long::sum);
        for (long a : actions) counts.merge(new Key(day, camera, 0, a), 1L, Long::sum);
    }

    void write(Connection c) throws SQLException {
        if (counts.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "insert into scan_count (day, camera_id, list_id, action_id, reads) values (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, Long> e : counts.entrySet()) {
                ps.setObject(1, e.getKey().day());
                ps.setString(2, e.getKey().camera());
                ps.setLong(3, e.getKey().list());
                ps.setLong(4, e.getKey().action());
                ps.setLong(5, e.getValue());
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
