package org.openanpr.bench;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How fast the passage table itself takes rows: the rows stored are copied out, the table emptied (its partitions
 * and indexes stay), and the same rows COPYed straight back in chunks, each its own transaction with a synchronous
 * commit, by several connections at once. No HTTP, parsing, validation, deduplication, matching or hits: what is
 * left is the storage's own cost, the ceiling any ingest path can reach.
 */
final class StorageCeiling {
    /** {@code pgCpuNanos}: PostgreSQL's CPU time over the timed COPYs, -1 when unknown. */
    record Result(long rows, double seconds, int connections, int chunk, long pgCpuNanos) {
        double rate() {
            return rows / seconds;
        }
    }

    private StorageCeiling() {
    }

    static Result measure(DataSource db, int connections, int chunk, java.util.function.LongSupplier pgCpu) throws Exception {
        List<String> chunks = copyOut(db, chunk);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("truncate passage");
        }
        IngestBenchmark.checkpoint(db);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long cpuStart = pgCpu.getAsLong();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            done.add(pool.submit(() -> {
                try (Connection c = db.getConnection()) {
                    c.setAutoCommit(false);
                    var copy = c.unwrap(PGConnection.class).getCopyAPI();
                    for (int k = next.getAndIncrement(); k < chunks.size(); k = next.getAndIncrement()) {
                        copy.copyIn("copy passage from stdin", new StringReader(chunks.get(k)));
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = cpuStart < 0 ? -1 : pgCpu.getAsLong() - cpuStart;
        pool.shutdown();
        return new Result(IngestBenchmark.count(db, "select count(*) from passage"), seconds, connections, chunk, cpu);
    }

    /** The stored rows, every column as stored, in COPY's text format, {@code chunk} rows to a string. */
    private static List<String> copyOut(DataSource db, int chunk) throws Exception {
        StringWriter all = new StringWriter();
        try (Connection c = db.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select * from passage) to stdout", all);
        }
        String text = all.toString();
        List<String> chunks = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = from;
            for (int n = 0; n < chunk && to < text.length(); n++) to = text.indexOf('\n', to) + 1;
            chunks.add(text.substring(from, to));
            from = to;
        }
        return chunks;
    }

}
