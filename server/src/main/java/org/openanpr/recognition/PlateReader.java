package org.openanpr.recognition;

import java.util.Optional;

/**
 * Reads the plate in an image, for callers that only want the best read (the ingest pipeline turns an image that
 * came without a plate into a read with it). Implemented by {@link RecognitionPool}.
 */
public interface PlateReader {

    /** The best read in an image: plate text, its country when the format tells, the confidence, and the box. */
    record PlateRead(String plate, String country, double confidence, Box box) {
    }

    /** The recogniser's queue is full: the caller should send again later. */
    final class Busy extends RuntimeException {
        public Busy(String message) {
            super(message);
        }
    }

    /**
     * @return the best plate in the image, or empty when none was seen
     * @throws ImageDecoder.BadImage when the bytes are no image it reads, or too large
     * @throws Busy                  when too many images are waiting already
     */
    Optional<PlateRead> read(byte[] image);
}
