package org.openanpr.demo;

import org.openanpr.passage.IncomingRead;

import java.time.Instant;
import java.util.Comparator;

/**
 * A read together with the truth behind it, which the camera does not know: the vehicle really passing and the
 * trip it was on ({@code tripId} 0 for sightings by a mobile camera). Tests measure the generator against this.
 */
record GeneratedRead(Instant at, IncomingRead read, Vehicle vehicle, long tripId) {
    /** Ties on the millisecond are broken by read id, so order never depends on insertion order. */
    static final Comparator<GeneratedRead> CHRONOLOGICAL =
            Comparator.comparing(GeneratedRead::at).thenComparing(r -> r.read().id());

    boolean misread() {
        return !read.plate().equals(vehicle.wirePlate());
    }
}
