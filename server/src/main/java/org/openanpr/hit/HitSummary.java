package org.openanpr.hit;

import java.time.Instant;
import java.util.List;

/**
 * Counts for the dashboard: open hits, hits since a time and those per hour. Only numbers, so reading them is not a
 * view of anyone's hit and is not audited as one.
 */
public record HitSummary(Instant from, long open, long since, List<Hour> perHour) {
    public record Hour(Instant hour, long hits) {
    }
}
