package org.openanpr.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Another user of the machine is not the embedded PostgreSQL's superuser: no password, or a wrong one, is refused;
 * pg_hba.conf trusts no one; the password, data and binaries are the owner's only; there is no socket in /tmp.
 */
class EmbeddedPostgresLockDownTest {
    @TempDir
    Path dir;

    static Connection connect(EmbeddedPostgresServer pg, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedPostgresServer.USER);
        if (password != null) p.setProperty("password", password);
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void onlyTheGeneratedPasswordGetsIn() throws Exception {
        Path data = dir.resolve("data").resolve("pg");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data)) {
            assertThatThrownBy(() -> connect(pg, null).close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(pg, "postgres").close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(pg, pg.password()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("show unix_socket_directories")) {
                rs.next();
                assertThat(rs.getString(1)).as("no socket, in /tmp or elsewhere").isEmpty();
            }
            assertNothingTrusted(data);
            assertThat(perms(data.resolveSibling("pg.password"))).isEqualTo("rw-------");
            assertThat(Files.readString(data.resolveSibling("pg.password")).strip()).isEqualTo(pg.password());
            assertThat(perms(data)).isEqualTo("rwx------");
            assertThat(perms(data.resolveSibling("pg-bin"))).isEqualTo("rwx------");
            assertBinariesArePrivate(data);
        }
    }

    /** A data directory made before the lock-down (trust for everyone) gets the password and a new pg_hba.conf. */
    @Test
    void anOldTrustingDataDirectoryIsLockedDownAtStart() throws Exception {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data)) {
            assertThat(pg.password()).isNotBlank();
        }
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(data)) {
            assertNothingTrusted(data);
            assertThatThrownBy(() -> connect(pg, "wrong").close()).isInstanceOf(SQLException.class);
            try (Connection c = connect(pg, pg.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }

    static void assertNothingTrusted(Path data) throws Exception {
        assertThat(Files.readAllLines(data.resolve("pg_hba.conf")))
                .filteredOn(l -> !l.strip().startsWith("#") && !l.isBlank())
                .isNotEmpty()
                .noneMatch(l -> l.contains("trust"))
                .allMatch(l -> l.strip().endsWith("scram-sha-256"));
    }

    /**
     * The running postgres binary lies below a directory only its owner can enter (this JVM's first embedded server
     * chose where, so it may be the test database's): not in the shared /tmp/embedded-pg.
     */
    static void assertBinariesArePrivate(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        Path binary = Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
        assertThat(binary.toString()).doesNotContain("/embedded-pg/");
        boolean privateAncestor = false;
        for (Path p = binary.getParent(); p != null; p = p.getParent())
            if (perms(p).equals("rwx------")) privateAncestor = true;
        assertThat(privateAncestor).as(binary + " has an owner-only directory above it").isTrue();
    }
}
