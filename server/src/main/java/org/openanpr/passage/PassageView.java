package org.openanpr.passage;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.openanpr.plate.Plates;
import org.openanpr.recognition.Box;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored passage as the API shows it. {@code countryInferred}: the camera sent no country and {@code country} is the
 * one the plate's format implies (never used to rule out a hit). The vehicle's make, model, colour, type and travel are
 * what the camera said, normalised (null when it said nothing). {@code plateBox}: where OpenANPR's own recognition
 * found the plate, for a read that came as an image without a plate; null otherwise.
 */
public record PassageView(UUID id, Instant time, String camera, String plate, String country, boolean countryInferred,
                          float confidence,
                          Double lat, Double lon, boolean hasImages,
                          String make, String model, String colour, String vehicleType, String direction, Integer heading,
                          Double speed, Box plateBox) {

    /** The plate as written on it ({@code 12-BDF-3}); {@code plate} stays the normalised text that queries take. */
    @JsonProperty("display")
    public String display() {
        return Plates.display(plate, country);
    }
}
