package org.openanpr.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.openanpr.cli.Main;
import org.openanpr.db.Database;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestDatabase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code anpr audit verify}, run in-process against the test's own schema: exit 0 intact, 1 broken, 2 not checked. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditVerifyCommandTest {
    static Database db;
    static AuditLog log;
    static String schema;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.freshSchema(AuditVerifyCommandTest.class);
        log = new AuditLog(db.dataSource(), new TestClock(Instant.parse("2026-11-23T10:00:00Z")));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** The test database's URL, pointed at a schema with the driver's own currentSchema parameter. */
    static Run verify(String schema) {
        List<String> args = new ArrayList<>(List.of("audit", "verify"));
        args.addAll(TestDatabase.commandLine(schema));
        return run(args);
    }

    /** Runs {@code anpr ARGS} in-process, capturing what it prints. */
    static Run run(List<String> args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = Main.run(args.toArray(String[]::new));
            return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    @Order(1)
    void anEmptyLogIsIntact() {
        Run r = verify(schema);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("audit log intact: 0 records, last hash " + "0".repeat(64));
    }

    @Test
    @Order(2)
    void anIntactLogExitsZeroAndPrintsTheLastHash() throws Exception {
        for (int i = 1; i <= 6; i++) log.record(AuditLogTest.search(i));
        String last;
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select hash from audit_log where seq = 6")) {
            rs.next();
            last = HexFormat.of().formatHex(rs.getBytes(1));
        }
        Run r = verify(schema);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("audit log intact: 6 records, last hash " + last);
    }

    @Test
    @Order(3)
    void anEditedLogExitsOneNamingTheRecord() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("alter table audit_log disable trigger all");
            st.execute("update audit_log set purpose = 'routine check' where seq = 4");
            st.execute("alter table audit_log enable trigger all");
        }
        Run r = verify(schema);
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("audit log BROKEN at record 4: hash mismatch: record edited");
    }

    @Test
    @Order(4)
    void aLogThatCannotBeReadIsNotCalledBroken() {
        Run r = verify("no_such_schema");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("audit log not checked:").contains("audit_log");
    }
}
