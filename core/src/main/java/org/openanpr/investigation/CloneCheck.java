package org.openanpr.investigation;

import org.openanpr.passage.VehicleDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether two sightings of one plate point to two vehicles carrying it (a cloned plate, a "dubbel kenteken"): the
 * journey between them is impossible ({@link ImpossibleTravel}), or the cameras describe vehicles that cannot be the
 * same ({@link VehicleDescription#conflictsWith}: another make, colour or type). Misreads make false suspects (another
 * car's plate read as this one), so both reads must be confident.
 */
public record CloneCheck(ImpossibleTravel travel, double minConfidence) {
    public static final CloneCheck DEFAULT = new CloneCheck(ImpossibleTravel.DEFAULT, 0.8);

    public CloneCheck {
        if (travel == null) throw new IllegalArgumentException("travel: required");
        if (!(minConfidence >= 0 && minConfidence <= 1)) throw new IllegalArgumentException("minConfidence: between 0 and 1");
    }

    /** A sighting with what the camera said about the vehicle and how sure it was of the plate. */
    public record Seen(Sighting sighting, VehicleDescription vehicle, double confidence) {
        public Seen {
            if (vehicle == null) vehicle = VehicleDescription.NONE;
        }
    }

    public enum Reason { IMPOSSIBLE_TRAVEL, CONFLICTING_DESCRIPTION }

    /** What makes two sightings suspect; {@code travel} is null when a position was missing. */
    public record Finding(List<Reason> reasons, ImpossibleTravel.Verdict travel, String description) {
        public boolean suspect() {
            return !reasons.isEmpty();
        }
    }

    public static final Finding NONE = new Finding(List.of(), null, null);

    public Finding check(Seen a, Seen b) {
        if (a.confidence() < minConfidence || b.confidence() < minConfidence) return NONE;
        if (a.sighting().id().equals(b.sighting().id())) return NONE;
        List<Reason> reasons = new ArrayList<>();
        ImpossibleTravel.Verdict v = travel.check(a.sighting(), b.sighting());
        if (v != null && v.impossible()) reasons.add(Reason.IMPOSSIBLE_TRAVEL);
        String description = null;
        if (a.vehicle().conflictsWith(b.vehicle())) {
            reasons.add(Reason.CONFLICTING_DESCRIPTION);
            description = describe(a.vehicle()) + " vs " + describe(b.vehicle());
        }
        return reasons.isEmpty() ? NONE : new Finding(List.copyOf(reasons), v, description);
    }

    private static String describe(VehicleDescription d) {
        List<String> parts = new ArrayList<>();
        if (d.make() != null) parts.add(d.make());
        if (d.model() != null) parts.add(d.model());
        if (d.colour() != null) parts.add(d.colour());
        if (d.type() != null) parts.add(d.type());
        return String.join(" ", parts);
    }
}
