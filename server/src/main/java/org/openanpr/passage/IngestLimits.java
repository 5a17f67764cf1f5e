package org.openanpr.passage;

import java.time.Duration;

/**
 * What the ingest accepts. Reads older than the retention limit could never be kept, so they are refused at the
 * door; a little future skew is allowed because camera clocks drift. {@code maxImportBytes} is the largest
 * reference list file: an import is parsed and checked whole before it is stored (all or nothing), so it must fit
 * the heap together with everything else (see {@link #DEFAULT_IMPORT_BYTES}).
 */
public record IngestLimits(int maxBatch, long maxBodyBytes, int maxImageBytes, Duration futureSkew, Duration retention,
                           long maxImportBytes) {
    /**
     * 64 MiB, which 2 GiB of the default 4 GiB heap ({@code ./anpr}) hold: 32 bytes of heap per byte of limit, the ratio at which
     * ListImportLimitTest imports a file of the shortest rows at the limit in a server JVM of its own; the server
     * admits one import at a time. A larger heap (ANPR_JAVA_OPTS) can take a larger limit ({@code serve
     * --max-import-mb}).
     */
    public static final long DEFAULT_IMPORT_BYTES = 64L * 1024 * 1024;
    public static final IngestLimits DEFAULT = new IngestLimits(5_000, 32L * 1024 * 1024, 512 * 1024, Duration.ofMinutes(5),
            Duration.ofDays(28), DEFAULT_IMPORT_BYTES);

    public IngestLimits(int maxBatch, long maxBodyBytes, int maxImageBytes, Duration futureSkew, Duration retention) {
        this(maxBatch, maxBodyBytes, maxImageBytes, futureSkew, retention, DEFAULT_IMPORT_BYTES);
    }

    public IngestLimits withMaxImportBytes(long bytes) {
        return new IngestLimits(maxBatch, maxBodyBytes, maxImageBytes, futureSkew, retention, bytes);
    }
}
