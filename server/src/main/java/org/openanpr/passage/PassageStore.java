package org.openanpr.passage;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
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

/**
 * Writes passages. A batch is COPYed into a per-connection staging table and moved with
 * {@code insert .. on conflict do nothing}, so a resent read is recognised as a duplicate without
 * failing its batch, whatever time the resend carries (the id is claimed once, in {@code read_id}). The commit happens before the caller answers: an acknowledged read is durable.
 */
public final class PassageStore {
    private static final String STAGE = """
            create temp table if not exists passage_stage (
                id uuid, observed_at timestamptz, camera_id text, plate text, plate_key text collate "C",
                country text, confidence real, lat double precision, lon double precision, has_images boolean
            ) on commit delete rows""";
    private static final String COLUMNS = "id, observed_at, camera_id, plate, plate_key, country, confidence, lat, lon, has_images";
    /**
     * A read id is claimed in {@code read_id} (unpartitioned, keyed by the id alone) before its passage is written:
     * the passage's own key includes its day, so a resend with another time would otherwise be a second passage.
     */
    private static final String INSERT = """
            with claimed as (
                insert into read_id (id, observed_at) select id, observed_at from passage_stage
                on conflict (id) do nothing returning id)
            insert into passage (%s) select %s from passage_stage s where s.id in (select id from claimed)
            on conflict do nothing returning id""".formatted(COLUMNS, COLUMNS);

    private final DataSource db;
    private final Partitions partitions;

    public PassageStore(DataSource db, Partitions partitions) {
        this.db = db;
        this.partitions = partitions;
    }

    /**
     * Stores the passages (ids distinct within the batch) and what matching found for the new ones in one
     * transaction, then runs the stage's after-commit step. Returns the ids that were new.
     */
    public Set<UUID> insert(List<Passage> passages, MatchStage.Pending matched) {
        partitions.ensure(passages.stream().map(p -> Partitions.dayOf(p.observedAt())).distinct().toList());
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(STAGE);
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn("copy passage_stage (" + COLUMNS + ") from stdin (format csv)", new StringReader(csv(passages)));
                Set<UUID> inserted = new HashSet<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(INSERT)) {
                    while (rs.next()) inserted.add(rs.getObject(1, UUID.class));
                }
                insertImages(c, passages, inserted);
                matched.record(c, inserted);
                c.commit();
                matched.afterCommit();
                return inserted;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not store " + passages.size() + " passages", e);
        }
    }

    private static void insertImages(Connection c, List<Passage> passages, Set<UUID> inserted) throws SQLException {
        if (passages.stream().noneMatch(Passage::hasImages)) return;
        try (PreparedStatement ps = c.prepareStatement(
                "insert into passage_image (passage_id, observed_at, kind, jpeg) values (?, ?, ?, ?)")) {
            for (Passage p : passages) {
                if (!p.hasImages() || !inserted.contains(p.id())) continue;
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

    /** Every value here is validated text without commas or quotes (plates, ids, codes), so no quoting is needed. */
    private static String csv(List<Passage> passages) {
        StringBuilder sb = new StringBuilder(passages.size() * 120);
        for (Passage p : passages) {
            sb.append(p.id()).append(',')
                    .append(p.observedAt()).append(',')
                    .append(p.cameraId()).append(',')
                    .append(p.plate()).append(',')
                    .append(p.plateKey()).append(',')
                    .append(p.country() == null ? "" : p.country()).append(',')
                    .append(p.confidence()).append(',')
                    .append(p.lat() == null ? "" : p.lat()).append(',')
                    .append(p.lon() == null ? "" : p.lon()).append(',')
                    .append(p.hasImages()).append('\n');
        }
        return sb.toString();
    }
}
