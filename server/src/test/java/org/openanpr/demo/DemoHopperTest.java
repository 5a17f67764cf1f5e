package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.Sighting;
import org.openanpr.profile.Candidate;
import org.openanpr.profile.DistinctPlaces;
import org.openanpr.profile.PlaceSighting;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's planted hoppers are what its "Carpoolhopper" profile finds in a day of demo traffic; through traffic is not. */
class DemoHopperTest {
    @Test
    void theProfileFindsTheHoppersOfADayAndEachWasSeenInAndOutAtAllThreePlaces() {
        DemoTraffic traffic = new DemoTraffic(DemoRegion.utrecht(), 5, 11);
        Map<String, List<PlaceSighting>> byPlate = new HashMap<>();
        Instant t = Instant.parse("2025-03-12T00:00:00Z");
        for (int i = 0; i < 144; i++, t = t.plus(Duration.ofMinutes(10)))
            for (GeneratedRead r : traffic.generateBetween(t, t.plus(Duration.ofMinutes(10)))) {
                String place = DemoProfiles.PLACES.get(r.read().camera());
                if (place != null)
                    byPlate.computeIfAbsent(r.read().plate(), p -> new ArrayList<>())
                            .add(new PlaceSighting(new Sighting(r.read().id(), r.at(), r.read().camera(), null, null), place));
            }
        DistinctPlaces hopper = new DistinctPlaces(Set.of("carpool", "parking"), 3, Duration.ofHours(4), Duration.ofMinutes(30), null);
        List<Candidate> found = new ArrayList<>();
        byPlate.forEach((plate, seen) -> hopper.evaluate(plate, seen, ZoneId.of("Europe/Amsterdam")).ifPresent(found::add));
        // planted every 20 minutes on average; a hop the cameras missed or misread once in its six sightings is not found
        assertThat(found.size()).as("hoppers found in a day").isBetween(15, 90);
        assertThat(byPlate.size()).as("through traffic passes the three cameras too").isGreaterThan(found.size() * 5);
        for (Candidate c : found)
            assertThat(c.evidence().stream().map(PlaceSighting::place).distinct()).as(c.plate()).hasSize(3);
    }
}
