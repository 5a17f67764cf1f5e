package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.plate.OcrConfusion;
import org.openanpr.plate.Plates;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Clone suspects: those the pipeline stored, and a check after the fact over stored passages. */
public final class CloneStore {
    private final DataSource db;

    public CloneStore(DataSource db) {
        this.db = db;
    }

    private static final String SELECT = "select id, organisation, plate, country, reasons, first_passage, first_time, first_camera,"
            + " first_lat, first_lon, first_vehicle, second_passage, second_time, second_camera, second_lat, second_lon, second_vehicle,"
            + " metres, seconds, needed_kmh, calculation, description, created_at from clone_suspect";

    /** The suspects the pipeline found whose second sighting lies in the window, newest first. */
    public List<CloneSuspect> stored(Instant from, Instant to, int limit, Visibility v) {
        String sql = SELECT + " where second_time >= ? and second_time < ?"
                + (v.all() ? "" : " and organisation = ?") + " order by second_time desc, id desc limit ?";
        Object[] args = v.all() ? new Object[] {from, to, limit} : new Object[] {from, to, v.organisation(), limit};
        return Sql.list(db, sql, CloneStore::row, args);
    }

    /** The suspects with these ids, read in the transaction that may have stored them, in id order. */
    static List<CloneSuspect> find(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " where id = any(?) order by id")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            List<CloneSuspect> out = new ArrayList<>(ids.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        }
    }

    /** When the suspect was stored (its transaction's start); empty when there is no such suspect. */
    Optional<Instant> createdAt(long id) {
        return Sql.list(db, "select created_at from clone_suspect where id = ?", rs -> rs.getTimestamp(1).toInstant(), id)
                .stream().findFirst();
    }

    /**
     * The suspects stored since {@code since} ({@code created_at}) that {@code v} may see, of the organisation
     * {@code region} when not null, {@code except} (an id, or null) left out: the newest {@code limit}, oldest first.
     */
    List<CloneSuspect> storedSince(Instant since, Long except, String region, Visibility v, int limit) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(since), except == null ? -1L : except));
        StringBuilder sql = new StringBuilder(SELECT).append(" where created_at >= ? and id <> ?");
        if (!v.all()) {
            sql.append(" and organisation = ?");
            args.add(v.organisation());
        }
        if (region != null) {
            sql.append(" and organisation = ?");
            args.add(region);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return Sql.list(db, sql.toString(), CloneStore::row, args.toArray()).reversed();
    }

    private static CloneSuspect row(ResultSet rs) throws SQLException {
        return new CloneSuspect(rs.getLong(1), rs.getString(2), rs.getString(3),
                Plates.display(rs.getString(3), rs.getString(4)), rs.getString(4),
                Arrays.asList((String[]) rs.getArray(5).getArray()),
                new CloneSuspect.End(rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant(), rs.getString(8), dbl(rs, 9),
                        dbl(rs, 10), rs.getString(11)),
                new CloneSuspect.End(rs.getObject(12, UUID.class), rs.getTimestamp(13).toInstant(), rs.getString(14), dbl(rs, 15),
                        dbl(rs, 16), rs.getString(17)),
                dbl(rs, 18), rs.getLong(19), dbl(rs, 20), rs.getString(21), rs.getString(22), rs.getTimestamp(23).toInstant());
    }

    /** The result of a check after the fact: the suspects and how many passages were examined. */
    public record Checked(List<CloneSuspect> suspects, long passages, boolean truncated) {
    }

    /**
     * Consecutive confident sightings of each plate (one plate, or every plate) in the window at the cameras the caller
     * may see, checked pair by pair; streamed in plate order, so memory holds one plate's previous sighting.
     */
    public Checked check(String plate, Instant from, Instant to, Visibility v, CloneCheck check, int limit) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to), check.minConfidence()));
        StringBuilder sql = new StringBuilder("""
                select p.plate, p.id, p.observed_at, p.camera_id, coalesce(p.lat, c.lat), coalesce(p.lon, c.lon), p.confidence,
                       p.make, p.model, p.colour, p.vehicle_type, p.country
                from passage p left join camera c on c.id = p.camera_id
                where p.observed_at >= ? and p.observed_at < ? and p.confidence >= ?""")
                .append(" and ").append(v.passageCondition("p", args));
        if (plate != null) {
            sql.append(" and p.plate_key = ? and p.plate = ?");
            args.add(OcrConfusion.key(plate));
            args.add(plate);
        }
        sql.append(" order by p.plate, p.observed_at, p.id");
        List<CloneSuspect> found = new ArrayList<>();
        long n = 0;
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor: rows stream instead of the whole window in memory
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(10_000);
                Sql.bind(c, ps, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    String previousPlate = null;
                    CloneCheck.Seen previous = null;
                    while (rs.next()) {
                        n++;
                        String p = rs.getString(1);
                        CloneCheck.Seen seen = new CloneCheck.Seen(new Sighting(rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                                rs.getString(4), dbl(rs, 5), dbl(rs, 6)),
                                new VehicleDescription(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)), rs.getFloat(7));
                        if (p.equals(previousPlate) && found.size() < limit) {
                            CloneCheck.Finding f = check.check(previous, seen);
                            if (f.suspect()) found.add(suspect(p, rs.getString(12), f, previous, seen));
                        }
                        previousPlate = p;
                        previous = seen;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("clone check failed", e);
        }
        return new Checked(found, n, found.size() >= limit);
    }

    private static CloneSuspect suspect(String plate, String country, CloneCheck.Finding f, CloneCheck.Seen a, CloneCheck.Seen b) {
        return new CloneSuspect(null, null, plate, Plates.display(plate, country), country, f.reasons().stream().map(Enum::name).toList(),
                end(a), end(b), f.travel() == null ? null : f.travel().metres(),
                Duration.between(a.sighting().time(), b.sighting().time()).toSeconds(),
                f.travel() == null || Double.isInfinite(f.travel().neededKmh()) ? null : f.travel().neededKmh(),
                f.travel() == null ? null : f.travel().calculation(), f.description(), null);
    }

    private static CloneSuspect.End end(CloneCheck.Seen s) {
        VehicleDescription d = s.vehicle();
        String text = String.join(" ", java.util.stream.Stream.of(d.make(), d.model(), d.colour(), d.type())
                .filter(java.util.Objects::nonNull).toList());
        return new CloneSuspect.End(s.sighting().id(), s.sighting().time(), s.sighting().camera(), s.sighting().lat(),
                s.sighting().lon(), text.isEmpty() ? null : text);
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : d;
    }
}
