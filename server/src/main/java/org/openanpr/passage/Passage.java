package org.openanpr.passage;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted read (a passage): plate normalised, country given or inferred, images decoded.
 * {@code plateKey} is the OCR-confusion key that fuzzy search uses.
 */
public record Passage(
        UUID id,
        Instant observedAt,
        String cameraId,
        String plate,
        String plateKey,
        String country,
        float confidence,
        Double lat,
        Double lon,
        byte[] plateImage,
        byte[] overviewImage) {

    public boolean hasImages() {
        return plateImage != null || overviewImage != null;
    }
}
