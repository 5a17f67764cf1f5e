package org.openanpr.demo;

import org.openanpr.camera.Camera;
import org.openanpr.camera.Camera.CameraType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The region's fixed cameras as a directed graph, and the routes vehicles take through it. A route starts where
 * a vehicle enters the watched network (its origin: mostly a motorway from elsewhere, sometimes a local on-ramp)
 * and follows links until the vehicle leaves it (its destination), so the cameras it passes are always in
 * driving order.
 */
final class RoadNetwork {
    /** Chance of passing the next camera rather than leaving the watched network before it. */
    static final double CONTINUE = 0.75;

    private final DemoRegion region;
    private final Map<String, List<RoadLink>> outgoing = new HashMap<>();
    private final Map<String, RoadLink> byEnds = new HashMap<>();
    private final List<String> entries = new ArrayList<>();
    private final double[] entryWeights;
    private final List<String> commuteEntries = new ArrayList<>();
    private final double[] commuteEntryWeights;
    private final double meanCamerasPerTrip;

    RoadNetwork(DemoRegion region) {
        this.region = region;
        for (RoadLink l : region.links()) {
            outgoing.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l);
            byEnds.put(l.from() + ">" + l.to(), l);
        }
        List<Double> weights = new ArrayList<>();
        List<Double> commuteWeights = new ArrayList<>();
        for (Camera c : region.cameras()) {
            if (c.type() != CameraType.FIXED) continue;
            double w = region.entryWeight(c.id());
            entries.add(c.id());
            weights.add(w);
            if (outgoing.containsKey(c.id())) {
                commuteEntries.add(c.id());
                commuteWeights.add(w);
            }
        }
        if (entries.isEmpty()) throw new IllegalArgumentException("region has no fixed cameras");
        this.entryWeights = weights.stream().mapToDouble(Double::doubleValue).toArray();
        this.commuteEntryWeights = commuteWeights.stream().mapToDouble(Double::doubleValue).toArray();
        this.meanCamerasPerTrip = expectedCamerasPerTrip();
    }

    /** A trip as most traffic makes it: one camera or several. */
    List<String> randomRoute(RandomGenerator rng) {
        String start = entries.get(Plates.weightedIndex(entryWeights, rng));
        return walk(start, false, rng);
    }

    /** A commute always passes at least two cameras where the network allows, so it is recognisable as one. */
    List<String> commuteRoute(RandomGenerator rng) {
        if (commuteEntries.isEmpty()) return randomRoute(rng);
        String start = commuteEntries.get(Plates.weightedIndex(commuteEntryWeights, rng));
        return walk(start, true, rng);
    }

    double meanCamerasPerTrip() {
        return meanCamerasPerTrip;
    }

    RoadLink link(String from, String to) {
        RoadLink l = byEnds.get(from + ">" + to);
        if (l == null) throw new IllegalArgumentException("no road link " + from + " -> " + to);
        return l;
    }

    GeoPoint position(String cameraId) {
        Camera c = region.camera(cameraId);
        return new GeoPoint(c.lat(), c.lon());
    }

    /** Straight-line distance stretched by how much the road winds. */
    double roadKm(RoadLink link) {
        return position(link.from()).distanceKm(position(link.to())) * link.road().detour;
    }

    private List<String> walk(String start, boolean forceFirstHop, RandomGenerator rng) {
        List<String> route = new ArrayList<>();
        String at = start;
        route.add(at);
        boolean force = forceFirstHop;
        while (true) {
            List<RoadLink> next = outgoing.get(at);
            if (next == null) return route;
            if (!force && rng.nextDouble() >= CONTINUE) return route;
            force = false;
            at = choose(next, rng).to();
            route.add(at);
        }
    }

    private static RoadLink choose(List<RoadLink> links, RandomGenerator rng) {
        double[] weights = new double[links.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = links.get(i).weight();
        return links.get(Plates.weightedIndex(weights, rng));
    }

    /** Exact expectation over the walk, so the trip rate can be set to give the requested read rate. */
    private double expectedCamerasPerTrip() {
        Map<String, Double> memo = new HashMap<>();
        double total = 0;
        double weight = 0;
        for (int i = 0; i < entries.size(); i++) {
            total += entryWeights[i] * expectedFrom(entries.get(i), memo, new HashSet<>());
            weight += entryWeights[i];
        }
        return total / weight;
    }

    private double expectedFrom(String camera, Map<String, Double> memo, Set<String> onPath) {
        Double known = memo.get(camera);
        if (known != null) return known;
        if (!onPath.add(camera)) throw new IllegalStateException("road links form a cycle through " + camera);
        double e = 1;
        List<RoadLink> next = outgoing.get(camera);
        if (next != null) {
            double sum = 0;
            double weights = 0;
            for (RoadLink l : next) {
                sum += l.weight() * expectedFrom(l.to(), memo, onPath);
                weights += l.weight();
            }
            e += CONTINUE * sum / weights;
        }
        onPath.remove(camera);
        memo.put(camera, e);
        return e;
    }
}
