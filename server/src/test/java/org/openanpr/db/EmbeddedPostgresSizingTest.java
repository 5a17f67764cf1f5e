package org.openanpr.db;

import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The embedded database's buffers follow the machine's memory up to 512 MiB (a fixed 256 MB made ingest re-read its indexes). */
class EmbeddedPostgresSizingTest {
    @Test
    void sharedBuffersAreAQuarterOfMemoryUpTo512MiB() {
        assertThat(EmbeddedPostgresServer.sharedBuffersMiB(512L << 20)).isEqualTo(128);
        assertThat(EmbeddedPostgresServer.sharedBuffersMiB(1L << 30)).isEqualTo(256);
        assertThat(EmbeddedPostgresServer.sharedBuffersMiB(1536L << 20)).isEqualTo(384);
        assertThat(EmbeddedPostgresServer.sharedBuffersMiB(23L << 30)).isEqualTo(512);
    }

    @Test
    void theRunningEmbeddedDatabaseHasThem() throws Exception {
        assumeTrue(TestDatabase.embedded(), "an external test database is its operator's to size");
        try (Database db = TestDatabase.freshSchema(EmbeddedPostgresSizingTest.class);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(EmbeddedPostgresServer.sharedBuffersMiB(EmbeddedPostgresServer.physicalMemory()));
        }
    }
}
