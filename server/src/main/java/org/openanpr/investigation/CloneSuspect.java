package org.openanpr.investigation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Two sightings of one plate that cannot be one vehicle, with the evidence. */
public record CloneSuspect(Long id, String organisation, String plate, String display, String country, List<String> reasons,
                           End first, End second, Double metres, long seconds, Double neededKmh, String calculation,
                           String description, Instant createdAt) {
    public record End(UUID passage, Instant time, String camera, Double lat, Double lon, String vehicle) {
    }
}
