package org.openanpr.passage;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One plate read as a camera delivers it, before validation. Field names are the wire names of
 * {@code POST /api/v1/reads}. Images are base64 JPEG.
 */
public record IncomingRead(
        UUID id,
        String camera,
        String plate,
        String country,
        Double confidence,
        OffsetDateTime time,
        Double lat,
        Double lon,
        String plateImage,
        String overviewImage) {
}
