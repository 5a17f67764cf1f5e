package org.openanpr.camera;

import org.postgresql.util.PSQLState;
import org.openanpr.camera.Camera.CameraStatus;
import org.openanpr.camera.Camera.CameraType;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Cameras in PostgreSQL. */
final class CameraStore {
    private static final String COLUMNS = "id, name, type, lat, lon, heading, lane, direction, organisation, status, last_read_at";
    private final DataSource db;

    CameraStore(DataSource db) {
        this.db = db;
    }

    List<Camera> all() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from camera order by id");
             ResultSet rs = ps.executeQuery()) {
            List<Camera> cameras = new ArrayList<>();
            while (rs.next()) cameras.add(read(rs));
            return cameras;
        } catch (SQLException e) {
            throw new IllegalStateException("could not load cameras", e);
        }
    }

    /** Inserts or replaces all given cameras in one transaction: an import is all or nothing. */
    void upsertAll(Collection<Camera> cameras) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement org = c.prepareStatement(
                    "insert into organisation (code, name) values (?, ?) on conflict (code) do nothing");
                 PreparedStatement ps = c.prepareStatement("""
                         insert into camera (id, name, type, lat, lon, heading, lane, direction, organisation, status)
                         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         on conflict (id) do update set name = excluded.name, type = excluded.type, lat = excluded.lat,
                           lon = excluded.lon, heading = excluded.heading, lane = excluded.lane,
                           direction = excluded.direction, organisation = excluded.organisation,
                           status = excluded.status""")) {
                for (Camera cam : cameras) {
                    // Until organisations are administered on their own, naming one creates it.
                    Sql.bind(c, org, cam.organisation(), cam.organisation());
                    org.addBatch();
                    Sql.bind(c, ps, cam.id(), cam.name(), cam.type().name(), cam.lat(), cam.lon(), cam.heading(), cam.lane(),
                            cam.direction(), cam.organisation(), cam.status().name());
                    ps.addBatch();
                }
                org.executeBatch();
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            CameraIdUnavailable refused = idRefusal(e);
            if (refused != null) throw refused;
            throw new IllegalStateException("could not store cameras", e);
        }
    }

    /**
     * The database's refusal of a camera id another organisation owns or owned (trigger camera_keeps_its_organisation,
     * SQLSTATE 23505, message "camera id X is not available"); null for any other failure.
     */
    private static CameraIdUnavailable idRefusal(SQLException e) {
        for (Throwable t = e; t != null; t = t instanceof SQLException s && s.getNextException() != null ? s.getNextException() : t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException p && PSQLState.UNIQUE_VIOLATION.getState().equals(p.getSQLState())
                    && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage().startsWith("camera id ")) {
                String message = p.getServerErrorMessage().getMessage();
                return new CameraIdUnavailable(message.substring("camera id ".length(), message.lastIndexOf(" is not available")),
                        p.getServerErrorMessage().getDetail());
            }
            if (t.getCause() == t) break;
        }
        return null;
    }

    /**
     * Deletes the camera and what only makes sense with it, in one transaction: the lists switched on for it by name
     * (a group or region activation follows its members), its tokens, group memberships and shares (by cascade).
     * The database then retires the id for every other organisation. Refused while an enforcement action names it:
     * the action's report needs it.
     */
    boolean delete(String id) {
        try {
            return Tx.sql(db, c -> {
                List<Long> actions = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select action_id from action_camera where camera_id = ? order by action_id")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) actions.add(rs.getLong(1));
                    }
                }
                if (!actions.isEmpty()) throw new CameraInUse(id, actions);
                try (PreparedStatement ps = c.prepareStatement("delete from list_activation where scope = 'CAMERA' and target = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("delete from camera where id = ?")) {
                    ps.setString(1, id);
                    return ps.executeUpdate() > 0;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete camera " + id, e);
        }
    }

    void saveLastReads(Map<String, Instant> lastReads) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update camera set last_read_at = greatest(coalesce(last_read_at, ?), ?) where id = ?")) {
            for (var e : lastReads.entrySet()) {
                Sql.bind(c, ps, e.getValue(), e.getValue(), e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store camera last-read times", e);
        }
    }

    private static Camera read(ResultSet rs) throws SQLException {
        double heading = rs.getDouble(6);
        Double headingOrNull = rs.wasNull() ? null : heading;
        Timestamp last = rs.getTimestamp(11);
        return new Camera(rs.getString(1), rs.getString(2), CameraType.valueOf(rs.getString(3)), rs.getDouble(4),
                rs.getDouble(5), headingOrNull, rs.getString(7), rs.getString(8), rs.getString(9),
                CameraStatus.valueOf(rs.getString(10)), last == null ? null : last.toInstant());
    }
}
