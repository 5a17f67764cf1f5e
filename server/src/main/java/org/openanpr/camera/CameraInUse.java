package org.openanpr.camera;

import java.util.List;

/** A camera that enforcement actions name cannot be deleted: their reports refer to it. */
public final class CameraInUse extends RuntimeException {
    private final List<Long> actions;

    public CameraInUse(String camera, List<Long> actions) {
        super("camera '" + camera + "' is used by enforcement action" + (actions.size() == 1 ? " " : "s ") + actions
                + "; it stays while an action refers to it (set its status to INACTIVE instead)");
        this.actions = List.copyOf(actions);
    }

    public List<Long> actions() {
        return actions;
    }
}
