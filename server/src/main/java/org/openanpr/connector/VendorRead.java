package org.openanpr.connector;

import java.time.Instant;
import java.util.List;

/**
 * One plate read as a vendor message gave it, mapped onto our fields but not yet onto our camera.
 *
 * @param vendorCamera the vendor's own id of the camera (null when the message names none)
 * @param eventId      the vendor's id of this read, stable over redelivery; the read's id is derived from it
 * @param confidence   0..1
 * @param frameKey     for per-frame messages: the key under which repeated frames of one vehicle collapse into one
 *                     read (null for messages that already are one vehicle)
 * @param notes        what was dropped on the way (an image that is no JPEG, an attribute out of range)
 */
public record VendorRead(String vendorCamera, String eventId, String plate, String country, double confidence,
                         Instant time, Double lat, Double lon, byte[] plateJpeg, byte[] overviewJpeg, String make,
                         String model, String colour, String vehicleType, String direction, Double speed,
                         String frameKey, List<String> notes) {
    public VendorRead {
        notes = List.copyOf(notes);
    }
}
