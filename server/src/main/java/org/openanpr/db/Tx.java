package org.openanpr.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One transaction on a pooled connection: committed when the work returns, rolled back when it throws. */
public final class Tx {
    public interface Work<T> {
        T run(Connection c) throws Exception;
    }

    private Tx() {
    }

    public static <T> T run(DataSource db, Work<T> work) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** For work that throws only SQL errors, so callers need not catch more. */
    public static <T> T sql(DataSource db, Work<T> work) throws SQLException {
        try {
            return run(db, work);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e);
        }
    }
}
