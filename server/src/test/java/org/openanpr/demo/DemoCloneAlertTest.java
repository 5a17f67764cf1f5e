package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.CloneCheck;
import org.openanpr.investigation.RecentSightings;
import org.openanpr.investigation.Sighting;
import org.openanpr.passage.IncomingRead;
import org.openanpr.passage.VehicleDescription;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --demo}'s cloned plate is a live clone alert within the demo's first minutes, whatever the seed: a
 * newcomer who opens the live page as the demo starts sees one arrive.
 */
class DemoCloneAlertTest {
    @Test
    void theFirstCloneSuspectComesWithinTheFirstMinutesWhateverTheSeed() {
        DemoRegion region = DemoRegion.utrecht();
        RoadNetwork roads = new RoadNetwork(region);
        Instant begin = Instant.parse("2025-03-12T07:40:00.123456789Z"); // as a clock gives it: not on a millisecond
        for (long seed = 1; seed <= 20; seed++) {
            DemoTraffic traffic = new DemoTraffic(region, 5, seed);
            String cloned = traffic.clonedPlate().wirePlate();
            RecentSightings recent = new RecentSightings(Duration.ofHours(2), 1_000_000);
            Instant found = null;
            RecentSightings.Pair pair = null;
            // as the feeder hands them over: from the start, a few seconds at a time
            for (Instant t = begin; found == null && t.isBefore(begin.plus(Duration.ofMinutes(10))); t = t.plusSeconds(5)) {
                List<Map.Entry<String, CloneCheck.Seen>> batch = new ArrayList<>();
                for (GeneratedRead r : traffic.generateBetween(t, t.plusSeconds(5))) {
                    if (r.read().confidence() < CloneCheck.DEFAULT.minConfidence()) continue;
                    GeoPoint at = r.read().lat() != null ? new GeoPoint(r.read().lat(), r.read().lon()) : roads.position(r.read().camera());
                    VehicleDescription d = VehicleDescription.of(r.read().make(), r.read().model(), r.read().colour(), r.read().vehicleType());
                    batch.add(Map.entry(r.read().plate(), new CloneCheck.Seen(new Sighting(r.read().id(), r.at(), r.read().camera(),
                            at.lat(), at.lon()), d, r.read().confidence())));
                }
                for (RecentSightings.Pair p : recent.record(batch))
                    if (found == null && p.plate().equals(cloned) && CloneCheck.DEFAULT.check(p.earlier(), p.later()).suspect()) {
                        found = p.later().sighting().time();
                        pair = p;
                    }
            }
            assertThat(found).as("seed %d: the cloned plate found in the first minutes", seed).isNotNull();
            assertThat(Duration.between(begin, found)).as("seed %d", seed).isLessThanOrEqualTo(DemoTraffic.FIRST_CLONE);
            // not at the cameras that deliver through the demo's connectors, whose formats are their own; both described
            List<String> connectorCameras = List.of(region.cameras().get(0).id(), region.cameras().get(1).id());
            assertThat(List.of(pair.earlier().sighting().camera(), pair.later().sighting().camera())).doesNotContainAnyElementsOf(connectorCameras);
            assertThat(pair.earlier().vehicle().isEmpty() || pair.later().vehicle().isEmpty()).as("both sightings described").isFalse();
        }
    }

    @Test
    void aNewcomerListeningAsTheDemoStartsGetsTheCloneAlert() throws Exception {
        try (TestServer server = TestServer.start(DemoCloneAlertTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            String officer = server.userToken("nieuw", region.organisation(), "OFFICER");
            DemoTraffic traffic = new DemoTraffic(region, 5, System.nanoTime());
            String cloned = traffic.clonedPlate().wirePlate();
            try (SseListener live = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", officer)) {
                assertThat(live.status()).isEqualTo(200);
                // the demo's first minutes, handed to the pipeline as the feeder does (here faster than real time)
                Instant begin = Instant.now().minus(DemoTraffic.FIRST_CLONE).minusSeconds(30);
                for (Instant t = begin; t.isBefore(Instant.now()); t = t.plusSeconds(10)) {
                    List<IncomingRead> reads = traffic.readsBetween(t, t.plusSeconds(10));
                    if (!reads.isEmpty()) server.server().ingest().ingest(reads);
                }
                SseListener.Event clone = null;
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < end && (clone == null || !clone.data().path("plate").asText().equals(cloned))) {
                    SseListener.Event e = live.next(Duration.ofSeconds(1));
                    if (e != null && "clone".equals(e.name())) clone = e;
                }
                assertThat(clone).as("the demo's clone alert on the newcomer's stream").isNotNull();
                assertThat(clone.data().path("plate").asText()).isEqualTo(cloned);
                assertThat(clone.data().path("organisation").asText()).isEqualTo(region.organisation());
                assertThat(clone.data().path("reasons").toString()).contains("CONFLICTING_DESCRIPTION");
                assertThat(clone.data().path("first").path("vehicle").asText()).isNotBlank();
                assertThat(clone.data().path("second").path("vehicle").asText()).isNotBlank();
            }
        }
    }
}
