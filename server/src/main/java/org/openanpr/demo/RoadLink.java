package org.openanpr.demo;

/**
 * A drivable connection from one fixed camera to the next one a vehicle can pass on the same journey. Links are
 * directed because a fixed camera watches one carriageway. {@code weight} is the relative share of the traffic
 * continuing from {@code from} that takes this link rather than another one.
 */
record RoadLink(String from, String to, Road road, double weight) {

    RoadLink(String from, String to, Road road) {
        this(from, to, road, 1);
    }

    RoadLink {
        if (!(weight > 0)) throw new IllegalArgumentException("link weight must be positive: " + from + " -> " + to);
    }

    /**
     * {@code detour} turns the straight-line distance between two cameras into road distance (interchange loops,
     * bends, exits); the speed is the free-flow speed before congestion and driver variation.
     */
    enum Road {
        MOTORWAY(100, 1.15),
        ARTERIAL(70, 1.25),
        CITY(50, 1.35);

        final double freeFlowKmh;
        final double detour;

        Road(double freeFlowKmh, double detour) {
            this.freeFlowKmh = freeFlowKmh;
            this.detour = detour;
        }
    }
}
