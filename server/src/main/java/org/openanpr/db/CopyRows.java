package org.openanpr.db;

import org.postgresql.PGConnection;

import java.io.Reader;
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

    /** @param expectedRows sizes the first buffer only (it grows): a million short list rows once reserved 128 MB here */
    public CopyRows(int expectedRows) {
        sb = new StringBuilder((int) Math.clamp(expectedRows * 64L, 64, 1 << 24));
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
                    .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)", new Chars(sb));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads the rows where they are: a copy of them all as one String was the import's largest allocation. */
    private static final class Chars extends Reader {
        private final StringBuilder text;
        private int at;

        Chars(StringBuilder text) {
            this.text = text;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (at >= text.length()) return -1;
            int n = Math.min(length, text.length() - at);
            text.getChars(at, at + n, buffer, offset);
            at += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    private void separator() {
        if (rowStarted) sb.append(',');
        rowStarted = true;
    }
}
