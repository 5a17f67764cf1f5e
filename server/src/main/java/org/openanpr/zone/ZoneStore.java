package org.openanpr.zone;

import org.postgresql.util.PSQLState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;
import org.postgresql.util.PGobject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Zones, their cameras and their sign inspections in PostgreSQL. An organisation's zones are its own. */
public final class ZoneStore {
    private static final TypeReference<List<ZoneRule>> RULES = new TypeReference<>() { };
    private final DataSource db;

    public ZoneStore(DataSource db) {
        this.db = db;
    }

    public record SignInspection(long id, long zoneId, LocalDate inspectedOn, String inspector, boolean allInPlace,
                                 String notes, String recordedBy, java.time.Instant recordedAt) {
    }

    public Zone create(Zone z) {
        try {
            long id = Tx.sql(db, c -> {
                long created;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into zone (organisation, name, kind, mode, area, rules, policy, traffic_decision, min_confidence,
                                          keep_compliant_hours) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
                    Sql.bind(c, ps, z.organisation(), z.name(), z.kind().name(), z.mode().name(), jsonb(z.area()), jsonb(z.rules()),
                            jsonb(z.policy()), z.trafficDecision(), z.minConfidence(), z.keepCompliantHours());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        created = rs.getLong(1);
                    }
                }
                cameras(c, created, z.cameras());
                return created;
            });
            return find(id).orElseThrow();
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw new IllegalStateException("a zone of this organisation already has the name '" + z.name() + "'");
            throw new IllegalStateException("could not create zone: " + e.getMessage(), e);
        }
    }

    public Zone update(long id, Zone z) {
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        update zone set name = ?, kind = ?, mode = ?, area = ?, rules = ?, policy = ?, traffic_decision = ?,
                        min_confidence = ?, keep_compliant_hours = ? where id = ?""")) {
                    Sql.bind(c, ps, z.name(), z.kind().name(), z.mode().name(), jsonb(z.area()), jsonb(z.rules()), jsonb(z.policy()),
                            z.trafficDecision(), z.minConfidence(), z.keepCompliantHours(), id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("delete from zone_camera where zone_id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                cameras(c, id, z.cameras());
                return null;
            });
            return find(id).orElseThrow();
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw new IllegalStateException("a zone of this organisation already has the name '" + z.name() + "'");
            throw new IllegalStateException("could not update zone: " + e.getMessage(), e);
        }
    }

    public boolean delete(long id) {
        return Sql.update(db, "delete from zone where id = ?", id) > 0;
    }

    private static void cameras(Connection c, long zone, List<String> cameras) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into zone_camera (zone_id, camera_id) values (?, ?)")) {
            for (String cam : cameras) {
                Sql.bind(c, ps, zone, cam);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Zone> all() {
        return query(null, null);
    }

    public Optional<Zone> find(long id) {
        return query(id, null).stream().findFirst();
    }

    /** The zone if the caller's organisation owns it; another organisation's is absent, as if it did not exist. */
    public Optional<Zone> find(long id, Visibility v) {
        return query(id, v.organisation()).stream().findFirst();
    }

    public List<Zone> visible(Visibility v) {
        return query(null, v.organisation());
    }

    private List<Zone> query(Long onlyId, String organisation) {
        String where = " where (?::bigint is null or z.id = ?) and (?::text is null or z.organisation = ?)";
        try (Connection c = db.getConnection()) {
            Map<Long, List<String>> cameras = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select x.zone_id, x.camera_id from zone_camera x join zone z on z.id = x.zone_id"
                    + where + " order by x.camera_id")) {
                Sql.bind(c, ps, onlyId, onlyId, organisation, organisation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) cameras.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            List<Zone> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select z.id, z.organisation, z.name, z.kind, z.mode, z.area, z.rules, z.policy, z.traffic_decision,
                           z.min_confidence, z.keep_compliant_hours, z.created_at from zone z""" + where + " order by z.name, z.id")) {
                Sql.bind(c, ps, onlyId, onlyId, organisation, organisation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        out.add(new Zone(id, rs.getString(2), rs.getString(3), Zone.Kind.valueOf(rs.getString(4)),
                                Zone.Mode.valueOf(rs.getString(5)), Json.MAPPER.readTree(rs.getString(6)),
                                cameras.getOrDefault(id, List.of()), Json.MAPPER.readValue(rs.getString(7), RULES),
                                Json.MAPPER.readValue(rs.getString(8), EnforcementPolicy.class), rs.getString(9), rs.getFloat(10),
                                rs.getInt(11), rs.getTimestamp(12).toInstant()));
                    }
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read zones: " + e.getMessage(), e);
        }
    }

    public SignInspection addInspection(long zone, LocalDate on, String inspector, boolean allInPlace, String notes, String by) {
        return Sql.list(db, """
                insert into sign_inspection (zone_id, inspected_on, inspector, all_in_place, notes, recorded_by)
                values (?, ?, ?, ?, ?, ?) returning id, zone_id, inspected_on, inspector, all_in_place, notes, recorded_by, recorded_at""",
                ZoneStore::inspection, zone, on, inspector, allInPlace, notes, by).getFirst();
    }

    public List<SignInspection> inspections(long zone) {
        return Sql.list(db, """
                select id, zone_id, inspected_on, inspector, all_in_place, notes, recorded_by, recorded_at from sign_inspection
                where zone_id = ? order by inspected_on desc, id desc""", ZoneStore::inspection, zone);
    }

    /** The latest inspection on or before the day: what the evidence of a violation on that day cites. */
    public Optional<SignInspection> inspectionBefore(long zone, LocalDate day) {
        return Sql.list(db, """
                select id, zone_id, inspected_on, inspector, all_in_place, notes, recorded_by, recorded_at from sign_inspection
                where zone_id = ? and inspected_on <= ? order by inspected_on desc, id desc limit 1""", ZoneStore::inspection, zone, day)
                .stream().findFirst();
    }

    private static SignInspection inspection(ResultSet rs) throws SQLException {
        return new SignInspection(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class), rs.getString(4), rs.getBoolean(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    static PGobject jsonb(Object value) throws SQLException {
        PGobject o = new PGobject();
        o.setType("jsonb");
        try {
            o.setValue(value == null ? null : Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }
}
