package org.openanpr.passage;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.openanpr.plate.Plates;

import java.time.Instant;
import java.util.UUID;

/** A stored passage as the API shows it. */
public record PassageView(UUID id, Instant time, String camera, String plate, String country, float confidence,
                          Double lat, Double lon, boolean hasImages) {

    /** The plate as written on it ({@code 12-BDF-3}); {@code plate} stays the normalised text that queries take. */
    @JsonProperty("display")
    public String display() {
        return Plates.display(plate, country);
    }
}
