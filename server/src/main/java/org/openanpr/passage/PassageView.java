package org.openanpr.passage;

import java.time.Instant;
import java.util.UUID;

/** A stored passage as the API shows it. */
public record PassageView(UUID id, Instant time, String camera, String plate, String country, float confidence,
                          Double lat, Double lon, boolean hasImages) {
}
