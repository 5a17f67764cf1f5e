package org.openanpr.demo;

import java.time.LocalTime;
import java.util.List;

/** A vehicle that drives the same two routes at about the same times every day: the pattern ANPR analysts look for. */
record Commuter(Vehicle vehicle, List<String> morningRoute, LocalTime morningDeparture,
                List<String> eveningRoute, LocalTime eveningDeparture) {

    Commuter {
        morningRoute = List.copyOf(morningRoute);
        eveningRoute = List.copyOf(eveningRoute);
    }

    int readsPerDay() {
        return morningRoute.size() + eveningRoute.size();
    }
}
