package org.openanpr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU time the embedded PostgreSQL has used so far: its postmaster and every process it started (backends,
 * WAL writer, checkpointer), as the operating system reports them. A process that ended in between is not counted,
 * so a figure over a run is a lower bound; where the system reports nothing it is -1.
 */
final class PostgresCpu {
    private final long postmaster;

    private PostgresCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** For the PostgreSQL whose data directory is {@code pgData}; null when its pid file cannot be read. */
    static PostgresCpu of(Path pgData) {
        try {
            String first = Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().trim();
            return new PostgresCpu(Long.parseLong(first));
        } catch (Exception e) {
            return null;
        }
    }

    long nanos() {
        return ProcessHandle.of(postmaster)
                .map(p -> Stream.concat(Stream.of(p), p.descendants())
                        .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum())
                .orElse(-1L);
    }
}
