package org.openanpr.passage;

/**
 * A camera's own token delivered reads naming another camera: the request is refused whole, so that a stolen or
 * misconfigured camera cannot put passages on another camera's record. Nothing of the request is stored.
 */
public final class ForeignCameraReads extends RuntimeException {
    ForeignCameraReads(String tokenCamera, String namedCamera) {
        super("the token of camera '" + tokenCamera + "' may not deliver reads for camera '" + namedCamera
                + "'; nothing was stored");
    }
}
