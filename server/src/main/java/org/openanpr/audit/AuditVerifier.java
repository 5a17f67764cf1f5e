package org.openanpr.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Walks the whole audit log in sequence order and recomputes the chain: every record's hash from its fields, every
 * prev_hash against the record before, every sequence number against the one before plus one. Stops at the first
 * broken record.
 * <p>
 * The hash has no secret, so someone able to rewrite the table could recompute every hash after an edit, and
 * removing the newest records leaves a shorter chain that is intact. Signed checkpoints ({@link AuditCheckpoints}),
 * kept outside the database, close both: each names a record and its hash, which the walk must find unchanged.
 */
public final class AuditVerifier {
    public static final String EDITED = "hash mismatch: record edited";
    private static final HexFormat HEX = HexFormat.of();
    private static final String COLUMNS = """
            select seq, at, actor, organisation, action, target, legal_basis, case_number, purpose,
                   result_count, details::text, prev_hash, hash
            from audit_log""";

    private final DataSource db;

    public AuditVerifier(DataSource db) {
        this.db = db;
    }

    /**
     * What the walk found. {@code checked} counts the records found intact; {@code brokenAt} and {@code problem} name
     * the first broken record; {@code lastSeq} and {@code lastHash} are those of the last intact record (0 and zeros
     * for an empty log).
     */
    public record Result(boolean ok, long checked, Long brokenAt, String problem, String lastHash, long lastSeq) {
        static Result intact(long checked, long lastSeq, byte[] lastHash) {
            return new Result(true, checked, null, null, HEX.formatHex(lastHash), lastSeq);
        }

        static Result broken(long checked, long seq, String problem, long lastSeq, byte[] lastHash) {
            return new Result(false, checked, seq, problem, HEX.formatHex(lastHash), lastSeq);
        }
    }

    public Result verify() {
        return verify(List.of());
    }

    /**
     * The whole chain, which must also hold every record named by a signed checkpoint with the hash it was signed
     * with: a record missing finds a log cut short, a hash changed one rewritten (even consistently, from the start).
     * The checkpoints' signatures are the caller's to check ({@link AuditCheckpoints#read}).
     */
    public Result verify(List<AuditCheckpoints.Checkpoint> checkpoints) {
        Map<Long, byte[]> anchors = new HashMap<>();
        for (AuditCheckpoints.Checkpoint cp : checkpoints) {
            byte[] earlier = anchors.putIfAbsent(cp.seq(), cp.hashBytes());
            if (earlier != null && !Arrays.equals(earlier, cp.hashBytes()))
                return Result.broken(0, cp.seq(), "two signed checkpoints name different hashes for record " + cp.seq()
                        + ": the log was rewritten between them", 0, AuditEntry.GENESIS);
        }
        return walk(COLUMNS + " order by seq", 0, 0, AuditEntry.GENESIS, anchors);
    }

    /**
     * The records after a checkpoint: they must continue its chain. What a new checkpoint checks before it signs, so
     * that it never signs a chain that was broken since the last one (and need not walk the whole log each time).
     */
    public Result verifySince(AuditCheckpoints.Checkpoint from) {
        return walk(COLUMNS + " where seq >= ? order by seq", from.seq(), from.seq() - 1, null,
                Map.of(from.seq(), from.hashBytes()));
    }

    private Result walk(String sql, long fromSeq, long previousSeq, byte[] previousHash, Map<Long, byte[]> anchors) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false); // a cursor: the log is streamed, never held in memory
            c.setReadOnly(true);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setFetchSize(1000);
                if (sql.contains("?")) st.setLong(1, fromSeq);
                try (ResultSet rs = st.executeQuery()) {
                    return walk(rs, previousSeq, previousHash, anchors);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    /** {@code previousHash} null: the first row's link to the one before is not checked (a walk from a checkpoint). */
    private static Result walk(ResultSet rs, long previousSeq, byte[] previousHash, Map<Long, byte[]> anchors)
            throws SQLException {
        long checked = 0;
        byte[] lastHash = previousHash == null ? AuditEntry.GENESIS : previousHash;
        while (rs.next()) {
            long seq = rs.getLong(1);
            if (seq > previousSeq + 1)
                return Result.broken(checked, seq, "gap in sequence after " + previousSeq + ": record removed",
                        previousSeq, lastHash);
            if (seq <= previousSeq)
                return Result.broken(checked, seq, "sequence out of order after " + previousSeq + ": record duplicated",
                        previousSeq, lastHash);
            byte[] prevHash = rs.getBytes(12);
            if (seq == 1 && !Arrays.equals(prevHash, AuditEntry.GENESIS))
                return Result.broken(checked, seq, "prev_hash of the first record is not 32 zero bytes: record edited",
                        previousSeq, lastHash);
            if (previousHash != null && !Arrays.equals(prevHash, previousHash))
                return Result.broken(checked, seq, "prev_hash does not match record " + previousSeq
                        + ": record removed or reordered", previousSeq, lastHash);
            byte[] hash = rs.getBytes(13);
            if (!Arrays.equals(hash, recompute(rs, seq, prevHash)))
                return Result.broken(checked, seq, EDITED, previousSeq, lastHash);
            byte[] anchored = anchors.get(seq);
            if (anchored != null && !Arrays.equals(hash, anchored))
                return Result.broken(checked, seq, "hash differs from the signed checkpoint: log rewritten",
                        previousSeq, lastHash);
            checked++;
            previousSeq = seq;
            previousHash = hash;
            lastHash = hash;
        }
        long end = previousSeq;
        long anchoredEnd = anchors.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        if (anchoredEnd > end)
            return Result.broken(checked, end + 1, "the log ends at record " + end + " but a signed checkpoint names record "
                    + anchoredEnd + ": records removed", end, lastHash);
        return Result.intact(checked, end, lastHash);
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
