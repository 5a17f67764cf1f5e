package org.openanpr.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One parameterised statement on a pooled connection, for the small stores that need no transaction of their own.
 * Arguments are bound in order; an {@link Instant} becomes a timestamp, a {@code String[]} a text array.
 * {@link #bind} is the one way parameters are bound, also for statements in a caller's transaction or batch. A null
 * is bound untyped: where PostgreSQL cannot tell its type from the context ({@code ? is null}), the SQL casts it
 * ({@code ?::bigint is null}).
 */
public final class Sql {
    private Sql() {
    }

    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public static <T> List<T> list(DataSource db, String sql, Row<T> row, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + e.getMessage(), e);
        }
    }

    /** Runs an insert, update or delete; returns the rows it touched. */
    public static int update(DataSource db, String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + e.getMessage(), e);
        }
    }

    public static void bind(Connection c, PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
            else if (a instanceof String[] arr) ps.setArray(i + 1, c.createArrayOf("text", arr));
            else ps.setObject(i + 1, a);
        }
    }

    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
