package org.openanpr.hotlist;

import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;

import org.openanpr.access.Visibility;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where lists are switched on, and the camera groups they can be switched on for. */
public final class ActivationStore {
    private final DataSource db;
    private final AuditLog audit;

    public ActivationStore(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Switches a list on; {@code record} is written in the same transaction. */
    public void activate(Activation a, AuditEntry record) {
        update("insert into list_activation (list_id, scope, target) values (?, ?, ?) on conflict do nothing", a, record);
    }

    /** Switches a list off; {@code record} is written in the same transaction, and only when there was one to. */
    public boolean deactivate(Activation a, AuditEntry record) {
        return update("delete from list_activation where list_id = ? and scope = ? and target = ?", a, record) == 1;
    }

    public List<Activation> all() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select list_id, scope, target from list_activation order by list_id, scope, target");
             ResultSet rs = ps.executeQuery()) {
            List<Activation> out = new ArrayList<>();
            while (rs.next()) out.add(new Activation(rs.getLong(1), Activation.Scope.valueOf(rs.getString(2)), rs.getString(3)));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read activations", e);
        }
    }

    /** Where one list is switched on. */
    public List<Activation> ofList(long listId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select list_id, scope, target from list_activation where list_id = ? order by scope, target")) {
            ps.setLong(1, listId);
            List<Activation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Activation(rs.getLong(1), Activation.Scope.valueOf(rs.getString(2)), rs.getString(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read activations of list " + listId, e);
        }
    }

    /** Creates or replaces a camera group; {@code record} is written in the same transaction. */
    public void saveGroup(CameraGroup group, AuditEntry record) {
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into camera_group (code, name, organisation) values (?, ?, ?)
                        on conflict (code) do update set name = excluded.name, organisation = excluded.organisation""")) {
                    ps.setString(1, group.code());
                    ps.setString(2, group.name());
                    ps.setString(3, group.organisation());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("delete from camera_group_member where group_code = ?")) {
                    ps.setString(1, group.code());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into camera_group_member (group_code, camera_id) values (?, ?)")) {
                    for (String camera : group.cameras()) {
                        ps.setString(1, group.code());
                        ps.setString(2, camera);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                audit.record(c, record);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not save camera group " + group.code(), e);
        }
    }

    public List<CameraGroup> groups() {
        return groups(Visibility.everything());
    }

    /** The camera groups of the caller's own organisation (all for the system token). */
    public List<CameraGroup> groups(Visibility v) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select g.code, g.name, g.organisation, m.camera_id from camera_group g
                     left join camera_group_member m on m.group_code = g.code
                     where ?::text is null or g.organisation = ? order by g.code, m.camera_id""")) {
            ps.setString(1, v.organisation());
            ps.setString(2, v.organisation());
            try (ResultSet rs = ps.executeQuery()) {
                return groups(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read camera groups", e);
        }
    }

    /** The organisation owning a camera group code, if the code is in use. */
    public java.util.Optional<String> groupOwner(String code) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select organisation from camera_group where code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read camera group " + code, e);
        }
    }

    private static List<CameraGroup> groups(ResultSet rs) throws SQLException {
        Map<String, CameraGroup> out = new LinkedHashMap<>();
        while (rs.next()) {
            CameraGroup g = out.computeIfAbsent(rs.getString(1),
                    code -> new CameraGroup(code, get(rs, 2), get(rs, 3), new ArrayList<>()));
            if (rs.getString(4) != null) g.cameras().add(rs.getString(4));
        }
        return out.values().stream().map(g -> new CameraGroup(g.code(), g.name(), g.organisation(), List.copyOf(g.cameras()))).toList();
    }

    private static String get(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, Activation a, AuditEntry record) {
        try {
            return Tx.sql(db, c -> {
                int changed;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, a.listId());
                    ps.setString(2, a.scope().name());
                    ps.setString(3, a.target());
                    changed = ps.executeUpdate();
                }
                if (changed > 0) audit.record(c, record);
                return changed;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not change activation", e);
        }
    }
}
