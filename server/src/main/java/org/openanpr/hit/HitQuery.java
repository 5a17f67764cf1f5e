package org.openanpr.hit;

import java.time.Instant;

/** Which hits to list; null fields do not filter. */
public record HitQuery(Boolean open, Long listId, Long actionId, String camera, String plate, Instant from, Instant to,
                       int limit) {
}
