package org.openanpr.passage;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted read (a passage): plate normalised, country given or inferred, images decoded.
 * {@code plateKey} is the OCR-confusion key that fuzzy search uses. {@code countryReported} tells whether the camera
 * sent the country: one inferred from the text is not evidence enough to rule out a hit, since a misread changes
 * the format it seems to have (KL-081-P read as KLO81P looks British). {@code vehicle} and {@code travel} are what the
 * camera said about the vehicle ({@link VehicleDescription#NONE} and {@link Travel#NONE} when nothing).
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
        byte[] overviewImage,
        boolean countryReported,
        VehicleDescription vehicle,
        Travel travel) {

    /** The country matching may rely on: the camera's, or null when only inferred. */
    public String matchCountry() {
        return countryReported ? country : null;
    }

    public boolean hasImages() {
        return plateImage != null || overviewImage != null;
    }
}
