package org.openanpr.action;

import org.openanpr.access.Visibility;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.hit.KnownActions;
import org.openanpr.hotlist.TimedActivation;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Enforcement actions in PostgreSQL; the matcher reads them as the lists they switch on ({@link TimedActivation}). */
public final class ActionStore implements TimedActivation.Source, KnownActions {
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
                    Sql.bind(c, ps, a.name(), a.organisation(), a.place(), a.lat(), a.lon(), a.startsAt(), a.endsAt(), a.team());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("insert into action_camera (action_id, camera_id) values (?, ?)")) {
                    for (String cam : a.cameras()) {
                        Sql.bind(c, ps, id, cam);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into action_list (action_id, list_id) values (?, ?)")) {
                    for (Long list : a.lists()) {
                        Sql.bind(c, ps, id, list);
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

    @Override
    public List<EnforcementAction> all() {
        return query(null, null);
    }

    public Optional<EnforcementAction> find(long id) {
        return query(id, null).stream().findFirst();
    }

    /** The actions of the caller's own organisation (all for the system token). */
    public List<EnforcementAction> visible(Visibility v) {
        return query(null, v.organisation());
    }

    /** The action if the caller's organisation owns it; another organisation's is absent, as if it did not exist. */
    @Override
    public boolean visible(long id, Visibility v) {
        return find(id, v).isPresent();
    }

    public Optional<EnforcementAction> find(long id, Visibility v) {
        return query(id, v.organisation()).stream().findFirst();
    }

    private List<EnforcementAction> query(Long onlyId, String organisation) {
        String where = " where (?::bigint is null or a.id = ?) and (?::text is null or a.organisation = ?)";
        try (Connection c = db.getConnection()) {
            Map<Long, List<String>> cameras = new HashMap<>();
            Map<Long, List<Long>> lists = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select x.action_id, x.camera_id from action_camera x "
                    + "join enforcement_action a on a.id = x.action_id" + where + " order by x.camera_id")) {
                Sql.bind(c, ps, onlyId, onlyId, organisation, organisation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) cameras.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select x.action_id, x.list_id from action_list x "
                    + "join enforcement_action a on a.id = x.action_id" + where + " order by x.list_id")) {
                Sql.bind(c, ps, onlyId, onlyId, organisation, organisation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) lists.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
            List<EnforcementAction> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select a.id, a.name, a.organisation, a.place, a.lat, a.lon, a.starts_at, a.ends_at, a.team
                    from enforcement_action a""" + where + " order by a.starts_at desc, a.id desc")) {
                Sql.bind(c, ps, onlyId, onlyId, organisation, organisation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        out.add(new EnforcementAction(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, Double.class), rs.getObject(6, Double.class), rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8).toInstant(), rs.getString(9),
                                List.copyOf(cameras.getOrDefault(id, List.of())), List.copyOf(lists.getOrDefault(id, List.of()))));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read actions", e);
        }
    }
}
