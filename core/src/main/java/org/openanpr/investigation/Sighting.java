package org.openanpr.investigation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One passage as an investigation sees it: which read, when, at which camera, and where (null when the read carried no
 * position and its camera none either).
 */
public record Sighting(UUID id, Instant time, String camera, Double lat, Double lon) {
    public Sighting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(camera, "camera");
    }

    public boolean located() {
        return lat != null && lon != null;
    }

    /** Metres to the other sighting, or null when either has no position. */
    public Double metresTo(Sighting other) {
        return located() && other.located() ? Distance.metres(lat, lon, other.lat, other.lon) : null;
    }
}
