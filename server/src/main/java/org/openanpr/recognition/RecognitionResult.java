package org.openanpr.recognition;

import java.util.List;

/**
 * What {@code POST /api/v1/recognize} and {@code anpr recognize --json} answer for one image.
 *
 * @param plate      the best candidate, or null when no plate was seen
 * @param plates     per plate-like box in the image, its best candidate
 * @param candidates the ranked candidates, best first
 */
public record RecognitionResult(int width, int height, PlateRecognizer.Candidate plate, List<PlateRecognizer.Candidate> plates,
                                List<PlateRecognizer.Candidate> candidates, int textBoxes, double millis) {
    /** Largest image accepted, in bytes. */
    public static final int MAX_IMAGE_BYTES = 8 << 20;
    /** Largest image accepted, in pixels (width x height): about 40 megapixels. */
    public static final long MAX_PIXELS = 40_000_000L;

    public static RecognitionResult of(PlateRecognizer.Recognition r, int candidates) {
        return new RecognitionResult(r.width(), r.height(), r.best(), r.plates(),
                r.candidates().subList(0, Math.min(candidates, r.candidates().size())), r.boxesFound(),
                Math.round(r.millis() * 10) / 10.0);
    }
}
