package org.openanpr.passage;

import java.time.Instant;

/**
 * What a passage search reaches: one plate (exact or fuzzy), a plate pattern (wildcards) or every vehicle, at one
 * camera or all, over a period.
 * {@code from} and {@code to} are always set: an open start means "everything retained".
 */
public record SearchScope(String plate, boolean fuzzy, String camera, Instant from, Instant to) {
    public SearchScope {
        if (from == null || to == null) throw new IllegalArgumentException("from and to: required");
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    }

    /**
     * True when {@code other} asks for no more than this scope: the same plate (or any, when this scope is every
     * vehicle), no fuzzy search where this one is exact, the same camera unless this one spans all, inside the period.
     */
    public boolean covers(SearchScope other) {
        if (plate != null && (!plate.equals(other.plate) || (other.fuzzy && !fuzzy))) return false;
        return sameCamera(other) && inside(other);
    }

    /**
     * A plate pattern with {@value org.openanpr.hotlist.ListEntry#WILDCARD} for unknown characters, or a partial plate
     * with {@value PartialPlate#ANY} ({@link PartialPlate}): many plates.
     */
    public boolean wildcard() {
        return plate != null && (plate.indexOf(org.openanpr.hotlist.ListEntry.WILDCARD) >= 0 || PartialPlate.isPartial(plate));
    }

    private boolean sameCamera(SearchScope other) {
        return camera == null || camera.equals(other.camera);
    }

    private boolean inside(SearchScope other) {
        return !other.from.isBefore(from) && !other.to.isAfter(to);
    }
}
