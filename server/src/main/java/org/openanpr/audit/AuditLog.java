package org.openanpr.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.db.RequestTransaction;
import org.openanpr.db.Tx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit trail in PostgreSQL: an append-only, hash-chained table. Each record's hash covers its fields and the
 * previous record's hash, so {@link AuditVerifier} finds a record edited, removed or reordered afterwards.
 */
public final class AuditLog {
    /** Taken by every append for the rest of its transaction, so appends form one chain and never fork. */
    private static final long APPEND_LOCK = 0x414E_5052_4155_444CL; // "ANPRAUDL"
    private static final HexFormat HEX = HexFormat.of();

    /** How long repeats of a look are counted before their summary record is written. */
    public static final Duration BURST_WINDOW = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DataSource db;
    private final Clock clock;
    private final AuditBursts bursts;

    public AuditLog(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.bursts = new AuditBursts(BURST_WINDOW);
    }

    /** A stored record, as the audit API shows it. */
    public record Recorded(long seq, Instant at, String actor, String organisation, String action, String target,
                           String legalBasis, String caseNumber, String purpose, Integer resultCount, JsonNode details,
                           String prevHash, String hash) {
    }

    /**
     * Which records to show; every part is optional. {@code to} is exclusive. {@code organisation} limits the records
     * to those of acts done for that organisation (a privacy officer sees only their own organisation's).
     */
    public record Filter(String actor, AuditEntry.Action action, Instant from, Instant to, String organisation) {
        public Filter(String actor, AuditEntry.Action action, Instant from, Instant to) {
            this(actor, action, from, to, null);
        }
    }

    public interface Sink {
        void accept(Recorded r) throws IOException;
    }

    /**
     * Appends one record in its own transaction; returns its sequence number. For looks and refusals, which stay on
     * the record whatever the request answers; the record of a change goes in the change's transaction
     * ({@link #recordChange}). A look repeated within the burst window
     * (the same hits polled, the same refused login; see {@link AuditBursts}) is counted instead, and its summary
     * written when the window ends ({@link #writeEndedBursts}); the number returned is then that of the burst's first
     * record.
     */
    public long record(AuditEntry e) {
        boolean coalesces = AuditBursts.coalesces(e.action());
        if (coalesces) {
            long first = bursts.repeat(e, clock.instant());
            if (first > 0) return first;
        }
        long seq = append(e);
        if (coalesces) bursts.opened(e, seq, clock.instant());
        return seq;
    }

    /**
     * Writes the summary records of the bursts whose window has ended, or of all bursts ({@code all}, at stop).
     * Run every half minute by the server; what cannot be written now is kept and tried again.
     */
    public void writeEndedBursts(boolean all) {
        List<AuditEntry> summaries = bursts.ended(clock.instant(), all);
        for (int i = 0; i < summaries.size(); i++) {
            try {
                append(summaries.get(i));
            } catch (RuntimeException e) {
                bursts.retry(summaries.subList(i, summaries.size()));
                log.warn("audit burst summaries not written yet ({} left): {}", summaries.size() - i, e.getMessage());
                return;
            }
        }
    }

    private long append(AuditEntry e) {
        try {
            return Tx.sql(db, c -> record(c, e));
        } catch (SQLException ex) {
            throw new IllegalStateException("could not write the audit record", ex);
        }
    }

    /**
     * Appends the record of a change in the change's own transaction: that of the request this thread serves
     * ({@link RequestTransaction}, opened by {@link ChangeRecorder} for every changing route). It commits with the
     * change or not at all, and the request then writes no CHANGE record of its own. Throws when this thread serves no
     * change request, so that a change record can never silently go its own way.
     */
    public long recordChange(AuditEntry e) {
        RequestTransaction t = RequestTransaction.current();
        if (t == null)
            throw new IllegalStateException("recordChange outside a change request's transaction: " + e.action() + " " + e.target());
        try {
            return record(t.connection(), e);
        } catch (SQLException ex) {
            throw new IllegalStateException("could not write the audit record", ex);
        }
    }

    /**
     * Appends one record inside the caller's transaction, so that it commits or rolls back with the act it records.
     * Appends wait for each other until the transaction ends: call this last, just before the commit. The
     * transaction must be READ COMMITTED (PostgreSQL's default), so that the last record is read after the lock is
     * held; under a stricter level a concurrent append fails on the primary key rather than forking the chain.
     */
    public long record(Connection c, AuditEntry e) throws SQLException {
        if (c.getAutoCommit())
            throw new IllegalStateException("record(Connection, ...) needs a transaction: the lock would end with the statement");
        String details = AuditEntry.canonicalDetails(e.details()); // before the lock: a bad value fails without waiting
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, APPEND_LOCK);
            lock.execute();
        }
        // A statement of its own: its snapshot is taken after the lock is held, so it sees the last committed append.
        long seq = 1;
        byte[] prev = AuditEntry.GENESIS;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq, hash from audit_log order by seq desc limit 1")) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getBytes(2);
            }
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] hash = e.hash(seq, at, details, prev);
        try (PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (seq, at, actor, organisation, action, target, legal_basis, case_number, purpose,
                                       result_count, details, prev_hash, hash)
                overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            ps.setLong(1, seq);
            ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(3, e.actor());
            ps.setString(4, e.organisation());
            ps.setString(5, e.action().name());
            ps.setString(6, e.target());
            ps.setString(7, e.legalBasis());
            ps.setString(8, e.caseNumber());
            ps.setString(9, e.purpose());
            if (e.resultCount() == null) ps.setNull(10, Types.INTEGER); else ps.setInt(10, e.resultCount());
            ps.setString(11, details);
            ps.setBytes(12, prev);
            ps.setBytes(13, hash);
            ps.executeUpdate();
        }
        RequestTransaction request = RequestTransaction.of(c);
        if (request != null) request.recorded();
        return seq;
    }

    /** The newest records first, at most {@code limit}. */
    public List<Recorded> find(Filter f, int limit) {
        List<Recorded> found = new ArrayList<>();
        try {
            select(f, "seq desc", limit, found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Every matching record, oldest first, streamed from the database to {@code sink}. */
    public void forEach(Filter f, Sink sink) throws IOException {
        select(f, "seq", 0, sink);
    }

    private void select(Filter f, String order, int limit, Sink sink) throws IOException {
        StringBuilder sql = new StringBuilder("""
                select seq, at, actor, organisation, action, target, legal_basis, case_number, purpose, result_count,
                       details::text, prev_hash, hash
                from audit_log where true""");
        List<Object> args = new ArrayList<>();
        if (f.actor() != null) { sql.append(" and actor = ?"); args.add(f.actor()); }
        if (f.action() != null) { sql.append(" and action = ?"); args.add(f.action().name()); }
        if (f.from() != null) { sql.append(" and at >= ?"); args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC)); }
        if (f.to() != null) { sql.append(" and at < ?"); args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC)); }
        if (f.organisation() != null) { sql.append(" and organisation = ?"); args.add(f.organisation()); }
        sql.append(" order by ").append(order);
        if (limit > 0) sql.append(" limit ").append(limit);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false); // a cursor, so an export of the whole log is not held in memory
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setFetchSize(1000);
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(row(rs));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log", e);
        }
    }

    private static Recorded row(ResultSet rs) throws SQLException {
        String details = rs.getString(11);
        return new Recorded(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                (Integer) rs.getObject(10), details == null ? null : AuditEntry.readDetails(details),
                HEX.formatHex(rs.getBytes(12)), HEX.formatHex(rs.getBytes(13)));
    }
}
