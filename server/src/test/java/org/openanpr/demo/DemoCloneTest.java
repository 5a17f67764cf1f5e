package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.CloneCheck;
import org.openanpr.investigation.RecentSightings;
import org.openanpr.investigation.Sighting;
import org.openanpr.passage.VehicleDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's cloned plate is found by the pipeline's check, and the check finds little else in the demo traffic. */
class DemoCloneTest {
    @Test
    void theClonedPlateIsFoundAndOrdinaryTrafficHardlyRaisesSuspects() {
        DemoRegion region = DemoRegion.utrecht();
        DemoTraffic traffic = new DemoTraffic(region, 5, 11);
        RoadNetwork roads = new RoadNetwork(region);
        String cloned = traffic.clonedPlate().wirePlate();
        RecentSightings recent = new RecentSightings(Duration.ofHours(2), 1_000_000);
        Map<String, Integer> suspects = new HashMap<>();
        Instant t = Instant.parse("2025-03-12T00:00:00Z");
        for (int i = 0; i < 144; i++, t = t.plus(Duration.ofMinutes(10))) {
            List<Map.Entry<String, CloneCheck.Seen>> batch = new ArrayList<>();
            for (GeneratedRead r : traffic.generateBetween(t, t.plus(Duration.ofMinutes(10)))) {
                if (r.read().confidence() < CloneCheck.DEFAULT.minConfidence()) continue;
                GeoPoint at = r.read().lat() != null ? new GeoPoint(r.read().lat(), r.read().lon()) : roads.position(r.read().camera());
                VehicleDescription d = VehicleDescription.of(r.read().make(), r.read().model(), r.read().colour(), r.read().vehicleType());
                batch.add(Map.entry(r.read().plate(), new CloneCheck.Seen(new Sighting(r.read().id(), r.at(), r.read().camera(),
                        at.lat(), at.lon()), d, r.read().confidence())));
            }
            for (RecentSightings.Pair p : recent.record(batch))
                if (CloneCheck.DEFAULT.check(p.earlier(), p.later()).suspect()) suspects.merge(p.plate(), 1, Integer::sum);
        }
        assertThat(suspects.getOrDefault(cloned, 0)).as("the cloned plate, a day: about one an hour").isGreaterThanOrEqualTo(12);
        int others = suspects.entrySet().stream().filter(e -> !e.getKey().equals(cloned)).mapToInt(Map.Entry::getValue).sum();
        assertThat(others).as("suspects from misreads: %s", suspects).isLessThanOrEqualTo(suspects.get(cloned));
    }
}
