package org.openanpr.db;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL writes only the WAL that crash recovery needs, so that it drops finished WAL segments from
 * the kernel's cache, and has the kernel write out what its backends evict as they go (operations.md, scaling.md
 * sessions 15 and 16). Crash recovery itself: {@code CrashDurabilityTest}.
 */
class EmbeddedPostgresWalTest {

    @Test
    void theEmbeddedServerKeepsNoWalForStandbysOrArchives() throws Exception {
        assertThat(settings("wal_level", "max_wal_senders", "archive_mode", "fsync", "synchronous_commit")).containsExactly(
                Map.entry("wal_level", "minimal"), Map.entry("max_wal_senders", "0"), Map.entry("archive_mode", "off"),
                Map.entry("fsync", "on"), Map.entry("synchronous_commit", "on"));
    }

    @Test
    void aBackendsEvictedBuffersAreWrittenOutBeforeACheckpointMustFsyncThem() throws Exception {
        assertThat(settings("backend_flush_after")).containsExactly(Map.entry("backend_flush_after", "256kB"));
    }

    private static Map<String, String> settings(String... names) throws Exception {
        Assumptions.assumeTrue(TestDatabase.embedded(), "ANPR_TEST_DB_URL: an external server is its operator's to set");
        Map<String, String> values = new LinkedHashMap<>();
        try (Database db = TestDatabase.freshSchema(EmbeddedPostgresWalTest.class);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = st.executeQuery("show " + name)) {
                    rs.next();
                    values.put(name, rs.getString(1));
                }
            }
        }
        return values;
    }
}
