package org.openanpr.db;

import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}, built in memory and sent in one call on the caller's
 * connection (inside its transaction). A null is an empty unquoted field, text is quoted with its quotes doubled, so an
 * empty string stays an empty string and no value can end a row or a field early.
 */
public final class CopyRows {
    private final StringBuilder sb;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedRows) {
        sb = new StringBuilder(Math.max(64, expectedRows * 128));
    }

    public CopyRows text(String value) {
        separator();
        if (value == null) return this;
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') sb.append('"');
            sb.append(ch);
        }
        sb.append('"');
        return this;
    }

    /** A number, boolean, uuid or timestamp: written as its text, unquoted (it holds no comma or quote); null stays null. */
    public CopyRows value(Object value) {
        separator();
        if (value != null) sb.append(value);
        return this;
    }

    public CopyRows endRow() {
        sb.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Sends the rows to {@code table (columns)}; returns the number of rows PostgreSQL took. */
    public long copyInto(Connection c, String table, String columns) throws SQLException {
        if (rows == 0) return 0;
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)", new StringReader(sb.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    private void separator() {
        if (rowStarted) sb.append(',');
        rowStarted = true;
    }
}
