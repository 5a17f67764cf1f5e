package org.openanpr.hotlist;

/** A list switched on for one camera, a camera group, or a region (all cameras of an organisation). */
public record Activation(long listId, Scope scope, String target) {
    public enum Scope { CAMERA, GROUP, REGION }
}
