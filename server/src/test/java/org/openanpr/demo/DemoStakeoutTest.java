package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.Sighting;
import org.openanpr.investigation.Stakeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's burglar: a stakeout of its three scenes over two hours, present at 3 of 3, ranks it first. */
class DemoStakeoutTest {
    @Test
    void aStakeoutOfTheThreeScenesRanksThePlantedBurglarFirst() {
        DemoTraffic traffic = new DemoTraffic(DemoRegion.utrecht(), 5, 11);
        String burglar = traffic.burglar().wirePlate();
        Instant from = Instant.parse("2025-03-12T20:00:00Z");
        List<Stakeout.Seen> seen = new ArrayList<>();
        for (GeneratedRead r : traffic.generateBetween(from, from.plus(Duration.ofHours(2)))) {
            int scene = DemoTraffic.BURGLARY_SCENES.indexOf(r.read().camera());
            if (scene >= 0)
                seen.add(new Stakeout.Seen(scene, r.read().plate(), new Sighting(r.read().id(), r.at(), r.read().camera(), null, null), false));
        }
        List<Stakeout.Vehicle> ranked = new Stakeout(3).rank(seen);
        assertThat(ranked).isNotEmpty();
        assertThat(ranked.getFirst().plate()).as("ranked: %s", ranked.stream().limit(5).map(Stakeout.Vehicle::plate).toList()).isEqualTo(burglar);
        assertThat(ranked.getFirst().sceneCount()).isEqualTo(3);
    }
}
