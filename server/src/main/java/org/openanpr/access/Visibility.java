package org.openanpr.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which data a caller may read, resolved once per request and handed to the stores, which put it in their SQL:
 * the caller's organisation plus the cameras other organisations share with it now. {@code passageCameras} are
 * the cameras whose passages are visible (own and shared for passages), {@code hitCameras} those whose hits and
 * registry entries are visible (own and shared for any purpose). The system token sees everything
 * ({@link #everything()}); stores then add no condition.
 */
public record Visibility(String organisation, Set<String> passageCameras, Set<String> hitCameras,
                         Set<String> sharedHitCameras, Map<String, Instant> sharedPassagesFrom) {
    private static final Visibility EVERYTHING = new Visibility(null, Set.of(), Set.of(), Set.of());

    /**
     * {@code sharedPassagesFrom}: for each camera whose passages are shared with the caller, the start of the
     * agreement that shares them; passages from before it stay the owner's alone.
     */
    public Visibility {
        passageCameras = Set.copyOf(passageCameras);
        hitCameras = Set.copyOf(hitCameras);
        sharedHitCameras = Set.copyOf(sharedHitCameras);
        sharedPassagesFrom = Map.copyOf(sharedPassagesFrom);
    }

    public Visibility(String organisation, Set<String> passageCameras, Set<String> hitCameras, Set<String> sharedHitCameras) {
        this(organisation, passageCameras, hitCameras, sharedHitCameras, Map.of());
    }

    /**
     * The SQL condition under which a passage row (columns {@code camera_id}, {@code observed_at} of {@code alias}) is
     * visible: at an own camera, or at a camera shared for passages and recorded since the agreement began. Appends
     * its arguments to {@code args}.
     */
    public String passageCondition(String alias, List<Object> args) {
        if (all()) return "true";
        Set<String> own = new java.util.HashSet<>(passageCameras);
        own.removeAll(sharedPassagesFrom.keySet());
        StringBuilder sql = new StringBuilder("(").append(alias).append(".camera_id = any(?)");
        args.add(own.toArray(String[]::new));
        sharedPassagesFrom.forEach((camera, from) -> {
            sql.append(" or (").append(alias).append(".camera_id = ? and ").append(alias).append(".observed_at >= ?)");
            args.add(camera);
            args.add(from);
        });
        return sql.append(")").toString();
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
