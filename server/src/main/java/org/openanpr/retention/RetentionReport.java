package org.openanpr.retention;

import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.passage.Partitions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof, from the data itself, that nothing is kept beyond its limit: per camera the oldest passage against its
 * regime, the oldest image, no-hit passages at hits-only cameras, hits past their retention; and the purges done.
 */
public final class RetentionReport {
    public record Check(String subject, String limit, String found, boolean ok) {
    }

    public record Purge(Instant ranAt, String what, Instant periodFrom, Instant periodTo, long rows, String detail) {
    }

    public record Report(Instant at, boolean ok, List<Check> checks, List<Purge> recentPurges) {
        public String text() {
            StringBuilder sb = new StringBuilder("retention report at " + at + "\n");
            for (Check c : checks)
                sb.append(c.ok() ? "  ok         " : "  VIOLATION  ").append(c.subject()).append(": ").append(c.found())
                        .append(" (limit: ").append(c.limit()).append(")\n");
            sb.append("recent purges:\n");
            for (Purge p : recentPurges)
                sb.append("  ").append(p.ranAt()).append("  ").append(p.what()).append(", period ")
                        .append(p.periodFrom() == null ? "…" : p.periodFrom()).append(" – ").append(p.periodTo())
                        .append(": ").append(p.rows()).append(" rows").append(p.detail() == null ? "" : " (" + p.detail() + ")")
                        .append('\n');
            sb.append(ok ? "OK: no passage, image, hit or finding is older than its limit\n"
                    : "VIOLATION: data older than its limit exists; run the purge\n");
            return sb.toString();
        }
    }

    private final DataSource db;
    private final Partitions partitions;
    private final CameraRegistry cameras;
    private final RetentionPolicies policies;
    private final Clock clock;

    public RetentionReport(DataSource db, Partitions partitions, CameraRegistry cameras, RetentionPolicies policies,
                           Clock clock) {
        this.db = db;
        this.partitions = partitions;
        this.cameras = cameras;
        this.policies = policies;
        this.clock = clock;
    }

    public Report build() {
        return build(null);
    }

    /**
     * The report over one organisation's cameras and the hits of its lists, with the purges that concern them
     * (its cameras' and those of every organisation's day partitions); {@code null} for the whole platform.
     */
    public Report build(String organisation) {
        Instant now = clock.instant();
        List<Check> checks = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            for (Camera camera : cameras.all()) {
                if (organisation != null && !organisation.equals(camera.organisation())) continue;
                RetentionPolicy p = policies.forCamera(camera.id());
                Instant cutoff = p.period().cutoff(now);
                Instant oldest = instant(c, "select min(observed_at) from passage where camera_id = ?", camera.id());
                checks.add(new Check("camera " + camera.id() + " oldest passage",
                        p.regime() + ", " + p.days() + " days: nothing before " + cutoff,
                        oldest == null ? "none" : oldest.toString(), oldest == null || !oldest.isBefore(cutoff)));
                if (!p.keepsNoHitReads()) {
                    long noHit = count(c, """
                            select count(*) from passage p where p.camera_id = ?
                            and not exists (select 1 from hit h where h.passage_id = p.id)""", camera.id());
                    checks.add(new Check("camera " + camera.id() + " passages without a hit", "HITS_ONLY: none",
                            String.valueOf(noHit), noHit == 0));
                }
            }
            Instant cutoff = new RetentionPeriod(RetentionPeriod.MAX_DAYS).cutoff(now);
            if (organisation == null) {
                Instant oldestImage = oldestImage(c);
                checks.add(new Check("oldest image", "nothing before " + cutoff, oldestImage == null ? "none" : oldestImage.toString(),
                        oldestImage == null || !oldestImage.isBefore(cutoff)));
                Instant oldestAny = instant(c, "select min(observed_at) from passage", null);
                checks.add(new Check("oldest passage of any camera", "nothing before " + cutoff,
                        oldestAny == null ? "none" : oldestAny.toString(), oldestAny == null || !oldestAny.isBefore(cutoff)));
                long staleHits = count(c, "select count(*) from hit where keep_until < ?", Timestamp.from(now));
                checks.add(new Check("hits past their list's retention", "none", String.valueOf(staleHits), staleHits == 0));
            } else {
                Instant oldestImage = oldestImage(c, organisation);
                checks.add(new Check("oldest image of " + organisation + "'s cameras", "nothing before " + cutoff,
                        oldestImage == null ? "none" : oldestImage.toString(), oldestImage == null || !oldestImage.isBefore(cutoff)));
                long staleHits = count(c, """
                        select count(*) from hit h join reference_list l on l.id = h.list_id
                        where l.organisation = ? and h.keep_until < ?""", organisation, Timestamp.from(now));
                checks.add(new Check("hits of " + organisation + "'s lists past their retention", "none",
                        String.valueOf(staleHits), staleHits == 0));
            }
            for (Purger.Finding f : Purger.FINDINGS) {
                long stale = count(c, "select count(*) from " + f.table() + " where " + f.time()
                        + " < ? and (?::text is null or organisation = ?)", Timestamp.from(cutoff), organisation, organisation);
                checks.add(new Check(f.table().replace('_', ' ') + "s" + (organisation == null ? "" : " of " + organisation)
                        + " before " + cutoff, "none", String.valueOf(stale), stale == 0));
            }
            return new Report(now, checks.stream().allMatch(Check::ok), checks, purges(c, organisation));
        } catch (SQLException e) {
            throw new IllegalStateException("could not build the retention report", e);
        }
    }

    /** Images have no time index of their own: find the oldest day partition holding any, then its oldest. */
    private Instant oldestImage(Connection c) throws SQLException {
        for (LocalDate day : partitions.imageDays()) {
            Instant oldest = instant(c, "select min(observed_at) from " + Partitions.imageTable(day), null);
            if (oldest != null) return oldest;
        }
        return null;
    }

    /** An organisation's cameras' images, oldest day partition first. */
    private Instant oldestImage(Connection c, String organisation) throws SQLException {
        java.util.Set<LocalDate> passageDays = partitions.passageDays();
        for (LocalDate day : partitions.imageDays()) {
            if (!passageDays.contains(day)) continue; // an image without its passage names no camera
            Instant oldest = instant(c, "select min(i.observed_at) from " + Partitions.imageTable(day) + " i join "
                    + Partitions.passageTable(day) + " p on p.id = i.passage_id and p.observed_at = i.observed_at "
                    + "join camera cam on cam.id = p.camera_id where cam.organisation = ?", organisation);
            if (oldest != null) return oldest;
        }
        return null;
    }

    /**
     * The latest purges; for an organisation those of whole day partitions and of platform-wide hit retention (which
     * belong to no one), and those of its cameras or itself, so no other organisation's camera is shown.
     */
    private static List<Purge> purges(Connection c, String organisation) throws SQLException {
        List<Purge> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select ran_at, what, period_from, period_to, rows, detail from purge_log g
                where ?::text is null or (g.camera_id is null and g.organisation is null) or g.organisation = ?
                   or g.camera_id in (select id from camera where organisation = ?)
                order by id desc limit 20""")) {
            Sql.bind(c, ps, organisation, organisation, organisation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Purge(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                        rs.getLong(5), rs.getString(6)));
            }
        }
        return out;
    }

    private static Instant instant(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) Sql.bind(c, ps, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
