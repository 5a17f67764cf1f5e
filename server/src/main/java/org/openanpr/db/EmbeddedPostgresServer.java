package org.openanpr.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real PostgreSQL binaries (zonky, from Maven Central) run on a kept data directory. After a hard kill of the
 * server the old postmaster may still run as an orphan holding the directory; it is stopped first so that
 * the restart (and PostgreSQL's own crash recovery) can proceed.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockFile;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lockFile) {
        this.postgres = postgres;
        this.lockFile = lockFile;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel lockFile = lock(dataDir);
            stopOrphanedPostmaster(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("timezone", "UTC")
                    .start();
            return new EmbeddedPostgresServer(pg, lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
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

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
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
