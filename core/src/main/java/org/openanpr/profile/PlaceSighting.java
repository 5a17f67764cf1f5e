package org.openanpr.profile;

import org.openanpr.investigation.Sighting;

import java.util.Objects;

/**
 * A passage at a camera that stands at a tagged place (a carpool area, a car park, a border crossing). {@code place}
 * names the place, not the camera: the entry and exit cameras of one car park are one place.
 */
public record PlaceSighting(Sighting sighting, String place) {
    public PlaceSighting {
        Objects.requireNonNull(sighting, "sighting");
        Objects.requireNonNull(place, "place");
    }
}
