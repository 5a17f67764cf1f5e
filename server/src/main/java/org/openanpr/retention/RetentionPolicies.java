package org.openanpr.retention;

import org.openanpr.db.RequestTransaction;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The retention regimes, held in memory because every read asks which one applies to its camera. */
public final class RetentionPolicies {
    private final DataSource db;
    private final CameraRegistry cameras;
    private final Map<String, RetentionPolicy> byKey = new ConcurrentHashMap<>();

    public RetentionPolicies(DataSource db, CameraRegistry cameras) {
        this.db = db;
        this.cameras = cameras;
        for (RetentionPolicy p : load()) byKey.put(key(p.scope(), p.target()), p);
    }

    /** The camera's own regime, else its organisation's, else all passages for 28 days. */
    public RetentionPolicy forCamera(String cameraId) {
        RetentionPolicy own = byKey.get(key(RetentionPolicy.Scope.CAMERA, cameraId));
        if (own != null) return own;
        Camera camera = cameras.find(cameraId).orElse(null);
        RetentionPolicy org = camera == null ? null : byKey.get(key(RetentionPolicy.Scope.ORGANISATION, camera.organisation()));
        return org != null ? org : RetentionPolicy.defaultFor(cameraId);
    }

    public List<RetentionPolicy> all() {
        return List.copyOf(byKey.values());
    }

    /** The regimes of one organisation: its own and those of its cameras; every one with null. */
    public List<RetentionPolicy> of(String organisation) {
        if (organisation == null) return all();
        return load("""
                select p.scope, p.target, p.regime, p.days from retention_policy p
                where (p.scope = 'ORGANISATION' and p.target = ?)
                   or (p.scope = 'CAMERA' and exists (select 1 from camera c where c.id = p.target and c.organisation = ?))
                order by p.scope, p.target""", organisation, organisation);
    }

    public void set(RetentionPolicy p, String by) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into retention_policy (scope, target, regime, days, set_by) values (?, ?, ?, ?, ?)
                on conflict (scope, target) do update set regime = excluded.regime, days = excluded.days,
                    set_by = excluded.set_by, set_at = now()""")) {
            Sql.bind(c, ps, p.scope().name(), p.target(), p.regime().name(), p.days(), by);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not save retention policy", e);
        }
        byKey.put(key(p.scope(), p.target()), p);
        RequestTransaction.againAtEnd(this::reload); // what was committed, not what a rolled-back change would have been
    }

    private void reload() {
        Map<String, RetentionPolicy> fresh = new java.util.HashMap<>();
        for (RetentionPolicy p : load()) fresh.put(key(p.scope(), p.target()), p);
        byKey.keySet().retainAll(fresh.keySet());
        byKey.putAll(fresh);
    }

    private List<RetentionPolicy> load() {
        return load("select scope, target, regime, days from retention_policy");
    }

    private List<RetentionPolicy> load(String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, (Object[]) args);
            List<RetentionPolicy> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new RetentionPolicy(RetentionPolicy.Scope.valueOf(rs.getString(1)), rs.getString(2),
                        RetentionPolicy.Regime.valueOf(rs.getString(3)), rs.getInt(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not load retention policies", e);
        }
    }

    private static String key(RetentionPolicy.Scope scope, String target) {
        return scope + "/" + target;
    }
}
