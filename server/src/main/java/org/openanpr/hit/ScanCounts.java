package org.openanpr.hit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
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

    /**
     * Appends the counts in one statement whatever their number (a group of single-read requests has a few rows per
     * camera, a batch of 10,000 a few hundred); each row's day is the quarter's day in its organisation's time zone.
     */
    void write(Connection c) throws SQLException {
        if (counts.isEmpty()) return;
        int n = counts.size();
        Timestamp[] quarters = new Timestamp[n];
        String[] cameras = new String[n];
        Long[] lists = new Long[n];
        Long[] actions = new Long[n];
        Long[] reads = new Long[n];
        int i = 0;
        for (Map.Entry<Key, Long> e : counts.entrySet()) {
            quarters[i] = Timestamp.from(e.getKey().quarter());
            cameras[i] = e.getKey().camera();
            lists[i] = e.getKey().list();
            actions[i] = e.getKey().action();
            reads[i++] = e.getValue();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into scan_count (day, camera_id, list_id, action_id, reads)
                select (t.quarter at time zone coalesce(o.time_zone, 'Europe/Amsterdam'))::date, t.camera, t.list, t.action, t.reads
                from unnest(?::timestamptz[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) as t(quarter, camera, list, action, reads)
                left join camera sc on sc.id = t.camera
                left join organisation o on o.code = sc.organisation """)) {
            ps.setArray(1, c.createArrayOf("timestamptz", quarters));
            ps.setArray(2, c.createArrayOf("text", cameras));
            ps.setArray(3, c.createArrayOf("int8", lists));
            ps.setArray(4, c.createArrayOf("int8", actions));
            ps.setArray(5, c.createArrayOf("int8", reads));
            ps.executeUpdate();
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
