package org.openanpr.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/**
 * The loop a mobile camera drives, and how much of the region's reads it produces. The car drives the loop at a
 * steady pace, so its position is a pure function of time: no state to keep, same answer on every call.
 */
record PatrolRoute(
        String cameraId,
        List<GeoPoint> waypoints,
        Duration lap,
        double shareOfReads,
        LocalTime onDutyFrom,
        LocalTime onDutyUntil) {

    PatrolRoute {
        waypoints = List.copyOf(waypoints);
        if (waypoints.size() < 2) throw new IllegalArgumentException("a patrol route needs at least two waypoints");
        if (lap.isZero() || lap.isNegative()) throw new IllegalArgumentException("lap must be positive");
    }

    boolean roundTheClock() {
        return onDutyFrom.equals(onDutyUntil);
    }

    double dutyHoursPerDay() {
        if (roundTheClock()) return 24;
        long minutes = Duration.between(onDutyFrom, onDutyUntil).toMinutes();
        return (minutes < 0 ? minutes + 24 * 60 : minutes) / 60.0;
    }

    boolean onDuty(LocalTime time) {
        if (roundTheClock()) return true;
        if (onDutyFrom.isBefore(onDutyUntil)) return !time.isBefore(onDutyFrom) && time.isBefore(onDutyUntil);
        return !time.isBefore(onDutyFrom) || time.isBefore(onDutyUntil);
    }

    /** Where the car is at {@code time}; the loop closes from the last waypoint back to the first. */
    GeoPoint positionAt(Instant time) {
        double[] cumulative = new double[waypoints.size() + 1];
        for (int i = 0; i < waypoints.size(); i++) {
            GeoPoint next = waypoints.get((i + 1) % waypoints.size());
            cumulative[i + 1] = cumulative[i] + waypoints.get(i).distanceKm(next);
        }
        long lapMillis = lap.toMillis();
        double fraction = Math.floorMod(time.toEpochMilli(), lapMillis) / (double) lapMillis;
        double along = fraction * cumulative[waypoints.size()];
        for (int i = 0; i < waypoints.size(); i++) {
            if (along <= cumulative[i + 1]) {
                double leg = cumulative[i + 1] - cumulative[i];
                double f = leg == 0 ? 0 : (along - cumulative[i]) / leg;
                return waypoints.get(i).towards(waypoints.get((i + 1) % waypoints.size()), f).rounded();
            }
        }
        return waypoints.getFirst().rounded();
    }
}
