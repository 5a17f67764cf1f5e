package org.openanpr.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a PostgreSQL server of its own (a separate postgres process started here, reached only over TCP with a
 * user and password, as an operator's server would be), and several nodes starting against it at once: each runs the
 * migrations, Flyway's lock in the database lets one apply them while the others wait, and every one comes up.
 */
class ExternalDatabaseTest {

    @Test
    void threeNodesMigratingAtOnceApplyEachMigrationOnce(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"))) {
            String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres";
            List<Process> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        "org.openanpr.cli.Main", "db", "migrate", "--db", url, "--db-user", EmbeddedPostgresServer.USER,
                        "--db-password-env", "TEST_PG_PASSWORD")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("node" + i + ".log").toFile());
                pb.environment().put("TEST_PG_PASSWORD", pg.password());
                nodes.add(pb.start());
            }
            for (int i = 0; i < nodes.size(); i++) {
                assertThat(nodes.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
                assertThat(nodes.get(i).exitValue()).as(Files.readString(dir.resolve("node" + i + ".log"))).isZero();
                assertThat(Files.readString(dir.resolve("node" + i + ".log"))).contains("schema up to date");
            }
            try (Database db = Database.external(url, EmbeddedPostgresServer.USER, pg.password(), null, 2);
                 Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("select count(*), count(distinct version), bool_and(success) "
                        + "from flyway_schema_history where version is not null")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("each migration applied once").isEqualTo(rs.getLong(2)).isPositive();
                    assertThat(rs.getBoolean(3)).isTrue();
                }
                try (ResultSet rs = st.executeQuery("select count(*) from camera")) {
                    assertThat(rs.next()).isTrue(); // the schema is there and usable
                }
            }
        }
    }
}
