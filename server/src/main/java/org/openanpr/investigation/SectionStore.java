package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.plate.Plates;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sections and their violations in PostgreSQL; every query is scoped to the caller's organisation. */
public final class SectionStore {
    private static final String SECTION = "select id, organisation, name, entry_camera, exit_camera, distance_m, limit_kmh,"
            + " margin_kmh, created_by, created_at from speed_section";
    private static final String VIOLATION = "select id, section_id, section_name, organisation, plate, country, entry_passage,"
            + " entry_camera, entry_time, entry_received_at, entry_camera_status, exit_passage, exit_camera, exit_time,"
            + " exit_received_at, exit_camera_status, distance_m, limit_kmh, margin_kmh, elapsed_ms, measured_kmh, corrected_kmh,"
            + " calculation, clock_check, clock_suspect, created_at from section_violation";
    private final DataSource db;

    public SectionStore(DataSource db) {
        this.db = db;
    }

    public List<Section> all() {
        return Sql.list(db, SECTION + " order by id", SectionStore::section);
    }

    public List<Section> visible(Visibility v) {
        if (v.all()) return all();
        return Sql.list(db, SECTION + " where organisation = ? order by id", SectionStore::section, v.organisation());
    }

    public Optional<Section> find(long id, Visibility v) {
        return visible(v).stream().filter(s -> s.id() == id).findFirst();
    }

    /** Null when the camera pair already has a section. */
    public Section create(String organisation, String name, String entry, String exit, double distance, int limit, int margin,
                          String by) {
        List<Section> made = Sql.list(db, """
                insert into speed_section (organisation, name, entry_camera, exit_camera, distance_m, limit_kmh, margin_kmh, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (entry_camera, exit_camera) do nothing
                returning id, organisation, name, entry_camera, exit_camera, distance_m, limit_kmh, margin_kmh, created_by, created_at""",
                SectionStore::section, organisation, name, entry, exit, distance, limit, margin, by);
        return made.isEmpty() ? null : made.getFirst();
    }

    public boolean delete(long id, Visibility v) {
        if (v.all()) return Sql.update(db, "delete from speed_section where id = ?", id) > 0;
        return Sql.update(db, "delete from speed_section where id = ? and organisation = ?", id, v.organisation()) > 0;
    }

    /** Violations whose exit lies in the window, newest first. */
    public List<SectionViolation> violations(Long section, Instant from, Instant to, int limit, Visibility v) {
        StringBuilder sql = new StringBuilder(VIOLATION + " where exit_time >= ? and exit_time < ?");
        List<Object> args = new ArrayList<>(List.of(from, to));
        if (!v.all()) {
            sql.append(" and organisation = ?");
            args.add(v.organisation());
        }
        if (section != null) {
            sql.append(" and section_id = ?");
            args.add(section);
        }
        sql.append(" order by exit_time desc, id desc limit ?");
        args.add(limit);
        return Sql.list(db, sql.toString(), SectionStore::violation, args.toArray());
    }

    public Optional<SectionViolation> violation(long id, Visibility v) {
        List<SectionViolation> found = v.all() ? Sql.list(db, VIOLATION + " where id = ?", SectionStore::violation, id)
                : Sql.list(db, VIOLATION + " where id = ? and organisation = ?", SectionStore::violation, id, v.organisation());
        return found.stream().findFirst();
    }

    /** A passage's image, while the passage is retained. */
    public Optional<byte[]> image(UUID passage, Instant time, String kind) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select jpeg from passage_image where passage_id = ? and observed_at = ? and kind = ?")) {
            Sql.bind(c, ps, passage, Timestamp.from(time), kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("image lookup failed", e);
        }
    }

    /** A journey over a section measured after the fact: both passages and the calculation. */
    public record Measured(String plate, UUID entry, Instant entryTime, UUID exit, Instant exitTime, SectionSpeed.Measurement measurement) {
    }

    /**
     * The section's violations among stored passages (a section set up after the passages arrived, or a sweep to check
     * the read pipeline): each visible exit passage in the window with the plate's latest entry within the longest
     * plausible journey before it, as {@link SectionStage} pairs them, measured by the same {@link SectionSpeed}.
     */
    public List<Measured> violationsAfterTheFact(Section s, Instant from, Instant to, Visibility v) {
        List<Object> args = new java.util.ArrayList<>();
        args.add(s.entryCamera());
        args.add(s.speed().longestJourney().toSeconds());
        String entryVisible = v.passageCondition("e", args);
        args.add(s.exitCamera());
        args.add(from);
        args.add(to);
        String sql = "select x.plate, e.id, e.observed_at, x.id, x.observed_at from passage x cross join lateral"
                + " (select e.id, e.observed_at from passage e where e.plate_key = x.plate_key and e.plate = x.plate and e.camera_id = ?"
                + " and e.observed_at < x.observed_at and e.observed_at > x.observed_at - make_interval(secs => ?) and " + entryVisible
                + " order by e.observed_at desc limit 1) e where x.camera_id = ? and x.observed_at >= ? and x.observed_at < ? and "
                + v.passageCondition("x", args);
        List<Measured> out = new java.util.ArrayList<>();
        for (Measured m : Sql.list(db, sql, rs -> {
            Instant entry = rs.getTimestamp(3).toInstant();
            Instant exit = rs.getTimestamp(5).toInstant();
            return new Measured(rs.getString(1), rs.getObject(2, UUID.class), entry, rs.getObject(4, UUID.class), exit, s.speed().measure(entry, exit));
        }, args.toArray())) if (m.measurement().violation()) out.add(m);
        return out;
    }

    private static Section section(ResultSet rs) throws SQLException {
        return new Section(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getDouble(6),
                rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getTimestamp(10).toInstant());
    }

    private static SectionViolation violation(ResultSet rs) throws SQLException {
        long section = rs.getLong(2);
        Long sectionOrNull = rs.wasNull() ? null : section;
        String plate = rs.getString(5);
        String country = rs.getString(6);
        return new SectionViolation(rs.getLong(1), sectionOrNull, rs.getString(3), rs.getString(4), plate,
                Plates.display(plate, country), country,
                new SectionViolation.Passage(rs.getObject(7, UUID.class), rs.getString(8), rs.getTimestamp(9).toInstant(),
                        instant(rs.getTimestamp(10)), rs.getString(11)),
                new SectionViolation.Passage(rs.getObject(12, UUID.class), rs.getString(13), rs.getTimestamp(14).toInstant(),
                        instant(rs.getTimestamp(15)), rs.getString(16)),
                rs.getDouble(17), rs.getInt(18), rs.getInt(19), rs.getLong(20), rs.getDouble(21), rs.getInt(22), rs.getString(23),
                rs.getString(24), rs.getBoolean(25), rs.getTimestamp(26).toInstant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
