package org.openanpr.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.db.Database;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints anchor the chain outside PostgreSQL: {@code anpr audit verify --checkpoints FILE} finds the log
 * cut short or rewritten whole, both of which leave a chain that is intact on its own.
 */
class AuditCheckpointTest {
    @TempDir
    Path dir;
    Database db;
    TestClock clock;
    AuditLog log;
    String schema;
    Path file;
    Path key;

    @BeforeEach
    void thirtyRecordsAndACheckpoint() throws Exception {
        db = TestDatabase.freshSchema(AuditCheckpointTest.class);
        clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
        log = new AuditLog(db.dataSource(), clock);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
        file = dir.resolve("offsite").resolve("audit-checkpoints");
        Files.createDirectories(file.getParent());
        key = dir.resolve("audit-checkpoint.key");
        for (int i = 1; i <= 30; i++) {
            log.record(AuditLogTest.search(i));
            clock.advance(Duration.ofSeconds(7));
        }
        AuditVerifyCommandTest.Run written = command("checkpoint", "--checkpoints", file.toString(), "--checkpoint-key", key.toString());
        assertThat(written.exit()).as(written.toString()).isZero();
        assertThat(written.out()).contains("audit checkpoint: record 30");
    }

    @AfterEach
    void close() {
        db.close();
    }

    AuditVerifyCommandTest.Run command(String... args) {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        all.addAll(TestDatabase.commandLine(schema));
        return AuditVerifyCommandTest.run(all);
    }

    AuditVerifyCommandTest.Run verifyWithCheckpoints() {
        return command("verify", "--checkpoints", file.toString(), "--public-key", key + ".pub");
    }

    @Test
    void theIntactLogHoldsItsCheckpointsAndTheKeyIsPrivate() throws Exception {
        log.record(AuditLogTest.search(31)); // records after the last checkpoint are fine
        AuditVerifyCommandTest.Run r = verifyWithCheckpoints();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("audit log intact: 31 records").contains("1 signed checkpoints hold");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void checkpointsFindTheLastRecordsRemovedWithTriggersDisabled() throws Exception {
        tamper("delete from audit_log where seq > 20");
        assertThat(command("verify").exit()).as("the chain alone cannot tell").isZero();

        AuditVerifyCommandTest.Run r = verifyWithCheckpoints();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("audit log BROKEN at record 21").contains("records removed");
        // Nor does the next checkpoint sign the shortened chain.
        AuditVerifyCommandTest.Run next = command("checkpoint", "--checkpoints", file.toString(), "--checkpoint-key", key.toString());
        assertThat(next.exit()).as(next.toString()).isEqualTo(1);
    }

    @Test
    void checkpointsFindTheWholeChainRewrittenConsistently() throws Exception {
        rewriteEveryPurpose("routine check");
        assertThat(command("verify").exit()).as("the rewritten chain is consistent on its own").isZero();

        AuditVerifyCommandTest.Run r = verifyWithCheckpoints();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("audit log BROKEN at record 30").contains("log rewritten");
    }

    @Test
    void aForgedCheckpointLineIsFound() throws Exception {
        String line = Files.readString(file).strip();
        String[] f = line.split(" ");
        Files.writeString(file, line + "\n" + String.join(" ", f[0], "31", f[2], f[3], f[4]) + "\n");
        AuditVerifyCommandTest.Run r = verifyWithCheckpoints();
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("line 2: the signature does not verify");
    }

    void tamper(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table audit_log disable trigger all");
            st.execute(sql);
            st.execute("alter table audit_log enable trigger all");
        }
    }

    /** What someone with superuser rights and this source code can do: change every record and recompute the chain. */
    void rewriteEveryPurpose(String purpose) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table audit_log disable trigger all");
            byte[] prev = AuditEntry.GENESIS;
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    select seq, at, actor, organisation, action, target, legal_basis, case_number, result_count,
                           details::text from audit_log order by seq""")) {
                while (rs.next())
                    rows.add(new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getObject(9), rs.getString(10)});
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "update audit_log set purpose = ?, prev_hash = ?, hash = ? where seq = ?")) {
                for (Object[] r : rows) {
                    byte[] hash = AuditEntry.hash((Long) r[0], AuditEntry.epochMicros((Instant) r[1]), (String) r[2],
                            (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7], purpose,
                            (Integer) r[8], AuditEntry.canonicalDetails((String) r[9]), prev);
                    ps.setString(1, purpose);
                    ps.setBytes(2, prev);
                    ps.setBytes(3, hash);
                    ps.setLong(4, (Long) r[0]);
                    ps.executeUpdate();
                    prev = hash;
                }
            }
            st.execute("alter table audit_log enable trigger all");
        }
    }
}
