package org.openanpr.action;

import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Enforcement actions in PostgreSQL. */
public final class ActionStore {
    private final DataSource db;

    public ActionStore(DataSource db) {
        this.db = db;
    }

    public EnforcementAction create(EnforcementAction a) {
        try {
            long created = Tx.sql(db, c -> {
                long id;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into enforcement_action (name, organisation, place, lat, lon, starts_at, ends_at, team)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
                    ps.setString(1, a.name());
                    ps.setString(2, a.organisation());
                    ps.setString(3, a.place());
                    if (a.lat() == null) ps.setNull(4, Types.DOUBLE); else ps.setDouble(4, a.lat());
                    if (a.lon() == null) ps.setNull(5, Types.DOUBLE); else ps.setDouble(5, a.lon());
                    ps.setTimestamp(6, Timestamp.from(a.startsAt()));
                    ps.setTimestamp(7, Timestamp.from(a.endsAt()));
                    ps.setString(8, a.team());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into action_camera (action_id, camera_id) values (?, ?)")) {
                    for (String cam : a.cameras()) {
                        ps.setLong(1, id);
                        ps.setString(2, cam);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into action_list (action_id, list_id) values (?, ?)")) {
                    for (Long list : a.lists()) {
                        ps.setLong(1, id);
                        ps.setLong(2, list);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return id;
            });
            return find(created).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException("could not create action", e);
        }
    }

    public List<EnforcementAction> all() {
        return query(null);
    }

    public Optional<EnforcementAction> find(long id) {
        return query(id).stream().findFirst();
    }

    private List<EnforcementAction> query(Long onlyId) {
        String where = onlyId == null ? "" : " where id = " + onlyId;
        try (Connection c = db.getConnection()) {
            Map<Long, List<String>> cameras = new HashMap<>();
            Map<Long, List<Long>> lists = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select action_id, camera_id from action_camera"
                    + where.replace("id", "action_id") + " order by camera_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cameras.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
            try (PreparedStatement ps = c.prepareStatement("select action_id, list_id from action_list"
                    + where.replace("id", "action_id") + " order by list_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) lists.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
            List<EnforcementAction> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select id, name, organisation, place, lat, lon, starts_at, ends_at, team from enforcement_action"""
                    + where + " order by starts_at desc, id desc"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    out.add(new EnforcementAction(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, Double.class), rs.getObject(6, Double.class), rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant(), rs.getString(9),
                            List.copyOf(cameras.getOrDefault(id, List.of())), List.copyOf(lists.getOrDefault(id, List.of()))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read actions", e);
        }
    }
}
