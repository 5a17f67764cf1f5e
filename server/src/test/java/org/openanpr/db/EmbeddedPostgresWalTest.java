package org.openanpr.db;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL writes only the WAL that crash recovery needs, so that it drops finished WAL segments from
 * the kernel's cache, and has the kernel write out what its backends evict as they go (operations.md, scaling.md
 * sessions 15 and 16). Crash recovery itself: {@code CrashDurabilityTest}.
 */
class EmbeddedPostgresWalTest {

    @Test
    void theEmbeddedServerKeepsNoWalForStandbysOrArchives() throws Exception {
        Assumptions.assumeTrue(TestDatabase.embedded(), "ANPR_TEST_DB_URL: an external server is its operator's to set");
        try (Database db = TestDatabase.freshSchema(EmbeddedPostgresWalTest.class);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(setting(st, "wal_level")).isEqualTo("minimal");
            assertThat(setting(st, "max_wal_senders")).isEqualTo("0");
            assertThat(setting(st, "archive_mode")).isEqualTo("off");
            assertThat(setting(st, "fsync")).isEqualTo("on");
            assertThat(setting(st, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void aBackendsEvictedBuffersAreWrittenOutBeforeACheckpointMustFsyncThem() throws Exception {
        Assumptions.assumeTrue(TestDatabase.embedded(), "ANPR_TEST_DB_URL: an external server is its operator's to set");
        try (Database db = TestDatabase.freshSchema(EmbeddedPostgresWalTest.class);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(setting(st, "backend_flush_after")).isEqualTo("256kB");
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
