package org.openanpr.retention;

import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.passage.Partitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what may no longer be kept, and writes down what it removed. Every step is idempotent and commits on its
 * own, so a purge cut short (a crash, a restart) is completed by the next run; one runs at every start.
 * <ol>
 *     <li>day partitions wholly older than the legal maximum are dropped, passages and images together;</li>
 *     <li>cameras with a shorter period lose their older passages and images row by row;</li>
 *     <li>cameras under "hits only" lose any passage without a hit (left from before the regime was chosen);</li>
 *     <li>hits past their list's retention are deleted with their images;</li>
 *     <li>what connectors keep for the administrator — reads held for a camera nobody mapped, payloads that could
 *     not be read, the refused lines of finished CSV imports — is deleted after the connector's term ({@code heldDays}, {@code rejectedDays} in its settings,
 *     default {@value #CONNECTOR_DEFAULT_DAYS}, never beyond the legal maximum): they hold plates too.</li>
 * </ol>
 */
public final class Purger {
    private static final Logger log = LoggerFactory.getLogger(Purger.class);
    private final DataSource db;
    private final Partitions partitions;
    private final CameraRegistry cameras;
    private final RetentionPolicies policies;
    private final Clock clock;

    public Purger(DataSource db, Partitions partitions, CameraRegistry cameras, RetentionPolicies policies, Clock clock) {
        this.db = db;
        this.partitions = partitions;
        this.cameras = cameras;
        this.policies = policies;
        this.clock = clock;
    }

    /** What one run removed. */
    public record Result(int partitionsDropped, long passagesRemoved, long imagesRemoved, long hitsRemoved,
                         long sessionsRemoved, long heldReadsRemoved, long rejectedPayloadsRemoved, long findingsRemoved) {
    }

    /** How long a connector keeps held reads and rejected payloads when its settings name no term. */
    public static final int CONNECTOR_DEFAULT_DAYS = 7;

    /** Web sessions are kept a day after they ended (expired or logged out); the audit log keeps the logins. */
    static final java.time.Duration SESSION_AFTERLIFE = java.time.Duration.ofDays(1);

    public synchronized Result purge() {
        Instant now = clock.instant();
        try {
            RetentionPeriod max = new RetentionPeriod(RetentionPeriod.MAX_DAYS);
            int dropped = 0;
            long passages = 0;
            long images = 0;
            for (LocalDate day : passageDays()) {
                if (!max.wholeDayExpired(day, now)) continue;
                long[] removed = dropDay(day, now);
                dropped++;
                passages += removed[0];
                images += removed[1];
            }
            for (Camera camera : cameras.all()) {
                RetentionPolicy policy = policies.forCamera(camera.id());
                if (policy.days() < RetentionPeriod.MAX_DAYS) {
                    long[] removed = deleteOlder(camera.id(), policy.period().cutoff(now), now);
                    passages += removed[0];
                    images += removed[1];
                }
                if (!policy.keepsNoHitReads()) {
                    long[] removed = deleteWithoutHits(camera.id(), now);
                    passages += removed[0];
                    images += removed[1];
                }
            }
            long hits = deleteExpiredHits(now);
            long sessions = deleteEndedSessions(now);
            long[] connectorItems = deleteConnectorItems(null, now);
            long findings = deleteFindings(null, now);
            if (dropped + passages + images + hits + sessions + connectorItems[0] + connectorItems[1] + findings > 0)
                log.info("purge: {} day partitions dropped, {} passages, {} images, {} hits, {} ended sessions, {} held reads, {} rejected payloads, {} clone suspects and section violations removed",
                        dropped, passages, images, hits, sessions, connectorItems[0], connectorItems[1], findings);
            return new Result(dropped, passages, images, hits, sessions, connectorItems[0], connectorItems[1], findings);
        } catch (Exception e) {
            throw new IllegalStateException("purge failed; the next run completes it", e);
        }
    }

    /**
     * A purge of one organisation's data only, as its privacy officer starts it: its cameras' passages and images
     * past their regime, and the hits of its lists past their retention. Whole day partitions, which hold every
     * organisation's passages, are left to the hourly run.
     */
    public synchronized Result purge(String organisation) {
        Instant now = clock.instant();
        try {
            long passages = 0;
            long images = 0;
            for (Camera camera : cameras.all()) {
                if (!camera.organisation().equals(organisation)) continue;
                RetentionPolicy policy = policies.forCamera(camera.id());
                long[] removed = deleteOlder(camera.id(), policy.period().cutoff(now), now);
                passages += removed[0];
                images += removed[1];
                if (!policy.keepsNoHitReads()) {
                    removed = deleteWithoutHits(camera.id(), now);
                    passages += removed[0];
                    images += removed[1];
                }
            }
            long hits = Tx.run(db, c -> {
                long n;
                try (PreparedStatement ps = c.prepareStatement("""
                        delete from hit h using reference_list l
                        where l.id = h.list_id and l.organisation = ? and h.keep_until < ?""")) {
                    Sql.bind(c, ps, organisation, now);
                    n = ps.executeLargeUpdate();
                }
                if (n > 0) record(c, now, "hits past their list's retention", null, now, n, null, null, organisation);
                return n;
            });
            long[] connectorItems = deleteConnectorItems(organisation, now);
            return new Result(0, passages, images, hits, 0, connectorItems[0], connectorItems[1], deleteFindings(organisation, now));
        } catch (Exception e) {
            throw new IllegalStateException("purge of " + organisation + " failed; the next run completes it", e);
        }
    }

    /** The days with a passage or an image partition (a purge cut short may have left one of the two), oldest first. */
    private List<LocalDate> passageDays() throws SQLException {
        java.util.SortedSet<LocalDate> days = partitions.passageDays();
        days.addAll(partitions.imageDays());
        return new ArrayList<>(days);
    }

    private long[] dropDay(LocalDate day, Instant now) throws Exception {
        return Tx.run(db, c -> {
            long passages = countIfExists(c, Partitions.passageTable(day));
            long images = countIfExists(c, Partitions.imageTable(day));
            partitions.drop(c, day);
            Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            record(c, now, "passage day partition (passages and images)", from, from.plusSeconds(86_400), passages + images, null, null,
                    passages + " passages, " + images + " images");
            return new long[] {passages, images};
        });
    }

    private long[] deleteOlder(String camera, Instant cutoff, Instant now) throws Exception {
        return Tx.run(db, c -> {
            long images = update(c, """
                    delete from passage_image i using passage p
                    where i.passage_id = p.id and i.observed_at = p.observed_at and p.camera_id = ? and p.observed_at < ?""",
                    camera, cutoff);
            long passages = update(c, "delete from passage where camera_id = ? and observed_at < ?", camera, cutoff);
            if (passages + images > 0)
                record(c, now, "passages of camera " + camera + " past its retention", null, cutoff, passages + images, camera, null,
                        passages + " passages, " + images + " images");
            return new long[] {passages, images};
        });
    }

    private long[] deleteWithoutHits(String camera, Instant now) throws Exception {
        return Tx.run(db, c -> {
            long images = update(c, """
                    delete from passage_image i using passage p
                    where i.passage_id = p.id and i.observed_at = p.observed_at and p.camera_id = ? and p.observed_at < ?
                      and not exists (select 1 from hit h where h.passage_id = p.id)""", camera, now);
            long passages = update(c, """
                    delete from passage p where p.camera_id = ? and p.observed_at < ?
                      and not exists (select 1 from hit h where h.passage_id = p.id)""", camera, now);
            if (passages + images > 0)
                record(c, now, "no-hit passages of hits-only camera " + camera, null, now, passages + images, camera, null,
                        passages + " passages, " + images + " images");
            return new long[] {passages, images};
        });
    }

    private long deleteExpiredHits(Instant now) throws Exception {
        return Tx.run(db, c -> {
            long hits = update(c, "delete from hit where keep_until < ?", null, now);
            if (hits > 0) record(c, now, "hits past their list's retention", null, now, hits, null, null, null);
            return hits;
        });
    }

    /**
     * Held reads and rejected payloads past their connector's term, per connector (of one organisation, or all), each
     * deletion on the purge log with the connector's organisation.
     */
    private long[] deleteConnectorItems(String organisation, Instant now) throws Exception {
        record Term(String connector, String organisation, int heldDays, int rejectedDays) {
        }
        List<Term> terms = Sql.list(db, "select id, organisation, settings->>'heldDays', settings->>'rejectedDays' from connector "
                        + "where ?::text is null or organisation = ? order by id",
                rs -> new Term(rs.getString(1), rs.getString(2), connectorDays(rs.getString(3)), connectorDays(rs.getString(4))),
                organisation, organisation);
        long held = 0, rejected = 0;
        for (Term t : terms) {
            Instant heldCutoff = now.minus(java.time.Duration.ofDays(t.heldDays()));
            Instant rejectedCutoff = now.minus(java.time.Duration.ofDays(t.rejectedDays()));
            long[] n = Tx.run(db, c -> {
                long h = deleteFor(c, "delete from connector_held_read where connector_id = ? and received_at < ?", t.connector(), heldCutoff);
                if (h > 0) record(c, now, "held reads of unknown cameras of connector " + t.connector() + " past its term of "
                        + t.heldDays() + " days", null, heldCutoff, h, null, t.organisation(), h + " held reads");
                long r = deleteFor(c, "delete from connector_rejected where connector_id = ? and received_at < ?", t.connector(), rejectedCutoff);
                if (r > 0) record(c, now, "rejected payloads of connector " + t.connector() + " past its term of "
                        + t.rejectedDays() + " days", null, rejectedCutoff, r, null, t.organisation(), r + " rejected payloads");
                // The refused lines of its CSV imports (their reasons may quote what the line held), by the same term
                // from the import's end; the job itself, counts and SHA-256, stays.
                long i = deleteFor(c, "delete from connector_import_refusal where import_id in "
                        + "(select id from connector_import where connector_id = ? and finished_at < ?)", t.connector(), rejectedCutoff);
                if (i > 0) record(c, now, "refused lines of CSV imports of connector " + t.connector() + " past its term of "
                        + t.rejectedDays() + " days", null, rejectedCutoff, i, null, t.organisation(), i + " refused lines");
                return new long[]{h, r + i};
            });
            held += n[0];
            rejected += n[1];
        }
        return new long[]{held, rejected};
    }

    /**
     * What the read pipeline found beside hits and keeps as its own rows, copying its passages' evidence (times,
     * cameras, positions, the calculation): clone suspects and section speed violations. They hold plates and where
     * a vehicle was, so they are kept no longer than the passages they came from may be: the legal maximum
     * ({@value RetentionPeriod#MAX_DAYS} days) after their later sighting. A violation meant for a fine is exported
     * (CSV, report) to the fine process within that term.
     */
    private long deleteFindings(String organisation, Instant now) throws Exception {
        Instant cutoff = new RetentionPeriod(RetentionPeriod.MAX_DAYS).cutoff(now);
        return Tx.run(db, c -> {
            long total = 0;
            for (Finding f : FINDINGS) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + f.table() + " where " + f.time()
                        + " < ? and (?::text is null or organisation = ?)")) {
                    Sql.bind(c, ps, cutoff, organisation, organisation);
                    long n = ps.executeLargeUpdate();
                    if (n > 0) record(c, now, f.what(), null, cutoff, n, null, organisation, null);
                    total += n;
                }
            }
            return total;
        });
    }

    /** A kind of finding kept in a table of its own, with the time of its later sighting; also read by the report. */
    record Finding(String table, String time, String what) {
    }

    static final List<Finding> FINDINGS = List.of(
            new Finding("clone_suspect", "second_time", "clone suspects past the legal maximum"),
            new Finding("section_violation", "exit_time", "section speed violations past the legal maximum"));

    /** A connector's term in days from its settings: 1 to the legal maximum; absent or unreadable is the default. */
    static int connectorDays(String setting) {
        if (setting == null || !setting.strip().matches("\\d{1,4}")) return CONNECTOR_DEFAULT_DAYS;
        int days = Integer.parseInt(setting.strip());
        return Math.max(1, Math.min(RetentionPeriod.MAX_DAYS, days));
    }

    private static long deleteFor(Connection c, String sql, String connector, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, connector, cutoff);
            return ps.executeLargeUpdate();
        }
    }

    private long deleteEndedSessions(Instant now) throws Exception {
        return Tx.run(db, c -> {
            long n = update(c, "delete from api_token where kind = 'SESSION' and coalesce(revoked_at, expires_at) < ?", null,
                    now.minus(SESSION_AFTERLIFE));
            if (n > 0) record(c, now, "web sessions ended more than a day ago", null, now, n, null, null, null);
            return n;
        });
    }

    private static long update(Connection c, String sql, String camera, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (camera != null) Sql.bind(c, ps, camera, cutoff);
            else Sql.bind(c, ps, cutoff);
            return ps.executeLargeUpdate();
        }
    }

    private static long countIfExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            Sql.bind(c, ps, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return 0;
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One purge step on the record, with the camera or organisation whose data it removed (neither: everyone's). */
    private static void record(Connection c, Instant now, String what, Instant from, Instant to, long rows, String camera,
                               String organisation, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into purge_log (ran_at, what, period_from, period_to, rows, "
                + "detail, camera_id, organisation) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            Sql.bind(c, ps, now, what, from, to, rows, detail, camera, organisation);
            ps.executeUpdate();
        }
    }
}
