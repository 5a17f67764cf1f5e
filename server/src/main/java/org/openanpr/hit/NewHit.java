package org.openanpr.hit;

import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.StoredEntry;

import java.time.Instant;
import java.util.UUID;

/** A hit about to be stored: the read's facts, the match, and the entry's details as they were at that moment. */
public record NewHit(UUID passageId, Instant observedAt, String cameraId, String plate, String country, float confidence,
                     Double lat, Double lon, Candidate match, StoredEntry entry, boolean historical,
                     byte[] plateImage, byte[] overviewImage) {
}
