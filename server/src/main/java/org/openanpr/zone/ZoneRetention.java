package org.openanpr.zone;

import org.openanpr.retention.RetentionPolicies;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The zone is its own purpose: a compliant or exempt decision is kept no longer than the zone's
 * {@code keepCompliantHours}, counted from the passage. Then the decision goes, and so does its passage (with its
 * images) where the passage was kept for the zone alone: at a camera whose retention regime keeps only hits, with no
 * hit and no other zone's decision holding it. Where the camera's regime keeps every passage, that regime keeps it.
 * The council's counts stay ({@code zone_count}). A rejected case keeps its images 28 days after its review, then
 * loses them; cases in review and confirmed ones keep theirs (the evidence of a fine).
 */
public final class ZoneRetention {
    private final DataSource db;
    private final RetentionPolicies retention;
    private final Clock clock;

    public ZoneRetention(DataSource db, RetentionPolicies retention, Clock clock) {
        this.db = db;
        this.retention = retention;
        this.clock = clock;
    }

    /** Images of a rejected case are kept this long after the review (for a complaint about the review), then removed. */
    static final java.time.Duration REJECTED_IMAGES = java.time.Duration.ofDays(28);

    public record Purged(int decisions, int passages, int rejectedImages) {
    }

    public Purged purge() {
        record Gone(UUID passage, Timestamp at, String camera) {
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Gone> gone = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        delete from zone_decision d using zone z
                        where d.zone_id = z.id and d.outcome in ('COMPLIANT', 'EXEMPT')
                          and d.observed_at < ?::timestamptz - z.keep_compliant_hours * interval '1 hour'
                        returning d.passage_id, d.observed_at, d.camera_id""")) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) gone.add(new Gone(rs.getObject(1, UUID.class), rs.getTimestamp(2), rs.getString(3)));
                    }
                }
                int passages = 0;
                try (PreparedStatement del = c.prepareStatement("""
                        delete from passage p where p.id = ? and p.observed_at = ?
                          and not exists (select 1 from hit h where h.passage_id = p.id)
                          and not exists (select 1 from zone_decision d where d.passage_id = p.id)""");
                     PreparedStatement img = c.prepareStatement("delete from passage_image where passage_id = ? and observed_at = ?")) {
                    for (Gone g : gone) {
                        if (retention.forCamera(g.camera()).keepsNoHitReads()) continue;
                        del.setObject(1, g.passage());
                        del.setTimestamp(2, g.at());
                        if (del.executeUpdate() == 0) continue;
                        passages++;
                        img.setObject(1, g.passage());
                        img.setTimestamp(2, g.at());
                        img.executeUpdate();
                    }
                }
                int images;
                try (PreparedStatement ps = c.prepareStatement("""
                        update zone_case set plate_image = null, overview_image = null
                        where status = 'REJECTED' and reviewed_at < ? and (plate_image is not null or overview_image is not null)""")) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant().minus(REJECTED_IMAGES)));
                    images = ps.executeUpdate();
                }
                c.commit();
                return new Purged(gone.size(), passages, images);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("zone purge failed: " + e.getMessage(), e);
        }
    }
}
