package org.openanpr.access;

import java.util.Set;

/**
 * Which data a caller may read, resolved once per request and handed to the stores, which put it in their SQL:
 * the caller's organisation plus the cameras other organisations share with it now. {@code passageCameras} are
 * the cameras whose passages are visible (own and shared for passages), {@code hitCameras} those whose hits and
 * registry entries are visible (own and shared for any purpose). The system token sees everything
 * ({@link #everything()}); stores then add no condition.
 */
public record Visibility(String organisation, Set<String> passageCameras, Set<String> hitCameras,
                         Set<String> sharedHitCameras) {
    private static final Visibility EVERYTHING = new Visibility(null, Set.of(), Set.of(), Set.of());

    public Visibility {
        passageCameras = Set.copyOf(passageCameras);
        hitCameras = Set.copyOf(hitCameras);
        sharedHitCameras = Set.copyOf(sharedHitCameras);
    }

    public static Visibility everything() {
        return EVERYTHING;
    }

    public boolean all() {
        return organisation == null;
    }

    public boolean seesPassagesOf(String cameraId) {
        return all() || passageCameras.contains(cameraId);
    }

    public boolean seesCamera(String cameraId) {
        return all() || hitCameras.contains(cameraId);
    }

    /**
     * A hit is its list owner's; a camera shared with this organisation also shows the hits of the camera owner's
     * own lists, not those of third organisations' lists.
     */
    public boolean seesHit(String listOrganisation, String cameraId, String cameraOrganisation) {
        return all() || organisation.equals(listOrganisation)
                || (sharedHitCameras.contains(cameraId) && listOrganisation.equals(cameraOrganisation));
    }

    public String[] passageCameraArray() {
        return passageCameras.toArray(String[]::new);
    }

    public String[] sharedHitCameraArray() {
        return sharedHitCameras.toArray(String[]::new);
    }

    public String[] hitCameraArray() {
        return hitCameras.toArray(String[]::new);
    }
}
