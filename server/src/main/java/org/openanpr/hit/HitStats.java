package org.openanpr.hit;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics per action, list, camera or day: reads scanned (from the scan counts, which exist even when no-hit reads
 * are not kept) against live hits and their outcomes. Historical hits are left out: they were not scanned live.
 */
public final class HitStats {
    public enum By {
        ACTION("action_id::text", "list_id = 0 and action_id > 0", "h.action_id is not null"),
        LIST("list_id::text", "list_id > 0 and action_id = 0", "true"),
        CAMERA("camera_id", "list_id = 0 and action_id = 0", "true"),
        DAY("day::text", "list_id = 0 and action_id = 0", "true");

        private final String scanKey;
        private final String scanRows;
        private final String hitRows;

        By(String scanKey, String scanRows, String hitRows) {
            this.scanKey = scanKey;
            this.scanRows = scanRows;
            this.hitRows = hitRows;
        }

        String hitKey() {
            return switch (this) {
                case ACTION -> "h.action_id::text";
                case LIST -> "h.list_id::text";
                case CAMERA -> "h.camera_id";
                case DAY -> LOCAL_DAY + "::text";
            };
        }
    }

    /**
     * The day of a hit on the clock of its camera's organisation, as the scan counts are kept: the same read is on the
     * same day in both. Explicit, so the database session's time zone plays no part.
     */
    static final String LOCAL_DAY = "(h.observed_at at time zone coalesce(hz.time_zone, 'Europe/Amsterdam'))::date";

    /** Optional narrowing: days (inclusive, on the clock of the camera's organisation), one action, one list. */
    public record Filter(LocalDate fromDay, LocalDate toDay, Long actionId, Long listId) {
    }

    private final DataSource db;

    public HitStats(DataSource db) {
        this.db = db;
    }

    public List<StatsRow> by(By by, Filter f) {
        return by(by, f, Visibility.everything());
    }

    /**
     * The statistics of what the caller may see: hits as {@link HitVisibility}, reads scanned at the cameras it
     * sees (own and shared), per list only for the lists whose hits it sees, per action only for its own actions.
     */
    public List<StatsRow> by(By by, Filter f, Visibility v) {
        Map<String, long[]> scanned = new TreeMap<>();
        Map<String, StatsRow> rows = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            StringBuilder scanSql = new StringBuilder("select " + by.scanKey + ", sum(reads) from scan_count s where ");
            List<Object> scanArgs = new ArrayList<>();
            // Scan rows count a read once per camera, once per list it was scanned for and once per running action;
            // pick the rows that answer the question asked.
            if (f.actionId() != null) {
                scanSql.append(by == By.LIST ? "false" : "list_id = 0 and action_id = ?");
                if (by != By.LIST) scanArgs.add(f.actionId());
            } else if (f.listId() != null) {
                scanSql.append(by == By.ACTION ? "false" : "list_id = ? and action_id = 0");
                if (by != By.ACTION) scanArgs.add(f.listId());
            } else {
                scanSql.append(by.scanRows);
            }
            days(scanSql, scanArgs, f, "day");
            if (!v.all()) {
                scanSql.append(" and s.camera_id = any(?)");
                scanArgs.add(v.hitCameraArray());
                scanSql.append(" and (s.list_id = 0 or exists (select 1 from reference_list l where l.id = s.list_id and ")
                        .append(HitVisibility.sql(v, "s", "l", scanArgs)).append("))");
                scanSql.append(" and (s.action_id = 0 or exists (select 1 from enforcement_action a where a.id = s.action_id"
                        + " and a.organisation = ?))");
                scanArgs.add(v.organisation());
            }
            scanSql.append(" group by 1");
            try (PreparedStatement ps = prepare(c, scanSql.toString(), scanArgs); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) scanned.put(rs.getString(1), new long[] {rs.getLong(2)});
            }
            StringBuilder hitSql = new StringBuilder("select " + by.hitKey() + """
                    , count(*), count(*) filter (where outcome is null),
                      count(*) filter (where outcome in ('STOPPED_CHECKED', 'FINE_PAID', 'ARREST', 'VEHICLE_SEIZED')),
                      count(*) filter (where outcome = 'STOPPED_CHECKED'),
                      count(*) filter (where outcome = 'FINE_PAID'),
                      coalesce(sum(outcome_amount) filter (where outcome = 'FINE_PAID'), 0),
                      count(*) filter (where outcome = 'ARREST'),
                      count(*) filter (where outcome = 'VEHICLE_SEIZED'),
                      count(*) filter (where outcome = 'NOT_STOPPED'),
                      count(*) filter (where outcome = 'MISREAD'),
                      count(*) filter (where outcome is not null)
                    from hit h join reference_list l on l.id = h.list_id
                      left join camera hc on hc.id = h.camera_id left join organisation hz on hz.code = hc.organisation
                    where not h.historical and\s""").append(by.hitRows);
            List<Object> hitArgs = new ArrayList<>();
            hitSql.append(" and ").append(HitVisibility.sql(v, "h", "l", hitArgs));
            if (!v.all() && by == By.ACTION) {
                hitSql.append(" and exists (select 1 from enforcement_action a where a.id = h.action_id and a.organisation = ?)");
                hitArgs.add(v.organisation());
            }
            days(hitSql, hitArgs, f, LOCAL_DAY);
            if (f.actionId() != null) { hitSql.append(" and h.action_id = ?"); hitArgs.add(f.actionId()); }
            if (f.listId() != null) { hitSql.append(" and h.list_id = ?"); hitArgs.add(f.listId()); }
            hitSql.append(" group by 1");
            try (PreparedStatement ps = prepare(c, hitSql.toString(), hitArgs); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    long scans = scanned.getOrDefault(key, new long[] {0})[0];
                    long hits = rs.getLong(2);
                    long decided = rs.getLong(12);
                    long misreads = rs.getLong(11);
                    rows.put(key, new StatsRow(key, scans, hits, rs.getLong(3), rate(hits, scans), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7), rs.getLong(8), rs.getLong(9),
                            rs.getLong(10), misreads, rate(misreads, decided)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not compute statistics", e);
        }
        scanned.forEach((key, n) -> rows.putIfAbsent(key, new StatsRow(key, n[0], 0, 0, 0, 0, 0, 0, BigDecimal.ZERO,
                0, 0, 0, 0, 0)));
        return List.copyOf(rows.values());
    }

    /** Rolls up the appended scan rows of the given day; the maintenance thread calls it. */
    public void rollUp(LocalDate day) {
        try (Connection c = db.getConnection()) {
            ScanCounts.rollUp(c, day);
        } catch (SQLException e) {
            throw new IllegalStateException("could not roll up scan counts of " + day, e);
        }
    }

    private static void days(StringBuilder sql, List<Object> args, Filter f, String day) {
        if (f.fromDay() != null) { sql.append(" and ").append(day).append(" >= ?"); args.add(Date.valueOf(f.fromDay())); }
        if (f.toDay() != null) { sql.append(" and ").append(day).append(" <= ?"); args.add(Date.valueOf(f.toDay())); }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        Sql.bind(c, ps, args.toArray());
        return ps;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
