package org.openanpr.passage;

import org.openanpr.recognition.Box;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted read (a passage): plate normalised, country given or inferred, images decoded.
 * {@code plateKey} is the OCR-confusion key that fuzzy search uses. {@code countryReported} tells whether the camera
 * sent the country: one inferred from the text is not evidence enough to rule out a hit, since a misread changes
 * the format it seems to have (KL-081-P read as KLO81P looks British). {@code vehicle} and {@code travel} are what the
 * camera said about the vehicle ({@link VehicleDescription#NONE} and {@link Travel#NONE} when nothing). {@code plateBox}
 * is where OpenANPR's own recognition found the plate, for a read that came as an image without a plate (in the plate
 * image when one was sent, else in the overview); null for reads whose plate the camera sent.
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
        Travel travel,
        Box plateBox) {

    /** The country matching may rely on: the camera's, or null when only inferred. */
    public String matchCountry() {
        return countryReported ? country : null;
    }

    public boolean hasImages() {
        return plateImage != null || overviewImage != null;
    }
}
