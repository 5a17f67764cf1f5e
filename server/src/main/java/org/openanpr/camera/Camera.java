package org.openanpr.camera;

import java.time.Instant;

/**
 * A camera in the registry. {@code id} is the operator's own short code (e.g. {@code UT-A27-01}); it is what
 * reads name in their {@code camera} field.
 */
public record Camera(
        String id,
        String name,
        CameraType type,
        double lat,
        double lon,
        Double heading,
        String lane,
        String direction,
        String organisation,
        CameraStatus status,
        Instant lastReadAt) {

    public enum CameraType { FIXED, MOBILE }

    public enum CameraStatus { ACTIVE, INACTIVE, MAINTENANCE }

    public Camera withLastReadAt(Instant at) {
        return new Camera(id, name, type, lat, lon, heading, lane, direction, organisation, status, at);
    }
}
