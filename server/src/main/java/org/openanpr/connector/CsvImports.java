package org.openanpr.connector;

import org.openanpr.db.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A connector's CSV file of historical reads as a job: stored when it is posted (the request only checks it and
 * answers), then read on a thread of its own in chunks of {@value #CHUNK} lines, each delivered through the
 * connector's delivery path ({@link ConnectorService#deliver}: camera mapping, held reads, the read pipeline with its
 * retention regime and hits, as for live reads) and followed by a commit of the job's progress and refused lines.
 *
 * <p>A job whose progress did not move for {@link #ABANDONED} (its server crashed or stopped mid-way) is taken up again
 * by the server's maintenance ({@link #resumeAbandoned}) from the line after its last committed chunk. The chunk that
 * was being delivered when it stopped is delivered again: its reads' ids are derived from the line (see
 * {@link CsvReads}), so what the pipeline had already stored counts as duplicates, never as a second passage. Each
 * take-up gets a new runner id and only the holder of the current one writes progress, so two servers sharing the
 * database never both count a chunk.
 */
public final class CsvImports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CsvImports.class);
    static final int CHUNK = 1_000;
    /** Refused lines kept per job, with their number and reason; the count goes on beyond it. */
    static final int REFUSED_KEPT = 1_000;
    /** A job with no progress for this long is abandoned and may be taken up again. */
    public static final Duration ABANDONED = Duration.ofMinutes(2);
    /** Take-ups after which a job that keeps failing is given up (FAILED, with its last error). */
    static final int MAX_ATTEMPTS = 5;

    private final DataSource db;
    private final ConnectorService service;
    private final Clock clock;
    /** One job at a time: an import must not take the pipeline from the live cameras. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "connector-import");
        t.setDaemon(true);
        return t;
    });
    /** Jobs queued or running in this process: not abandoned, however long they wait. */
    private final Set<Long> here = ConcurrentHashMap.newKeySet();
    /**
     * Jobs started while their runner here still held them (cancelled and posted again while the runner finished its
     * chunk): started again when it lets go, rather than left to the maintenance's take-up of abandoned jobs.
     */
    private final Set<Long> startAgain = ConcurrentHashMap.newKeySet();

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** A job as the administrator sees it. */
    public record Job(long id, String connector, String organisation, State state, String sha256, String fileName, long size,
                      int lines, int linesRead, int accepted, int duplicates, int held, int refused, String createdBy,
                      Instant createdAt, Instant updatedAt, Instant finishedAt, String error, String cancelledBy) {
    }

    /** A refused line: its number in the file (the header is line 1) and why. */
    public record RefusedLine(int line, String reason) {
    }

    /** A posted file's job, and whether the post made it (false: the same file was posted before). */
    public record Submitted(Job job, boolean created) {
    }

    /** What a cancel found: the job (cancelled now, or as it ended before), or none of that id in the connector. */
    public record Cancel(Optional<Job> job, boolean cancelled) {
    }

    CsvImports(DataSource db, ConnectorService service, Clock clock) {
        this.db = db;
        this.service = service;
        this.clock = clock;
    }

    public static String sha256(byte[] file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores a checked file as a job of the connector (in the caller's transaction, the request's), or finds the job
     * of the same file posted before. The job starts when {@link #start} is called, after the commit. A cancelled job
     * of the same file is started over from its first line: what it delivered before counts as duplicates.
     */
    Submitted submit(Connector c, byte[] file, int lines, String sha256, String fileName, String by) {
        Instant now = clock.instant();
        List<Long> made = Sql.list(db, """
                insert into connector_import (connector_id, organisation, sha256, file_name, size, lines, content, state,
                                              created_by, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?)
                on conflict (connector_id, sha256) do update
                    set file_name = excluded.file_name, content = excluded.content, state = 'QUEUED', next_line = 2,
                        lines_read = 0, accepted = 0, duplicates = 0, held = 0, refused = 0, runner = null, attempts = 0,
                        error = null, created_by = excluded.created_by, created_at = excluded.created_at,
                        updated_at = excluded.updated_at, finished_at = null, cancelled_by = null
                    where connector_import.state = 'CANCELLED'
                returning id""",
                rs -> rs.getLong(1), c.id(), c.organisation(), sha256, fileName, (long) file.length, lines, file, by, now, now);
        if (!made.isEmpty()) {
            Sql.update(db, "delete from connector_import_refusal where import_id = ?", made.getFirst());
            return new Submitted(find(c.id(), made.getFirst()).orElseThrow(), true);
        }
        Job existing = Sql.list(db, SELECT + " where connector_id = ? and sha256 = ?", CsvImports::job, c.id(), sha256).getFirst();
        return new Submitted(existing, false);
    }

    private static final String SELECT = """
            select id, connector_id, organisation, state, sha256, file_name, size, lines, lines_read, accepted, duplicates,
                   held, refused, created_by, created_at, updated_at, finished_at, error, cancelled_by from connector_import""";

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getLong(1), rs.getString(2), rs.getString(3), State.valueOf(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                rs.getInt(13), rs.getString(14), Sql.instant(rs.getTimestamp(15)), Sql.instant(rs.getTimestamp(16)),
                Sql.instant(rs.getTimestamp(17)), rs.getString(18), rs.getString(19));
    }

    /** The connector's jobs, newest first. */
    public List<Job> of(String connector) {
        return Sql.list(db, SELECT + " where connector_id = ? order by id desc limit 200", CsvImports::job, connector);
    }

    public Optional<Job> find(String connector, long id) {
        return Sql.list(db, SELECT + " where connector_id = ? and id = ?", CsvImports::job, connector, id).stream().findFirst();
    }

    /** The job's first {@value #REFUSED_KEPT} refused lines, in file order. */
    public List<RefusedLine> refused(long id) {
        return Sql.list(db, "select line, reason from connector_import_refusal where import_id = ? order by line",
                rs -> new RefusedLine(rs.getInt(1), rs.getString(2)), id);
    }

    /**
     * Cancels a job that is queued or running (in the caller's transaction): it ends CANCELLED and its file goes. A
     * runner delivering a chunk meanwhile finishes that chunk, counts it, and stops (see {@link #progress}).
     */
    Cancel cancel(String connector, long id, String by) {
        Instant now = clock.instant();
        int n = Sql.update(db, """
                update connector_import set state = 'CANCELLED', cancelled_by = ?, content = null, updated_at = ?, finished_at = ?
                 where connector_id = ? and id = ? and state in ('QUEUED', 'RUNNING')""", by, now, now, connector, id);
        return new Cancel(find(connector, id), n == 1);
    }

    /** With its connector: its jobs and their refused lines go (in the caller's transaction). */
    void deleteOf(String connector) {
        Sql.update(db, "delete from connector_import_refusal where import_id in (select id from connector_import where connector_id = ?)", connector);
        Sql.update(db, "delete from connector_import where connector_id = ?", connector);
    }

    /** Queues the job to run on this server (after the commit that stored it). */
    public void start(long id) {
        if (!here.add(id)) {
            startAgain.add(id);
            return;
        }
        try {
            runner.execute(() -> {
                try {
                    run(id);
                } catch (RuntimeException e) {
                    log.error("CSV import {} stopped; it is taken up again after {} without progress", id, ABANDONED, e);
                    note(id, e.getMessage());
                } finally {
                    here.remove(id);
                }
                if (startAgain.remove(id)) start(id);
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            here.remove(id);
        }
    }

    /**
     * Takes up the jobs nobody moved on for {@link #ABANDONED}: run by the server's maintenance. Returns how many were
     * queued here.
     */
    public int resumeAbandoned() {
        Instant cutoff = clock.instant().minus(ABANDONED);
        List<Long> ids = Sql.list(db, "select id from connector_import where state in ('QUEUED', 'RUNNING') and updated_at < ? order by id",
                rs -> rs.getLong(1), cutoff);
        int queued = 0;
        for (long id : ids) {
            if (here.contains(id)) continue;
            log.info("CSV import {} had no progress for {}: taken up again from its last committed chunk", id, ABANDONED);
            start(id);
            queued++;
        }
        return queued;
    }

    private record Claimed(UUID runner, String connector, byte[] content, int nextLine, int refused, int attempts) {
    }

    /**
     * Takes the job: as its first runner, or as the next one when it was abandoned (a crash, a server stopped, a runner
     * that failed). Null when it is done, gone, or another server holds it now.
     */
    private Claimed claim(long id) {
        UUID me = UUID.randomUUID();
        Instant now = clock.instant();
        List<Claimed> got = Sql.list(db, """
                update connector_import set state = 'RUNNING', runner = ?, updated_at = ?, attempts = attempts + 1
                 where id = ? and state in ('QUEUED', 'RUNNING') and (runner is null or updated_at < ?)
                returning connector_id, content, next_line, refused, attempts""",
                rs -> new Claimed(me, rs.getString(1), rs.getBytes(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)),
                me, now, id, now.minus(ABANDONED));
        return got.isEmpty() ? null : got.getFirst();
    }

    /** Reads the job's file from its next line to the end, a chunk at a time. */
    void run(long id) {
        Claimed job = claim(id);
        if (job == null) return;
        if (job.attempts() > MAX_ATTEMPTS) {
            finish(id, job.runner(), State.FAILED, "given up after " + MAX_ATTEMPTS + " attempts");
            return;
        }
        Connector c = service.store().find(job.connector()).orElse(null);
        if (c == null || job.content() == null) {
            finish(id, job.runner(), State.FAILED, c == null ? "the connector was deleted" : "the file is no longer kept");
            return;
        }
        try (BufferedReader in = CsvReads.lines(job.content())) {
            CsvReads.Header header = CsvReads.header(in.readLine());
            int lineNo = 1;
            while (lineNo + 1 < job.nextLine() && in.readLine() != null) lineNo++;
            int refusedSoFar = job.refused();
            while (true) {
                List<VendorRead> reads = new ArrayList<>();
                List<Integer> readLines = new ArrayList<>();
                List<RefusedLine> refused = new ArrayList<>();
                int read = 0;
                String line;
                while (read < CHUNK && (line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    read++;
                    try {
                        reads.add(header.read(line));
                        readLines.add(lineNo);
                    } catch (UnreadablePayload | NumberFormatException e) {
                        refused.add(new RefusedLine(lineNo, e.getMessage()));
                    }
                }
                if (read == 0) break;
                ConnectorService.Receipt r = reads.isEmpty() ? null : service.deliver(c, Decoded.of(reads));
                if (r != null)
                    for (ConnectorService.Item item : r.items())
                        if (item.status().equals("rejected")) refused.add(new RefusedLine(readLines.get(item.index()), item.reason()));
                refused.sort(java.util.Comparator.comparingInt(RefusedLine::line));
                Progress p = new Progress(lineNo + 1, read, r == null ? 0 : r.accepted(), r == null ? 0 : r.duplicates(),
                        r == null ? 0 : r.held(), refused.size());
                if (!progress(id, job.runner(), p, refused.subList(0, Math.max(0, Math.min(refused.size(), REFUSED_KEPT - refusedSoFar)))))
                    return; // cancelled, or taken up by another runner meanwhile (it goes on from what was committed)
                refusedSoFar += refused.size();
            }
            finish(id, job.runner(), State.DONE, null);
        } catch (UnreadablePayload e) {
            // Checked when posted; a stored file whose header no longer reads is not taken up again and again.
            finish(id, job.runner(), State.FAILED, e.getMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Progress(int nextLine, int lines, int accepted, int duplicates, int held, int refused) {
    }

    /**
     * A chunk's progress and refused lines, in one transaction, if this runner still holds the job; a job cancelled
     * while the chunk was delivered still counts it (its reads are stored). Returns whether the job goes on.
     */
    private boolean progress(long id, UUID runner, Progress p, List<RefusedLine> keep) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                String state = null;
                try (PreparedStatement ps = c.prepareStatement("""
                        update connector_import set next_line = ?, lines_read = lines_read + ?, accepted = accepted + ?,
                               duplicates = duplicates + ?, held = held + ?, refused = refused + ?, updated_at = ?, error = null
                         where id = ? and runner = ? and state in ('RUNNING', 'CANCELLED') returning state""")) {
                    Sql.bind(c, ps, p.nextLine(), p.lines(), p.accepted(), p.duplicates(), p.held(), p.refused(), clock.instant(), id, runner);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) state = rs.getString(1);
                    }
                }
                if (state != null && !keep.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "insert into connector_import_refusal (import_id, line, reason) values (?, ?, ?) on conflict do nothing")) {
                        for (RefusedLine r : keep) {
                            ps.setLong(1, id);
                            ps.setInt(2, r.line());
                            ps.setString(3, shorten(r.reason()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
                return "RUNNING".equals(state);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the import's progress: " + e.getMessage(), e);
        }
    }

    /** Ends the job; the file goes (its reads are passages now, under their own retention). */
    private void finish(long id, UUID runner, State state, String error) {
        Instant now = clock.instant();
        Sql.update(db, """
                update connector_import set state = ?, error = ?, content = null, updated_at = ?, finished_at = ?
                 where id = ? and runner = ? and state in ('QUEUED', 'RUNNING')""", state.name(), error, now, now, id, runner);
    }

    /** The last error of a runner that stopped, for the administrator; the job stays to be taken up again. */
    private void note(long id, String error) {
        try {
            Sql.update(db, "update connector_import set error = ? where id = ? and state in ('QUEUED', 'RUNNING')",
                    shorten(String.valueOf(error)), id);
        } catch (RuntimeException e) {
            log.warn("could not note the error of CSV import {}: {}", id, e.getMessage());
        }
    }

    private static String shorten(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
