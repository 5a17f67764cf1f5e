package org.openanpr.hit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of an at-least-once outbox ({@code alert_outbox} for hits, {@code clone_outbox} for clone suspects): a
 * row is put in the transaction that stores its finding, taken out once the finding was handed over, and what a crash
 * or a failed hand-over leaves is due again after {@link #IN_FLIGHT}. The hand-over itself is the caller's.
 *
 * @param table  the outbox table
 * @param key    its key column, naming the finding
 * @param sqlType the key's type, for the array of keys
 */
public record OutboxTable(String table, String key, String sqlType) {
    /** An outbox row younger than this may still be on its way out after its commit: replay leaves it alone. */
    public static final Duration IN_FLIGHT = Duration.ofSeconds(5);

    /** In the storing transaction: the findings' rows. */
    public void put(Connection c, List<?> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (" + key + ") select unnest(?::" + sqlType + "[])")) {
            ps.setArray(1, c.createArrayOf(sqlType, keys.toArray()));
            ps.executeUpdate();
        }
    }

    /** Takes handed-over findings out, in a transaction of its own on {@code c}. */
    public void take(Connection c, List<?> keys) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        // Losing this delete in a crash only means one more alert: not worth a flush.
        try (Statement st = c.createStatement()) {
            st.execute("set local synchronous_commit = off");
        }
        try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where " + key + " = any(?)")) {
            ps.setArray(1, c.createArrayOf(sqlType, keys.toArray()));
            ps.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    /** The keys older than {@link #IN_FLIGHT}, oldest first, at most {@code limit}. */
    public <K> List<K> due(Connection c, Class<K> type, int limit) throws SQLException {
        List<K> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + key + " from " + table
                + " where created_at < now() - ? * interval '1 millisecond' order by created_at, " + key + " limit ?")) {
            ps.setLong(1, IN_FLIGHT.toMillis());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(rs.getObject(1, type));
            }
        }
        return keys;
    }
}
