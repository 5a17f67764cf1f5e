package org.openanpr.hit;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Hits in PostgreSQL. Hits are never deleted by the officer's actions: only their retention ends them. */
public final class HitStore {
    private static final String SELECT = """
            select h.id, h.passage_id, h.observed_at, h.camera_id, h.plate, h.country, h.confidence, h.lat, h.lon,
                   h.list_id, l.name, l.category, l.organisation, h.entry_id, h.entry_plate, h.entry_reason, h.entry_amount,
                   h.match_kind, h.distance, h.instruction, h.priority, h.action_id, h.historical,
                   exists (select 1 from hit_image i where i.hit_id = h.id), h.created_at,
                   h.acknowledged_by, h.acknowledged_at, h.outcome, h.outcome_amount, h.outcome_note, h.outcome_by, h.outcome_at,
                   exists (select 1 from hit_image i where i.hit_id = h.id and i.kind = 'overview')
            from hit h join reference_list l on l.id = h.list_id""";
    private final DataSource db;

    public HitStore(DataSource db) {
        this.db = db;
    }

    /**
     * Stores hits inside the caller's transaction; a hit already stored for the same read, list and entry is skipped.
     * Returns the ids of the hits that were new, in the order given. All hits go as one statement, their columns as
     * arrays, whatever their number: a list switched on over a month of passages finds thousands at once, and a
     * statement per hit cost a round trip each.
     */
    public List<UUID> insert(Connection c, List<NewHit> hits) throws SQLException {
        List<UUID> stored = new ArrayList<>();
        if (hits.isEmpty()) return stored;
        int n = hits.size();
        UUID[] id = new UUID[n];
        UUID[] passage = new UUID[n];
        Timestamp[] observed = new Timestamp[n];
        Timestamp[] keepUntil = new Timestamp[n];
        String[] camera = new String[n], plate = new String[n], country = new String[n], entryPlate = new String[n],
                reason = new String[n], amount = new String[n], kind = new String[n], instruction = new String[n];
        Float[] confidence = new Float[n];
        Double[] lat = new Double[n], lon = new Double[n];
        Long[] list = new Long[n], entry = new Long[n], action = new Long[n];
        Integer[] distance = new Integer[n], priority = new Integer[n];
        Boolean[] historical = new Boolean[n];
        for (int i = 0; i < n; i++) {
            NewHit h = hits.get(i);
            id[i] = UUID.randomUUID();
            passage[i] = h.passageId();
            observed[i] = Timestamp.from(h.observedAt());
            camera[i] = h.cameraId();
            plate[i] = h.plate();
            country[i] = h.country();
            confidence[i] = h.confidence();
            lat[i] = h.lat();
            lon[i] = h.lon();
            list[i] = h.match().list().id();
            entry[i] = h.entry() == null ? null : h.entry().id();
            entryPlate[i] = h.match().entryPlate();
            reason[i] = h.entry() == null ? null : h.entry().reason();
            amount[i] = h.entry() == null || h.entry().amount() == null ? null : h.entry().amount().toPlainString();
            kind[i] = h.match().kind().name();
            distance[i] = h.match().distance();
            instruction[i] = h.match().list().instruction();
            priority[i] = h.match().list().priority();
            action[i] = h.match().actionId();
            historical[i] = h.historical();
            keepUntil[i] = Timestamp.from(h.keepUntil());
        }
        java.util.Set<UUID> isNew = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into hit (id, passage_id, observed_at, camera_id, plate, country, confidence, lat, lon, list_id,
                    entry_id, entry_plate, entry_reason, entry_amount, match_kind, distance, instruction, priority,
                    action_id, historical, keep_until)
                select id, passage_id, observed_at, camera_id, plate, country, confidence, lat, lon, list_id,
                    entry_id, entry_plate, entry_reason, entry_amount::numeric, match_kind, distance, instruction, priority,
                    action_id, historical, keep_until
                from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::real[], ?::float8[],
                            ?::float8[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                            ?::int[], ?::bigint[], ?::boolean[], ?::timestamptz[])
                    with ordinality as t(id, passage_id, observed_at, camera_id, plate, country, confidence, lat, lon, list_id,
                    entry_id, entry_plate, entry_reason, entry_amount, match_kind, distance, instruction, priority,
                    action_id, historical, keep_until, n)
                order by n
                on conflict (passage_id, list_id, entry_plate) do nothing
                returning id""")) {
            Object[][] columns = {id, passage, observed, camera, plate, country, confidence, lat, lon, list, entry, entryPlate,
                    reason, amount, kind, distance, instruction, priority, action, historical, keepUntil};
            String[] types = {"uuid", "uuid", "timestamptz", "text", "text", "text", "float4", "float8", "float8", "int8",
                    "int8", "text", "text", "text", "text", "int4", "text", "int4", "int8", "bool", "timestamptz"};
            for (int i = 0; i < columns.length; i++) ps.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) isNew.add(rs.getObject(1, UUID.class));
            }
        }
        try (PreparedStatement img = c.prepareStatement("insert into hit_image (hit_id, kind, jpeg) values (?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                if (!isNew.contains(id[i])) continue;
                stored.add(id[i]);
                image(img, id[i], "plate", hits.get(i).plateImage());
                image(img, id[i], "overview", hits.get(i).overviewImage());
            }
            img.executeBatch();
        }
        return stored;
    }

    public List<Hit> find(List<UUID> ids) {
        if (ids.isEmpty()) return List.of();
        try (Connection c = db.getConnection()) {
            return find(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read hits", e);
        }
    }

    /** The hits, read on the caller's connection (inside its transaction: they need not be committed yet). */
    public List<Hit> find(Connection c, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) return List.of();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " where h.id = any(?) order by h.observed_at, h.priority desc")) {
            // Planned at every execution, never from a plan the server cached: the read writer runs this after every
            // group with hits, and a cached plan made while the tables were small kept scanning hit and hit_image
            // whole (1.8 ms a call in bench ingest, growing with the tables) until the next ANALYZE, which a busy
            // autovacuum gives the table every minute or so. A fresh plan sees the tables' current size.
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            return read(ps);
        }
    }

    public Optional<Hit> find(UUID id) {
        return find(List.of(id)).stream().findFirst();
    }

    /** The hit if the caller may see it; another organisation's hit is absent, as if it did not exist. */
    public Optional<Hit> find(UUID id, Visibility v) {
        List<Object> args = new ArrayList<>();
        args.add(id);
        String sql = SELECT + " where h.id = ? and " + HitVisibility.sql(v, "h", "l", args);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args.toArray());
            return read(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read hit " + id, e);
        }
    }

    /** Hits the caller may see that match the query, newest first. */
    public List<Hit> list(HitQuery q, Visibility v) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" where ").append(HitVisibility.sql(v, "h", "l", args));
        if (q.open() != null) sql.append(q.open() ? " and h.outcome is null" : " and h.outcome is not null");
        if (q.listId() != null) { sql.append(" and h.list_id = ?"); args.add(q.listId()); }
        if (q.actionId() != null) { sql.append(" and h.action_id = ?"); args.add(q.actionId()); }
        if (q.camera() != null) { sql.append(" and h.camera_id = ?"); args.add(q.camera()); }
        if (q.plate() != null) { sql.append(" and h.plate = ?"); args.add(q.plate()); }
        if (q.from() != null) { sql.append(" and h.observed_at >= ?"); args.add(Timestamp.from(q.from())); }
        if (q.to() != null) { sql.append(" and h.observed_at < ?"); args.add(Timestamp.from(q.to())); }
        sql.append(" order by h.observed_at desc, h.id limit ?");
        args.add(q.limit());
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(c, ps, args.toArray());
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("could not list hits", e);
        }
    }

    /** When a hit was stored ({@code created_at}: its transaction's start); empty when it is not (or no longer). */
    public Optional<Instant> createdAt(UUID id) {
        return Sql.list(db, "select created_at from hit where id = ?", rs -> rs.getTimestamp(1).toInstant(), id).stream().findFirst();
    }

    /**
     * The hits an alert listener missed, for a stream that reconnects: those the caller may see and its filter takes,
     * stored since {@code since} ({@code created_at}; the last delivered alert's, less an overlap), the hit
     * {@code except} (the last delivered one, or null) left out, the newest {@code limit}, oldest first.
     *
     * <p>{@code created_at} is its transaction's start, and transactions commit in another order than they start:
     * a hit created just before the last one delivered may have committed after it. The overlap takes those too; a
     * listener knows the hits it already has by their ids (the SSE event id).
     */
    public List<Hit> missedSince(Instant since, UUID except, AlertFilter f, Visibility v, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(since));
        args.add(except);
        StringBuilder sql = new StringBuilder(SELECT).append(" ").append("""
                 where h.created_at >= ? and h.id is distinct from ?::uuid and\s""").append(HitVisibility.sql(v, "h", "l", args));
        if (f.listId() != null) { sql.append(" and h.list_id = ?"); args.add(f.listId()); }
        if (f.actionId() != null) { sql.append(" and h.action_id = ?"); args.add(f.actionId()); }
        if (f.region() != null) {
            sql.append(" and exists (select 1 from camera rc where rc.id = h.camera_id and rc.organisation = ?)");
            args.add(f.region());
        }
        sql.append(" order by h.created_at desc, h.observed_at desc, h.id limit ?");
        args.add(limit);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Sql.bind(c, ps, args.toArray());
            List<Hit> newestFirst = read(ps);
            return newestFirst.reversed();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the hits missed since " + since, e);
        }
    }

    /**
     * How many hits the caller may see are open, how many arrived since {@code from}, and those per hour. The hours are
     * UTC hours whatever the database session's time zone (a +05:30 session would otherwise cut them at half past).
     */
    public HitSummary summary(Instant from, Visibility v) {
        List<Object> args = new ArrayList<>();
        args.add(from);
        String where = " from hit h join reference_list l on l.id = h.list_id where "
                + HitVisibility.sql(v, "h", "l", args);
        long[] counts = Sql.list(db, "select count(*) filter (where h.outcome is null), count(*) filter (where h.observed_at >= ?)"
                + where, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, args.toArray()).getFirst();
        List<HitSummary.Hour> perHour = Sql.list(db, "select date_trunc('hour', h.observed_at, 'UTC'), count(*)" + where
                + " and h.observed_at >= ? group by 1 order by 1",
                rs -> new HitSummary.Hour(rs.getTimestamp(1).toInstant(), rs.getLong(2)),
                java.util.stream.Stream.concat(args.stream().skip(1), java.util.stream.Stream.of(from)).toArray());
        return new HitSummary(from, counts[0], counts[1], perHour);
    }

    /** Marks the hit seen by {@code who}; a second acknowledgement keeps the first. */
    public boolean acknowledge(UUID id, String who, Instant at) {
        return Sql.update(db, "update hit set acknowledged_by = coalesce(acknowledged_by, ?), acknowledged_at = coalesce(acknowledged_at, ?) where id = ?",
                who, at, id) == 1;
    }

    /** Records the outcome once; false when the hit already has one (or does not exist). */
    public boolean recordOutcome(UUID id, Outcome outcome, BigDecimal amount, String note, String who, Instant at) {
        return Sql.update(db, """
                update hit set outcome = ?, outcome_amount = ?, outcome_note = ?, outcome_by = ?, outcome_at = ?,
                    acknowledged_by = coalesce(acknowledged_by, ?), acknowledged_at = coalesce(acknowledged_at, ?)
                where id = ? and outcome is null""", outcome.name(), amount, note, who, at, who, at, id) == 1;
    }

    /** A hit's image, if the caller may see the hit. */
    public Optional<byte[]> image(UUID id, String kind, Visibility v) {
        List<Object> args = new ArrayList<>();
        args.add(id);
        args.add(kind);
        String sql = "select i.jpeg from hit_image i join hit h on h.id = i.hit_id join reference_list l on l.id = h.list_id "
                + "where i.hit_id = ? and i.kind = ? and " + HitVisibility.sql(v, "h", "l", args);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read hit image", e);
        }
    }

    private static List<Hit> read(PreparedStatement ps) throws SQLException {
        List<Hit> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String outcome = rs.getString(28);
                out.add(new Hit(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), instant(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getFloat(7), rs.getObject(8, Double.class),
                        rs.getObject(9, Double.class), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getObject(14, Long.class), rs.getString(15), rs.getString(16), rs.getBigDecimal(17),
                        rs.getString(18), rs.getInt(19), rs.getString(20), rs.getInt(21), rs.getObject(22, Long.class),
                        rs.getBoolean(23), rs.getBoolean(24), instant(rs, 25), rs.getString(26), instant(rs, 27),
                        outcome == null ? null : Outcome.valueOf(outcome), rs.getBigDecimal(29), rs.getString(30),
                        rs.getString(31), instant(rs, 32), rs.getBoolean(33)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void image(PreparedStatement img, UUID id, String kind, byte[] jpeg) throws SQLException {
        if (jpeg == null) return;
        img.setObject(1, id);
        img.setString(2, kind);
        img.setBytes(3, jpeg);
        img.addBatch();
    }
}
