package org.openanpr.passage;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One plate read as a camera delivers it, before validation. Field names are the wire names of
 * {@code POST /api/v1/reads}. Images are base64 JPEG. The vehicle's description and travel are optional;
 * {@code direction} is {@code in}/{@code out} or a heading in degrees, {@code speed} km/h as the camera measured it.
 */
public record IncomingRead(
        UUID id,
        String camera,
        String plate,
        String country,
        Double confidence,
        OffsetDateTime time,
        Double lat,
        Double lon,
        String plateImage,
        String overviewImage,
        String make,
        String model,
        String colour,
        String vehicleType,
        String direction,
        Double speed) {

    /** A read with its plate and place only, as most cameras send it. */
    public IncomingRead(UUID id, String camera, String plate, String country, Double confidence, OffsetDateTime time,
                        Double lat, Double lon, String plateImage, String overviewImage) {
        this(id, camera, plate, country, confidence, time, lat, lon, plateImage, overviewImage, null, null, null, null, null, null);
    }

    /** Whether the ingest takes {@code lat}/{@code lon} as a position (WGS84 degrees). */
    public static boolean onEarth(double lat, double lon) {
        return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }
}
