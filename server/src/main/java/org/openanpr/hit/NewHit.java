package org.openanpr.hit;

import org.openanpr.hotlist.Candidate;
import org.openanpr.hotlist.StoredEntry;

import java.time.Instant;
import java.util.UUID;

/**
 * A hit about to be stored: the read's facts, the match, and the entry's details as they were at that moment.
 * {@code passageKeptUntil}, for a hit found in a stored passage (historical), is when that passage's retention ends:
 * such a hit is kept no longer, whatever the list's hit retention. A live hit (null) is kept for the list's purpose.
 */
public record NewHit(UUID passageId, Instant observedAt, String cameraId, String plate, String country, float confidence,
                     Double lat, Double lon, Candidate match, StoredEntry entry, boolean historical,
                     byte[] plateImage, byte[] overviewImage, Instant passageKeptUntil) {

    /** When the hit is purged: after the list's hit retention, and never after its passage for a historical hit. */
    public Instant keepUntil() {
        Instant listEnd = observedAt.plus(java.time.Duration.ofDays(match.list().hitRetentionDays()));
        return passageKeptUntil != null && passageKeptUntil.isBefore(listEnd) ? passageKeptUntil : listEnd;
    }
}
