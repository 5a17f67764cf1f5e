package org.openanpr.passage;


import org.openanpr.db.CopyRows;
import org.postgresql.util.PSQLState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Writes passages inside the pipeline's transaction (it owns the connection and the commit). A group goes to the
 * database as one statement, its columns as arrays: the ids are claimed, the kept reads written, the new ids returned,
 * in one round trip whatever the group's size. A group of a few single-read requests thus costs three round trips with
 * the counts and the commit, where a staging table and COPY took five; a batch of 10,000 costs the same as by COPY.
 * A resent read is recognised as a duplicate without failing its group, whatever time the resend carries (the id is
 * claimed once, in {@code read_id}). A read that is not kept (no finding under a "hits only" regime) has its id
 * claimed all the same, so that its resend is a duplicate too and is counted once.
 */
public final class PassageStore {
    private static final String COLUMNS = "id, observed_at, camera_id, plate, plate_key, country, country_inferred, confidence, lat, lon, has_images,"
            + " make, model, colour, vehicle_type, direction, heading, speed, plate_box";
    /**
     * A read id is claimed in {@code read_id} (unpartitioned, keyed by the id alone) before its passage is written:
     * the passage's own key includes its day, so a resend with another time would otherwise be a second passage.
     */
    private static final String INSERT = """
            with incoming as (
                select * from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                     ?::real[], ?::float8[], ?::float8[], ?::boolean[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::smallint[], ?::real[], ?::text[], ?::boolean[])
                    as t(%s, keep)),
            claimed as (
                insert into read_id (id, observed_at) select id, observed_at from incoming
                on conflict (id) do nothing returning id),
            stored as (
                insert into passage (%s) select %s from incoming s where s.keep and s.id in (select id from claimed)
                on conflict do nothing)
            select id from claimed""".formatted(COLUMNS, COLUMNS, COLUMNS.replace("plate_box", "plate_box::integer[]"));

    /**
     * From this many reads a group is written in two steps, the ids claimed and the passages COPYed: COPY stores rows
     * several at a time where an INSERT inserts them one by one; below it, one statement saves a round trip.
     */
    static final int COPY_FROM = 64;

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
    Set<UUID> write(Connection c, List<Passage> passages, Predicate<Passage> keep) throws SQLException {
        Set<UUID> claimed = new HashSet<>();
        if (passages.isEmpty()) return claimed;
        if (passages.size() >= COPY_FROM) {
            claimed = claim(c, passages);
            copy(c, passages, claimed, keep);
        } else {
            insert(c, passages, keep, claimed);
        }
        Set<UUID> isNew = claimed;
        insertImages(c, passages, p -> isNew.contains(p.id()) && keep.test(p));
        return claimed;
    }

    /**
     * The group's ids claimed in {@code read_id}; returns those that were new. By COPY, which PostgreSQL writes in pages
     * where INSERT … ON CONFLICT probes and inserts row by row (6.8 against 9.8 µs a read id, on a table of 2 M); a
     * group holding an id claimed before (a camera's resend) fails it, is rolled back to before it, and is claimed
     * row by row, skipping what was claimed.
     */
    private static Set<UUID> claim(Connection c, List<Passage> passages) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            CopyRows rows = new CopyRows(passages.size());
            for (Passage p : passages) rows.value(p.id()).value(p.observedAt()).endRow();
            rows.copyInto(c, "read_id", "id, observed_at");
            c.releaseSavepoint(beforeCopy);
        } catch (SQLException e) {
            if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw e;
            c.rollback(beforeCopy);
            return claimSkippingResent(c, passages);
        }
        Set<UUID> claimed = HashSet.newHashSet(passages.size());
        for (Passage p : passages) claimed.add(p.id());
        return claimed;
    }

    private static Set<UUID> claimSkippingResent(Connection c, List<Passage> passages) throws SQLException {
        UUID[] ids = new UUID[passages.size()];
        Timestamp[] times = new Timestamp[passages.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = passages.get(i).id();
            times[i] = Timestamp.from(passages.get(i).observedAt());
        }
        Set<UUID> claimed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into read_id (id, observed_at) select * from unnest(?::uuid[], ?::timestamptz[])
                on conflict (id) do nothing returning id""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("timestamptz", times));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) claimed.add(rs.getObject(1, UUID.class));
            }
        }
        return claimed;
    }

    /**
     * The kept reads whose ids were just claimed, by COPY: a row whose id is new in {@code read_id} cannot be in
     * {@code passage} already (both go together with their day), so no conflict handling is needed.
     */
    private static void copy(Connection c, List<Passage> passages, Set<UUID> claimed, Predicate<Passage> keep)
            throws SQLException {
        CopyRows rows = new CopyRows(passages.size());
        for (Passage p : passages) {
            if (!claimed.contains(p.id()) || !keep.test(p)) continue;
            rows.value(p.id()).value(p.observedAt()).text(p.cameraId()).text(p.plate()).text(p.plateKey())
                    .text(p.country()).value(p.country() != null && !p.countryReported()).value(p.confidence())
                    .value(p.lat()).value(p.lon()).value(p.hasImages()).text(p.vehicle().make())
                    .text(p.vehicle().model()).text(p.vehicle().colour()).text(p.vehicle().type())
                    .text(p.travel().directionName())
                    .value(p.travel().heading() == null ? null : p.travel().heading().shortValue())
                    .value(p.travel().speed() == null ? null : p.travel().speed().floatValue())
                    .text(boxLiteral(p))
                    .endRow();
        }
        rows.copyInto(c, "passage", COLUMNS);
    }

    private static String boxLiteral(Passage p) {
        return p.plateBox() == null ? null
                : "{" + p.plateBox().x() + "," + p.plateBox().y() + "," + p.plateBox().w() + "," + p.plateBox().h() + "}";
    }

    private static void insert(Connection c, List<Passage> passages, Predicate<Passage> keep, Set<UUID> claimed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Columns cols = new Columns(passages.size());
            for (Passage p : passages) cols.add(p, keep.test(p));
            cols.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) claimed.add(rs.getObject(1, UUID.class));
            }
        }
    }

    /**
     * The group's reads column by column, in the order of {@link #COLUMNS} and then {@code keep}. A plate box goes as
     * the text of its array ({@code {x,y,w,h}}): unnest would flatten an array of arrays.
     */
    private static final class Columns {
        final UUID[] id;
        final Timestamp[] observedAt;
        final String[] camera, plate, plateKey, country, make, model, colour, type, direction, plateBox;
        final Boolean[] countryInferred, hasImages, keep;
        final Float[] confidence, speed;
        final Double[] lat, lon;
        final Short[] heading;
        int n;

        Columns(int size) {
            id = new UUID[size];
            observedAt = new Timestamp[size];
            camera = new String[size];
            plate = new String[size];
            plateKey = new String[size];
            country = new String[size];
            make = new String[size];
            model = new String[size];
            colour = new String[size];
            type = new String[size];
            direction = new String[size];
            plateBox = new String[size];
            countryInferred = new Boolean[size];
            hasImages = new Boolean[size];
            keep = new Boolean[size];
            confidence = new Float[size];
            speed = new Float[size];
            lat = new Double[size];
            lon = new Double[size];
            heading = new Short[size];
        }

        void add(Passage p, boolean kept) {
            id[n] = p.id();
            observedAt[n] = Timestamp.from(p.observedAt());
            camera[n] = p.cameraId();
            plate[n] = p.plate();
            plateKey[n] = p.plateKey();
            country[n] = p.country();
            countryInferred[n] = p.country() != null && !p.countryReported();
            confidence[n] = p.confidence();
            lat[n] = p.lat();
            lon[n] = p.lon();
            hasImages[n] = p.hasImages();
            make[n] = p.vehicle().make();
            model[n] = p.vehicle().model();
            colour[n] = p.vehicle().colour();
            type[n] = p.vehicle().type();
            direction[n] = p.travel().directionName();
            heading[n] = p.travel().heading() == null ? null : p.travel().heading().shortValue();
            speed[n] = p.travel().speed() == null ? null : p.travel().speed().floatValue();
            plateBox[n] = boxLiteral(p);
            keep[n] = kept;
            n++;
        }

        void bind(Connection c, PreparedStatement ps) throws SQLException {
            Object[][] arrays = {id, observedAt, camera, plate, plateKey, country, countryInferred, confidence, lat, lon,
                    hasImages, make, model, colour, type, direction, heading, speed, plateBox, keep};
            String[] types = {"uuid", "timestamptz", "text", "text", "text", "text", "bool", "float4", "float8", "float8",
                    "bool", "text", "text", "text", "text", "text", "int2", "float4", "text", "bool"};
            for (int i = 0; i < arrays.length; i++) ps.setArray(i + 1, c.createArrayOf(types[i], arrays[i]));
        }
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

}
