package org.openanpr.investigation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A stakeout over several scenes (an area and a window each, e.g. the places and times of a series of burglaries):
 * the vehicles present at at least {@code minScenes} of them, most scenes first, with the passages that place them
 * there. A vehicle seen by two cameras at one scene, or twice, is present at that scene once.
 */
public record Stakeout(int minScenes) {
    public Stakeout {
        if (minScenes < 1) throw new IllegalArgumentException("minScenes: at least 1");
    }

    /**
     * A passage at one of a scene's cameras inside its window; {@code inMargin} when only the clock margin put it
     * there (just before or after the window as recorded, for a camera whose clock may be off by minutes).
     */
    public record Seen(int scene, String plate, Sighting sighting, boolean inMargin) {
    }

    /** A vehicle present at {@code scenes} (indexes, ascending), with every passage that places it at one. */
    public record Vehicle(String plate, List<Integer> scenes, List<Seen> evidence) {
        public int sceneCount() {
            return scenes.size();
        }

        /** True when at least one scene has it only by the clock margin. */
        public boolean onlyByMargin(int scene) {
            return evidence.stream().filter(s -> s.scene() == scene).allMatch(Seen::inMargin);
        }
    }

    /** Ranked: most scenes, then most passages, then earliest seen, then plate. */
    public List<Vehicle> rank(List<Seen> seen) {
        Map<String, List<Seen>> byPlate = new LinkedHashMap<>();
        for (Seen s : seen) byPlate.computeIfAbsent(s.plate(), k -> new ArrayList<>()).add(s);
        List<Vehicle> out = new ArrayList<>();
        byPlate.forEach((plate, list) -> {
            TreeSet<Integer> scenes = new TreeSet<>();
            list.forEach(s -> scenes.add(s.scene()));
            if (scenes.size() < minScenes) return;
            List<Seen> evidence = new ArrayList<>(list);
            evidence.sort(Comparator.comparingInt(Seen::scene).thenComparing(s -> s.sighting().time()));
            out.add(new Vehicle(plate, List.copyOf(scenes), List.copyOf(evidence)));
        });
        out.sort(Comparator.comparingInt(Vehicle::sceneCount).reversed()
                .thenComparing(Comparator.comparingInt((Vehicle v) -> v.evidence().size()).reversed())
                .thenComparing(v -> v.evidence().stream().map(s -> s.sighting().time()).min(Comparator.naturalOrder()).orElseThrow())
                .thenComparing(Vehicle::plate));
        return out;
    }
}
