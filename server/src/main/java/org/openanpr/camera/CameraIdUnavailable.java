package org.openanpr.camera;

/**
 * A camera id another organisation owns or once owned, or a change of a camera's organisation: refused, because the
 * id is what binds passages, images and hits to the organisation that collected them. {@code why} is for the system
 * token only: a person is told no more than that the id is not available.
 */
public final class CameraIdUnavailable extends RuntimeException {
    private final String id;

    public CameraIdUnavailable(String id, String why) {
        super("camera id '" + id + "' is not available: " + why);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
