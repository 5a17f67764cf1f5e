package org.openanpr.bench;

import org.openanpr.plate.OcrConfusion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Synthetic passages straight into the passage table with COPY, for the benches that need millions of them
 * (investigation, analysis): one row format, and a bulk mode that drops the table's secondary indexes before the
 * fill and builds them again after it (a GIN trigram index built once is many times faster than kept up row by row).
 */
final class PassageCopy implements AutoCloseable {
    static final String COPY = "copy passage (id, observed_at, camera_id, plate, plate_key, country, confidence, lat, lon,"
            + " has_images, make, colour, vehicle_type) from stdin (format csv)";
    private final Connection c;
    private final CopyManager copy;
    private final List<String> dropped = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private StringBuilder rows = new StringBuilder(1 << 20);
    private int pending;
    private long written;

    /** @param bulk drop the secondary indexes now and build them again on {@link #close()} */
    PassageCopy(DataSource db, boolean bulk) throws Exception {
        c = db.getConnection();
        copy = c.unwrap(PGConnection.class).getCopyAPI();
        if (bulk) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "select indexname, indexdef from pg_indexes where tablename = 'passage' and indexname not like '%pkey'")) {
                // a partitioned table's index reads "ON ONLY": built again as one index over every partition
                while (rs.next()) {
                    names.add(rs.getString(1));
                    dropped.add(rs.getString(2).replace(" ON ONLY ", " ON "));
                }
            }
            try (Statement st = c.createStatement()) {
                for (String name : names) st.execute("drop index if exists \"" + name + "\"");
            }
        }
    }

    static void row(StringBuilder sb, String plate, Instant at, String camera, double lat, double lon, String make, String colour) {
        sb.append(UUID.randomUUID()).append(',').append(at).append(',').append(camera).append(',')
                .append(plate).append(',').append(OcrConfusion.key(plate)).append(",NL,0.9,")
                .append(String.format(Locale.ROOT, "%.5f,%.5f", lat, lon)).append(",false,")
                .append(make).append(',').append(colour).append(",car\n");
    }

    void add(String plate, Instant at, String camera, double lat, double lon, String make, String colour) throws Exception {
        row(rows, plate, at, camera, lat, lon, make, colour);
        if (++pending == 200_000) flush();
    }

    long written() {
        return written + pending;
    }

    void flush() throws Exception {
        if (pending == 0) return;
        copy.copyIn(COPY, new StringReader(rows.toString()));
        written += pending;
        pending = 0;
        rows = new StringBuilder(1 << 20);
    }

    @Override
    public void close() throws Exception {
        try {
            flush();
            try (Statement st = c.createStatement()) {
                st.execute("set maintenance_work_mem = '512MB'");
                for (String def : dropped) st.execute(def);
                st.execute("vacuum (analyze) passage");
            }
        } finally {
            c.close();
        }
    }
}
