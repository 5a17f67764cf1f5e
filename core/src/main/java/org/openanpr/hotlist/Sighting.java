package org.openanpr.hotlist;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.openanpr.plate.Country;
import org.openanpr.plate.Plates;

/**
 * A read as the matcher sees it.
 *
 * @param plate     normalised text ({@link Plates#normalise})
 * @param country   {@code null} when the camera could not tell
 * @param direction the camera's direction of travel ({@code N}, {@code INBOUND}, ...), compared without regard to
 *                  case; {@code null} when unknown
 * @param lat       WGS84 latitude of the camera; {@code null}, with {@code lon}, when unknown
 */
public record Sighting(String plate, Country country, Instant time, String direction, Double lat, Double lon) {

    public Sighting {
        if (!Plates.normalise(plate).equals(plate)) {
            throw new IllegalArgumentException("sighting plate must be normalised (Plates.normalise)");
        }
        Objects.requireNonNull(time, "time");
        direction = direction == null || direction.isBlank() ? null : direction(direction);
        if ((lat == null) != (lon == null)) {
            throw new IllegalArgumentException("a position needs both lat and lon, or neither");
        }
    }

    /** A read without direction or position. */
    public static Sighting of(String plate, Country country, Instant time) {
        return new Sighting(plate, country, time, null, null, null);
    }

    /** The one spelling of a direction that sightings and list rules compare. */
    static String direction(String raw) {
        return raw.strip().toUpperCase(Locale.ROOT);
    }
}
