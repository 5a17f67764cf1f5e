package org.openanpr.passage;

import java.time.Duration;

/**
 * What the ingest accepts. Reads older than the retention limit could never be kept, so they are refused at the
 * door; a little future skew is allowed because camera clocks drift.
 */
public record IngestLimits(int maxBatch, long maxBodyBytes, int maxImageBytes, Duration futureSkew, Duration retention) {
    public static final IngestLimits DEFAULT =
            new IngestLimits(5_000, 32L * 1024 * 1024, 512 * 1024, Duration.ofMinutes(5), Duration.ofDays(28));
}
