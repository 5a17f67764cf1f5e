package org.openanpr.bench;

import org.openanpr.plate.OcrConfusion;
import org.openanpr.db.CopyRows;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Synthetic passages straight into the passage table with COPY, for the benches that need millions of them
 * (search, investigation, analysis): one row format, written by the server's own COPY writer, and a bulk mode that drops the table's secondary indexes before the
 * fill and builds them again after it (a GIN trigram index built once is many times faster than kept up row by row).
 */
final class PassageCopy implements AutoCloseable {
    private static final String COLUMNS = "id, observed_at, camera_id, plate, plate_key, country, confidence, lat, lon, has_images, make,"
            + " colour, vehicle_type";
    private static final int CHUNK = 200_000;
    private final Connection c;
    private final List<String> dropped = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private CopyRows rows = new CopyRows(CHUNK);
    private long written;

    /** @param bulk drop the secondary indexes now and build them again on {@link #close()} */
    PassageCopy(DataSource db, boolean bulk) throws Exception {
        c = db.getConnection();
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

    /** A Dutch passage of confidence 0.9, without images; position, make and colour may be null. */
    void add(String plate, Instant at, String camera, Double lat, Double lon, String make, String colour) throws Exception {
        rows.value(UUID.randomUUID()).value(at).text(camera).text(plate).text(OcrConfusion.key(plate)).text("NL").value(0.9f)
                .value(lat).value(lon).value(false).text(make).text(colour).text(make == null ? null : "car").endRow();
        if (rows.rows() == CHUNK) flush();
    }

    long written() {
        return written + rows.rows();
    }

    void flush() throws Exception {
        if (rows.rows() == 0) return;
        written += rows.copyInto(c, "passage", COLUMNS);
        rows = new CopyRows(CHUNK);
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
