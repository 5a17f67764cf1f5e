package org.openanpr.investigation;

import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle over the limit on a section, with the evidence: both passages (their images are at
 * {@code /api/v1/sections/violations/{id}/images/{end}/{kind}}), their times and when the server received them, the
 * distance, the calculation, the cameras' status and the clock check.
 */
public record SectionViolation(long id, Long section, String sectionName, String organisation, String plate, String display,
                               String country, Passage entry, Passage exit, double distanceMetres, int limitKmh,
                               int marginKmh, long elapsedMillis, double measuredKmh, int correctedKmh, String calculation,
                               String clockCheck, boolean clockSuspect, Instant createdAt) {
    /** One end of the measurement. */
    public record Passage(UUID id, String camera, Instant time, Instant receivedAt, String cameraStatus) {
    }
}
