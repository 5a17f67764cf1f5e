package org.openanpr.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Walks the whole audit log in sequence order and recomputes the chain: every record's hash from its fields, every
 * prev_hash against the record before, every sequence number against the one before plus one. Stops at the first
 * broken record.
 * <p>
 * The hash has no secret, so someone able to rewrite the table could recompute every hash after an edit, and
 * removing the newest records leaves a shorter chain that is intact. Keeping the last hash that {@code verify}
 * prints somewhere else (a case file, a report) and comparing it later closes both.
 */
public final class AuditVerifier {
    public static final String EDITED = "hash mismatch: record edited";
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource db;

    public AuditVerifier(DataSource db) {
        this.db = db;
    }

    /**
     * What the walk found. {@code checked} counts the records found intact; {@code brokenAt} and {@code problem} name
     * the first broken record; {@code lastHash} is the hash of the last intact record (zeros for an empty log).
     */
    public record Result(boolean ok, long checked, Long brokenAt, String problem, String lastHash) {
        static Result intact(long checked, byte[] lastHash) {
            return new Result(true, checked, null, null, HEX.formatHex(lastHash));
        }

        static Result broken(long checked, long seq, String problem, byte[] lastHash) {
            return new Result(false, checked, seq, problem, HEX.formatHex(lastHash));
        }
    }

    public Result verify() {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false); // a cursor: the log is streamed, never held in memory
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery("""
                        select seq, at, actor, organisation, action, target, legal_basis, case_number, purpose,
                               result_count, details::text, prev_hash, hash
                        from audit_log order by seq""")) {
                    return walk(rs);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    private static Result walk(ResultSet rs) throws SQLException {
        long checked = 0;
        long previousSeq = 0;
        byte[] previousHash = AuditEntry.GENESIS;
        while (rs.next()) {
            long seq = rs.getLong(1);
            if (seq > previousSeq + 1)
                return Result.broken(checked, seq, "gap in sequence after " + previousSeq + ": record removed", previousHash);
            if (seq <= previousSeq)
                return Result.broken(checked, seq, "sequence out of order after " + previousSeq + ": record duplicated",
                        previousHash);
            byte[] prevHash = rs.getBytes(12);
            if (seq == 1 && !Arrays.equals(prevHash, AuditEntry.GENESIS))
                return Result.broken(checked, seq, "prev_hash of the first record is not 32 zero bytes: record edited",
                        previousHash);
            if (!Arrays.equals(prevHash, previousHash))
                return Result.broken(checked, seq, "prev_hash does not match record " + previousSeq
                        + ": record removed or reordered", previousHash);
            byte[] hash = rs.getBytes(13);
            if (!Arrays.equals(hash, recompute(rs, seq, prevHash)))
                return Result.broken(checked, seq, EDITED, previousHash);
            checked++;
            previousSeq = seq;
            previousHash = hash;
        }
        return Result.intact(checked, previousHash);
    }

    private static byte[] recompute(ResultSet rs, long seq, byte[] prevHash) throws SQLException {
        try {
            return AuditEntry.hash(seq, AuditEntry.epochMicros(rs.getObject(2, OffsetDateTime.class).toInstant()),
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getString(9), (Integer) rs.getObject(10), AuditEntry.canonicalDetails(rs.getString(11)), prevHash);
        } catch (RuntimeException e) {
            return null; // a value no append could have written (a time of 'infinity', say): edited
        }
    }
}
