package org.openanpr.access;

/** Who is calling: the administrator or one camera, which may only deliver its own reads. */
public sealed interface Principal {
    String label();

    record Admin(String label) implements Principal {
    }

    record CameraDevice(String cameraId, String label) implements Principal {
    }
}
