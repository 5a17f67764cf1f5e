package org.openanpr.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's hash chain holds under concurrent appends and breaks, at the right record and for the right reason,
 * when someone with the triggers switched off edits, removes or reorders records in PostgreSQL.
 */
class AuditLogTest {
    static final Instant START = Instant.parse("2026-11-23T10:00:00.123456789Z");
    Database db;
    TestClock clock;
    AuditLog log;
    AuditVerifier verifier;

    @BeforeEach
    void freshLog() {
        db = TestDatabase.freshSchema(AuditLogTest.class);
        clock = new TestClock(START);
        log = new AuditLog(db.dataSource(), clock);
        verifier = new AuditVerifier(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static AuditEntry search(int i) {
        return new AuditEntry("officer-" + (i % 3), "utrecht", AuditEntry.Action.PASSAGE_SEARCH, "plate XX-" + i + "-ZZ",
                "art. 126jj Sv", "2026-UTR-" + i, "stolen vehicle enquiry", i, Map.of("plate", "XX" + i + "ZZ", "fuzzy", i % 2 == 0));
    }

    void appendTen() {
        for (int i = 1; i <= 10; i++) {
            assertThat(log.record(search(i))).isEqualTo(i);
            clock.advance(Duration.ofMillis(1500));
        }
        assertThat(verifier.verify().ok()).isTrue();
    }

    /** Changes rows the way someone with superuser rights could: with the append-only triggers switched off. */
    void tamper(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table audit_log disable trigger all");
            st.execute(sql);
            st.execute("alter table audit_log enable trigger all");
        }
    }

    List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq, action, target, result_count, details::text from audit_log order by seq")) {
            while (rs.next())
                out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getObject(4) + " " + rs.getString(5));
        }
        return out;
    }

    /**
     * A dashboard polling the same hits every 30 s, and a script trying the same wrong password, leave one record each
     * and one summary with the count when the window ends, not a record per poll; changes are each still written.
     */
    @Test
    void aBurstOfTheSameLookIsOneRecordWithACount() throws Exception {
        AuditEntry poll = new AuditEntry("officer-1", "utrecht", AuditEntry.Action.HIT_VIEW, "hits", null, null, null, 4,
                Map.of("status", "open"));
        AuditEntry refused = new AuditEntry("admin", null, AuditEntry.Action.LOGIN, "admin", null, null, null, null,
                Map.of("result", "bad credentials"));
        for (int i = 0; i < 19; i++) { // 9.5 minutes of polling, inside one window
            assertThat(log.record(poll)).isEqualTo(1);
            log.record(refused);
            log.record(refused);
            clock.advance(Duration.ofSeconds(30));
        }
        log.record(AuditEntry.of("officer-1", AuditEntry.Action.CHANGE, "POST /api/v1/hits/1/acknowledge"));
        log.record(AuditEntry.of("officer-1", AuditEntry.Action.CHANGE, "POST /api/v1/hits/1/acknowledge"));
        assertThat(rows()).hasSize(4);

        log.writeEndedBursts(false);
        assertThat(rows()).as("the window has not ended").hasSize(4);
        clock.advance(Duration.ofMinutes(1));
        log.writeEndedBursts(false);
        List<String> rows = rows();
        assertThat(rows).hasSize(6);
        assertThat(rows.subList(4, 6)).anySatisfy(r -> assertThat(r).contains("HIT_VIEW hits 72 ")
                .contains("\"repeats\": 18").contains("\"repeatOf\": 1").contains("\"status\": \"open\""));
        assertThat(rows.subList(4, 6)).anySatisfy(r -> assertThat(r).contains("LOGIN admin null ")
                .contains("\"repeats\": 37").contains("\"repeatOf\": 2"));
        assertThat(verifier.verify().ok()).isTrue();

        log.record(poll); // a new window starts with a record of its own
        assertThat(rows()).hasSize(7);
    }

    @Test
    void concurrentAppendsFormOneLinearChain() throws Exception {
        AuditLog log = new AuditLog(db.dataSource(), Clock.systemUTC()); // real nanoseconds, truncated to PostgreSQL's micros
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < each; i++) seqs.add(log.record(search(thread * each + i)));
                return seqs;
            }));
        }
        Set<Long> seqs = new HashSet<>();
        for (Future<List<Long>> f : results) seqs.addAll(f.get());
        pool.shutdown();
        assertThat(seqs).hasSize(threads * each);

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checked()).isEqualTo(threads * each);

        // Linear: seq 1..n without gaps, each record pointing at the one before, no two records sharing a parent.
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq, prev_hash, hash from audit_log order by seq")) {
            long expected = 1;
            byte[] previous = new byte[32];
            Set<String> parents = new HashSet<>();
            while (rs.next()) {
                assertThat(rs.getLong(1)).isEqualTo(expected++);
                assertThat(rs.getBytes(2)).isEqualTo(previous);
                assertThat(parents.add(Arrays.toString(rs.getBytes(2)))).isTrue();
                previous = rs.getBytes(3);
            }
            assertThat(expected - 1).isEqualTo(threads * each);
            assertThat(r.lastHash()).isEqualTo(HexFormat.of().formatHex(previous));
        }
    }

    @Test
    void anEditedRecordIsNamed() throws Exception {
        appendTen();
        tamper("update audit_log set result_count = result_count + 1 where seq = 5");

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(5);
        assertThat(r.problem()).isEqualTo("hash mismatch: record edited");
        assertThat(r.checked()).isEqualTo(4);
    }

    @Test
    void anEditedTimeOrDetailIsFound() throws Exception {
        appendTen();
        tamper("update audit_log set at = at + interval '1 microsecond' where seq = 2");
        tamper("update audit_log set details = jsonb_set(details, '{fuzzy}', 'true') where seq = 3");
        assertThat(verifier.verify().brokenAt()).isEqualTo(2);
        tamper("update audit_log set at = at - interval '1 microsecond' where seq = 2");
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.brokenAt()).isEqualTo(3);
        assertThat(r.problem()).isEqualTo("hash mismatch: record edited");
    }

    @Test
    void aRemovedRecordLeavesAGap() throws Exception {
        appendTen();
        tamper("delete from audit_log where seq = 7");

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(8);
        assertThat(r.problem()).isEqualTo("gap in sequence after 6: record removed");
    }

    @Test
    void aRemovedRecordWhoseSuccessorsWereRenumberedBreaksTheLink() throws Exception {
        appendTen();
        tamper("delete from audit_log where seq = 7");
        tamper("alter table audit_log alter column seq drop identity");
        tamper("update audit_log set seq = -seq where seq > 7"); // two steps: the primary key is checked row by row
        tamper("update audit_log set seq = -seq - 1 where seq < 0");

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.brokenAt()).isEqualTo(7);
        assertThat(r.problem()).isEqualTo("prev_hash does not match record 6: record removed or reordered");
    }

    @Test
    void swappedRecordsAreFound() throws Exception {
        appendTen();
        tamper("""
                update audit_log a set at = b.at, actor = b.actor, organisation = b.organisation, action = b.action,
                    target = b.target, legal_basis = b.legal_basis, case_number = b.case_number, purpose = b.purpose,
                    result_count = b.result_count, details = b.details, prev_hash = b.prev_hash, hash = b.hash
                from audit_log b where (a.seq, b.seq) in ((3, 4), (4, 3))""");

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(3);
        assertThat(r.problem()).isEqualTo("prev_hash does not match record 2: record removed or reordered");
    }

    @Test
    void swappedContentsUnderTheOriginalHashesAreFound() throws Exception {
        appendTen();
        tamper("""
                update audit_log a set actor = b.actor, target = b.target, case_number = b.case_number,
                    result_count = b.result_count, details = b.details
                from audit_log b where (a.seq, b.seq) in ((3, 4), (4, 3))""");

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.brokenAt()).isEqualTo(3);
        assertThat(r.problem()).isEqualTo("hash mismatch: record edited");
    }

    @Test
    void postgresRefusesUpdateDeleteAndTruncate() throws Exception {
        appendTen();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("update audit_log set result_count = 0 where seq = 5"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("audit_log is append-only: UPDATE refused");
            assertThatThrownBy(() -> st.executeUpdate("delete from audit_log where seq = 7"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("audit_log is append-only: DELETE refused");
            assertThatThrownBy(() -> st.execute("truncate audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("audit_log is append-only: TRUNCATE refused");
        }
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).isTrue();
        assertThat(r.checked()).isEqualTo(10);
    }

    @Test
    void anAppendRolledBackWithItsTransactionLeavesNoGap() throws Exception {
        log.record(search(1));
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(log.record(c, search(2))).isEqualTo(2);
            c.rollback();
            assertThat(log.record(c, search(3))).isEqualTo(2);
            c.commit();
        }
        assertThat(log.record(search(4))).isEqualTo(3);
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checked()).isEqualTo(3);
    }

    @Test
    void anAppendOutsideATransactionIsRefused() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            assertThatThrownBy(() -> log.record(c, search(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void detailsSurviveJsonbsOwnKeyOrderAndNumberForm() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("zeta", "last");
        details.put("a", 1);
        details.put("ratio", 0.1);
        details.put("float", 0.1f);
        details.put("whole", 2.0);
        details.put("large", 1e20);
        details.put("small", 1.5e-7);
        details.put("exact", new BigDecimal("12345678901234567890.12345678901234567890"));
        details.put("long", Long.MAX_VALUE);
        details.put("nothing", null);
        details.put("text", "IJssel — üñí 🚓 \"quoted\"\n\ttab");
        details.put("nested", Map.of("b", List.of(1.50, "x", Map.of()), "a", true));
        details.put("when", Instant.parse("2026-11-23T10:00:00Z"));
        log.record(new AuditEntry("officer", null, AuditEntry.Action.EXPORT, null, null, null, null, null, details));
        log.record(new AuditEntry("officer", null, AuditEntry.Action.EXPORT, null, null, null, null, null, Map.of()));
        log.record(AuditEntry.of("officer", AuditEntry.Action.LOGIN, null));

        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checked()).isEqualTo(3);
        AuditLog.Recorded first = log.find(new AuditLog.Filter(null, AuditEntry.Action.EXPORT, null, null), 10).getLast();
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123456Z"));
        assertThat(first.details().path("exact").decimalValue()).isEqualByComparingTo("12345678901234567890.1234567890123456789");
        assertThat(first.details().path("text").asText()).isEqualTo("IJssel — üñí 🚓 \"quoted\"\n\ttab");
    }

    @Test
    void aNonFiniteNumberIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> log.record(new AuditEntry("officer", null, AuditEntry.Action.ADMIN, null, null, null,
                null, null, Map.of("x", Double.NaN)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(verifier.verify().checked()).isZero();
    }

    @Test
    void anEmptyLogIsIntact() {
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.ok()).isTrue();
        assertThat(r.checked()).isZero();
        assertThat(r.lastHash()).isEqualTo("0".repeat(64));
    }
}
