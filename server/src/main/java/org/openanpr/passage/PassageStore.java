package org.openanpr.passage;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Writes passages inside the pipeline's transaction (it owns the connection and the commit). A group is COPYed into a
 * per-connection staging table and moved with {@code insert .. on conflict do nothing}, so a resent read is recognised
 * as a duplicate without failing its group, whatever time the resend carries (the id is claimed once, in
 * {@code read_id}). A read that is not kept (no finding under a "hits only" regime) has its id claimed all the same,
 * so that its resend is a duplicate too and is counted once.
 */
public final class PassageStore {
    private static final String STAGE = """
            create temp table if not exists passage_stage (
                id uuid, observed_at timestamptz, camera_id text, plate text, plate_key text collate "C",
                country text, country_inferred boolean, confidence real, lat double precision, lon double precision,
                has_images boolean, plate_box integer[], keep boolean
            ) on commit delete rows""";
    private static final String COLUMNS = "id, observed_at, camera_id, plate, plate_key, country, country_inferred, confidence, lat, lon, has_images, plate_box";
    /**
     * A read id is claimed in {@code read_id} (unpartitioned, keyed by the id alone) before its passage is written:
     * the passage's own key includes its day, so a resend with another time would otherwise be a second passage.
     */
    private static final String INSERT = """
            with claimed as (
                insert into read_id (id, observed_at) select id, observed_at from passage_stage
                on conflict (id) do nothing returning id),
            stored as (
                insert into passage (%s) select %s from passage_stage s where s.keep and s.id in (select id from claimed)
                on conflict do nothing)
            select id from claimed""".formatted(COLUMNS, COLUMNS);

    private final Partitions partitions;

    public PassageStore(Partitions partitions) {
        this.partitions = partitions;
    }

    /** Creates the day partitions the reads need; before the transaction, on a connection of its own. */
    void prepare(List<Passage> passages) {
        partitions.ensure(passages.stream().map(p -> Partitions.dayOf(p.observedAt())).distinct().toList());
    }

    /**
     * Claims the reads' ids (distinct) and writes the kept ones with their images, in the caller's transaction.
     * Returns the ids that were new.
     */
    Set<UUID> write(Connection c, List<Passage> passages, Predicate<Passage> keep) throws SQLException, IOException {
        Set<UUID> claimed = new HashSet<>();
        if (passages.isEmpty()) return claimed;
        try (Statement st = c.createStatement()) {
            st.execute(STAGE);
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy passage_stage (" + COLUMNS + ", keep) from stdin (format csv)", new StringReader(csv(passages, keep)));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(INSERT)) {
            while (rs.next()) claimed.add(rs.getObject(1, UUID.class));
        }
        insertImages(c, passages, p -> claimed.contains(p.id()) && keep.test(p));
        return claimed;
    }

    private static void insertImages(Connection c, List<Passage> passages, Predicate<Passage> stored) throws SQLException {
        if (passages.stream().noneMatch(Passage::hasImages)) return;
        try (PreparedStatement ps = c.prepareStatement(
                "insert into passage_image (passage_id, observed_at, kind, jpeg) values (?, ?, ?, ?)")) {
            for (Passage p : passages) {
                if (!p.hasImages() || !stored.test(p)) continue;
                if (p.plateImage() != null) addImage(ps, p, "plate", p.plateImage());
                if (p.overviewImage() != null) addImage(ps, p, "overview", p.overviewImage());
            }
            ps.executeBatch();
        }
    }

    private static void addImage(PreparedStatement ps, Passage p, String kind, byte[] jpeg) throws SQLException {
        ps.setObject(1, p.id());
        ps.setTimestamp(2, Timestamp.from(p.observedAt()));
        ps.setString(3, kind);
        ps.setBytes(4, jpeg);
        ps.addBatch();
    }

    /** Every value here is validated text without commas or quotes (plates, ids, codes), so no quoting is needed; only
     * the plate box, an array literal, is quoted. */
    private static String csv(List<Passage> passages, Predicate<Passage> keep) {
        StringBuilder sb = new StringBuilder(passages.size() * 120);
        for (Passage p : passages) {
            sb.append(p.id()).append(',')
                    .append(p.observedAt()).append(',')
                    .append(p.cameraId()).append(',')
                    .append(p.plate()).append(',')
                    .append(p.plateKey()).append(',')
                    .append(p.country() == null ? "" : p.country()).append(',')
                    .append(p.country() != null && !p.countryReported()).append(',')
                    .append(p.confidence()).append(',')
                    .append(p.lat() == null ? "" : p.lat()).append(',')
                    .append(p.lon() == null ? "" : p.lon()).append(',')
                    .append(p.hasImages()).append(',')
                    .append(p.plateBox() == null ? "" : "\"{" + p.plateBox().x() + "," + p.plateBox().y() + ","
                            + p.plateBox().w() + "," + p.plateBox().h() + "}\"").append(',')
                    .append(keep.test(p)).append('\n');
        }
        return sb.toString();
    }
}
