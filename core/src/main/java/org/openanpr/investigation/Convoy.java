package org.openanpr.investigation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Convoy analysis for a target plate: the vehicles seen at the same cameras within {@code window} of the target, at
 * at least {@code minCameras} distinct cameras, ranked by how many cameras they shared and then by how close they
 * kept. Each companion carries its evidence: at which camera, the target's and its own time, the gap, and whether it
 * led (passed before the target) or followed. At one camera the companion's passage closest to a target passage is
 * the evidence; a camera counts once however often both passed it.
 */
public record Convoy(Duration window, int minCameras) {
    public Convoy {
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(Duration.ofHours(1)) > 0)
            throw new IllegalArgumentException("window: over 0 and at most 1 hour");
        if (minCameras < 2 || minCameras > 50) throw new IllegalArgumentException("minCameras: between 2 and 50");
    }

    /** A passage of another plate near a target passage in place and time. */
    public record Nearby(String plate, Sighting sighting) {
    }

    public record Evidence(String camera, Sighting target, Sighting companion, long gapSeconds, boolean leads) {
    }

    public record Companion(String plate, int cameras, double meanGapSeconds, int leads, int follows, List<Evidence> evidence) {
    }

    /**
     * @param target the target's sightings
     * @param nearby other plates' sightings at the target's cameras (anything outside the window is ignored)
     */
    public List<Companion> rank(List<Sighting> target, List<Nearby> nearby) {
        Map<String, List<Sighting>> targetByCamera = new HashMap<>();
        for (Sighting t : target) targetByCamera.computeIfAbsent(t.camera(), k -> new ArrayList<>()).add(t);
        // plate → camera → best evidence there
        Map<String, Map<String, Evidence>> best = new HashMap<>();
        for (Nearby n : nearby) {
            for (Sighting t : targetByCamera.getOrDefault(n.sighting().camera(), List.of())) {
                Duration gap = Duration.between(t.time(), n.sighting().time());
                if (gap.abs().compareTo(window) > 0) continue;
                Evidence e = new Evidence(t.camera(), t, n.sighting(), gap.toSeconds(), gap.isNegative());
                best.computeIfAbsent(n.plate(), k -> new LinkedHashMap<>()).merge(t.camera(), e,
                        (a, b) -> Math.abs(b.gapSeconds()) < Math.abs(a.gapSeconds()) ? b : a);
            }
        }
        List<Companion> out = new ArrayList<>();
        best.forEach((plate, byCamera) -> {
            if (byCamera.size() < minCameras) return;
            List<Evidence> evidence = new ArrayList<>(byCamera.values());
            evidence.sort(Comparator.comparing(e -> e.target().time()));
            double mean = evidence.stream().mapToLong(e -> Math.abs(e.gapSeconds())).average().orElse(0);
            int leads = (int) evidence.stream().filter(Evidence::leads).count();
            out.add(new Companion(plate, evidence.size(), mean, leads, evidence.size() - leads, List.copyOf(evidence)));
        });
        out.sort(Comparator.comparingInt(Companion::cameras).reversed().thenComparingDouble(Companion::meanGapSeconds)
                .thenComparing(Companion::plate));
        return out;
    }
}
