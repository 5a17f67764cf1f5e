package org.openanpr.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long passages may be kept, and what that means at a given moment: the cutoff before which nothing may exist,
 * and whether a whole UTC day (a partition) lies before it and can be dropped at once.
 */
public record RetentionPeriod(int days) {
    /** The legal maximum for all passages (no-hit reads) in the Netherlands: 28 days. */
    public static final int MAX_DAYS = 28;

    public RetentionPeriod {
        if (days < 1 || days > MAX_DAYS)
            throw new IllegalArgumentException("retention: must be 1.." + MAX_DAYS + " days, got " + days);
    }

    public Instant cutoff(Instant now) {
        return now.minus(Duration.ofDays(days));
    }

    /** Whether every moment of {@code day} (UTC) is older than the cutoff, so the day's partition may be dropped. */
    public boolean wholeDayExpired(LocalDate day, Instant now) {
        return !day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff(now));
    }
}
