package org.openanpr.server;

import org.openanpr.hotlist.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a matcher in step with list changes made by other processes on the same database: a worker (which makes
 * none) and a serve node beside other serve nodes. A list whose definition changed, or whose version is not the one
 * the matcher holds (a new version imported elsewhere, a list created or deleted elsewhere), is loaded again; any
 * change in activations, camera groups or actions remakes where lists are on. This process's own imports reach its
 * matcher directly and are not loaded twice: a version the matcher holds by the time the reload would run is left
 * as it is ({@link Matcher#versionStored}).
 */
final class ListFollower {
    private static final Logger log = LoggerFactory.getLogger(ListFollower.class);
    private static final String[] ROUTING_TABLES = {"list_activation", "camera_group", "camera_group_member", "enforcement_action",
            "action_camera", "action_list"};

    private final DataSource db;
    private final Matcher matcher;
    private Map<Long, String> definitions;
    private String routing;

    ListFollower(DataSource db, Matcher matcher) {
        this.db = db;
        this.matcher = matcher;
        this.definitions = new HashMap<>();
        lists().forEach((id, state) -> definitions.put(id, state.definition()));
        this.routing = routingState();
    }

    private record ListState(String definition, int version) {
    }

    /** A serve node beside others on one database: looks every {@code period} on a daemon thread of its own. */
    static java.util.concurrent.ScheduledExecutorService every(DataSource db, Matcher matcher, java.time.Duration period) {
        ListFollower follower = new ListFollower(db, matcher);
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "list-follower");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                follower.refresh(false);
            } catch (RuntimeException e) {
                log.warn("could not look for list changes made elsewhere; trying again shortly", e);
            }
        }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** Looks for changes made elsewhere; {@code camerasChanged}: the camera registry was reloaded with changes. */
    synchronized void refresh(boolean camerasChanged) {
        Map<Long, ListState> now = lists();
        Set<Long> ids = new HashSet<>(now.keySet());
        ids.addAll(definitions.keySet());
        for (long id : ids) {
            ListState state = now.get(id);
            if (state == null) {
                log.info("list {} deleted", id);
                matcher.listChanged(id); // nothing to do where this node deleted it itself
            } else if (definitions.containsKey(id) && !Objects.equals(state.definition(), definitions.get(id))) {
                log.info("list {} changed: loading it again", id);
                matcher.listChanged(id);
            } else if (!Objects.equals(state.version(), matcher.heldVersion(id))) {
                // A list created or a version stored elsewhere, loaded unless the matcher holds it by then: this node's
                // own list or import may be on its way into the matcher already.
                matcher.versionStored(id, state.version());
            }
        }
        Map<Long, String> seen = new HashMap<>();
        now.forEach((id, state) -> seen.put(id, state.definition()));
        definitions = seen;
        String r = routingState();
        if (camerasChanged || !r.equals(routing)) matcher.activationsChanged();
        routing = r;
    }

    /** Each list's definition (every column but its version) as a fingerprint, and its version. */
    private Map<Long, ListState> lists() {
        Map<Long, ListState> state = new HashMap<>();
        query("select l.id, md5((to_jsonb(l) - 'current_version')::text), l.current_version from reference_list l",
                rs -> state.put(rs.getLong(1), new ListState(rs.getString(2), rs.getInt(3))));
        return state;
    }

    private String routingState() {
        StringBuilder sb = new StringBuilder();
        for (String table : ROUTING_TABLES)
            query("select coalesce(md5(string_agg(t::text, ',' order by t::text)), '') from " + table + " t", rs -> sb.append(rs.getString(1)));
        return sb.toString();
    }

    private interface Row {
        void take(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) row.take(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
