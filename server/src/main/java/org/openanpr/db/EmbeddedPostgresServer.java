package org.openanpr.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Real PostgreSQL binaries (zonky, from Maven Central) run on a kept data directory. After a hard kill of the
 * server the old postmaster may still run as an orphan holding the directory; it is stopped first so that
 * the restart (and PostgreSQL's own crash recovery) can proceed.
 * <p>
 * Locked down against the other users of the machine, who would otherwise be its superuser: the superuser has a
 * generated password ({@code <data dir>.password}, mode 0600) and every connection must give it (scram-sha-256,
 * no {@code trust} line in pg_hba.conf); there is no Unix socket (zonky's would be in world-writable /tmp), only
 * TCP on localhost; the binaries are unpacked into {@code <data dir>-bin} (mode 0700), not into
 * {@code /tmp/embedded-pg}, where another user could put their own {@code postgres} first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String USER = "postgres";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** Only password logins, over TCP on this machine; no socket, so no "local" line is needed. */
    static final String PG_HBA = """
            # Written by OpenANPR: every connection gives the password in <data dir>.password (scram-sha-256).
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final Path dataDir;
    private final Path secret;
    private final Path binaries;
    private final FileChannel lockFile;
    private final String password;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDir, Path secret, Path binaries, FileChannel lockFile, String password) {
        this.dataDir = dataDir;
        this.secret = secret;
        this.binaries = binaries;
        this.lockFile = lockFile;
        this.password = password;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        try {
            createPrivateDirectory(dataDir.toAbsolutePath().getParent());
            createPrivateDirectory(dataDir);
            FileChannel lockFile = lock(dataDir);
            stopOrphanedPostmaster(dataDir);
            Path secret = dataDir.resolveSibling(dataDir.getFileName() + ".password");
            String password = password(secret);
            Path binaries = dataDir.resolveSibling(dataDir.getFileName() + "-bin");
            createPrivateDirectory(binaries);
            boolean trusted = trusts(dataDir); // a data directory from before the lock-down: set its password first
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, secret, binaries, lockFile, password);
            server.postgres = server.launch(0, Duration.ofSeconds(120));
            if (trusted) server.lockDown(dataDir);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Starts the postmaster; port 0 picks a free one. */
    private EmbeddedPostgres launch(int port, Duration startupWait) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                // initdb's options after zonky's "-A trust": the later --auth wins; the password from the file
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", secret.toAbsolutePath().toString())
                .setConnectConfig("password", password)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setPGStartupWait(startupWait)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", sharedBuffersMiB(physicalMemory()) + "MB")
                .setServerConfig("max_wal_size", "2GB")
                // No standby or WAL archive reads this server's WAL (it listens on localhost for serve alone), and at
                // wal_level minimal PostgreSQL drops each finished WAL segment from the kernel's cache, so the next
                // segment reuses that memory instead of taking fresh pages. On a VM that hands free memory back to its
                // host, fresh pages for the WAL (12 KiB a read with images) cost ~90 µs of CPU a read, and bench
                // connectors went from 2,397-3,011 to 3,959-4,765 reads/s. Crash recovery is the same at every level.
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                // A backend that evicts a dirty buffer asks the kernel to write it out after 256 kB rather than leave it
                // in the page cache until the kernel writes back hundreds of MB at once (or a checkpoint fsyncs them),
                // behind which every commit's WAL flush then waits: bench connectors' longest acknowledgement went from
                // 394-603 ms (in most runs) to 220-250 ms.
                .setServerConfig("backend_flush_after", "256kB")
                .setServerConfig("timezone", "UTC");
        if (port > 0) b.setPort(port);
        EmbeddedPostgres pg = b.start();
        // zonky makes its working directory writable for everyone (meant for a cache shared in /tmp); ours is not.
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwx------"));
        return pg;
    }

    /**
     * A quarter of the machine's memory, at most 512 MiB and at least 128. The fixed 256 MB before was too small for
     * sustained ingest: the indexes that reads land in at random places (plate key, read id, trigrams) were evicted and
     * read back from the kernel's cache (bench ingest 27,464–28,947 reads/s; 32,190 at 512 MB). More is worse beside
     * this server on one machine, where the kernel caches the same files: at 1 GB bench connectors fell from 4,693 to
     * 4,032 reads/s, and at a quarter of 23 GiB to 2,990–3,373: the writer's backend spent a sixth of its time in page
     * faults zeroing the never-used buffers that new table pages landed in, and ten times as long in write calls.
     */
    static long sharedBuffersMiB(long physicalBytes) {
        return Math.clamp((physicalBytes >> 20) / 4, 128, 512);
    }

    /** The memory this process may count on: the container's limit where there is one (the JVM reads it). */
    public static long physicalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /** Whether the postmaster still runs: its pid file is there and names a live process. */
    public boolean running() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) return false;
            List<String> lines = Files.readAllLines(pidFile);
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.getFirst().trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts the postmaster again after it died, on the same port, so that the pool's URL stays right and its new
     * connections simply work; PostgreSQL's crash recovery replays the WAL, so nothing committed is lost.
     */
    public synchronized void restart() throws IOException {
        int port = postgres.getPort();
        try {
            postgres.close(); // releases zonky's lock on the directory; the stop itself finds nothing to stop
        } catch (IOException | RuntimeException e) {
            log.debug("closing the dead embedded PostgreSQL", e);
        }
        stopOrphanedPostmaster(dataDir);
        postgres = launch(port, Duration.ofSeconds(60));
    }

    /** Creates the directory owner-only; one that exists is left as it is (PostgreSQL checks its own). */
    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, OWNER_ONLY_DIR);
    }

    /** The superuser's password, generated at first start into a file only this OS user can read. */
    private static String password(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path fresh = Files.createTempFile(file.toAbsolutePath().getParent(), ".password", ".tmp", OWNER_ONLY_FILE);
            Files.writeString(fresh, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty() || !password.matches("[0-9a-f]+"))
            throw new IllegalStateException(file + " does not hold a generated database password; remove it only "
                    + "together with the data directory");
        return password;
    }

    /** Whether an existing data directory still lets anyone in without a password (made before this lock-down). */
    private static boolean trusts(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream()
                .map(l -> l.replaceAll("#.*", "").trim())
                .anyMatch(l -> !l.isEmpty() && l.matches(".*\\btrust\\b.*"));
    }

    /** Gives an old data directory's superuser the password and replaces its trusting pg_hba.conf. */
    private void lockDown(Path dataDir) throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password); Statement st = c.createStatement()) {
            st.execute("set password_encryption = 'scram-sha-256'");
            st.execute("alter role " + USER + " password '" + password + "'"); // hex: nothing to quote
            Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.US_ASCII);
            st.execute("select pg_reload_conf()");
            log.info("embedded PostgreSQL in {} now asks for the password in {}.password", dataDir, dataDir.getFileName());
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
        }
    }

    /**
     * Holds an OS lock on the data directory for as long as this process runs it. The OS drops the lock when the
     * process dies, however it dies: a postmaster found without it is an orphan; one found with it belongs to a
     * running OpenANPR (say `serve`), which a second command must not stop.
     */
    private static FileChannel lock(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolveSibling(dataDir.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another OpenANPR process runs the embedded database in " + dataDir
                    + " (is `anpr serve` running?); stop it, or pass --db with that server's JDBC URL");
        }
        return channel;
    }

    static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) return;
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) return;
        log.warn("an earlier embedded PostgreSQL (pid {}) still runs on {}; stopping it", pid, dataDir);
        ProcessHandle p = process.get();
        p.destroy(); // SIGTERM: smart shutdown, the old server's clients are gone with the old JVM
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly(); // recovery replays the WAL at the next start
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IllegalStateException("could not stop the PostgreSQL (pid " + pid + ") holding " + dataDir);
            }
        }
    }

    /** The URL without credentials: the user is {@link #USER}, the password {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
        try {
            lockFile.close();
        } catch (IOException e) {
            log.warn("could not release the lock on the data directory", e);
        }
    }
}
