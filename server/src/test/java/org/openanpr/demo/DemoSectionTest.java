package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.SectionSpeed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import org.openanpr.http.ApiClient;
import org.openanpr.testing.TestServer;

/** The demo's section speed control finds the speeders the demo plants, and only them. */
class DemoSectionTest {
    @Test
    void plantedSpeedersAreOverTheLimitAndOrdinaryTrafficIsNot() {
        DemoRegion region = DemoRegion.utrecht();
        DemoTraffic traffic = new DemoTraffic(region, 5, 7);
        RoadNetwork roads = new RoadNetwork(region);
        SectionSpeed section = new SectionSpeed(roads.roadKm(roads.link(DemoSections.ENTRY, DemoSections.EXIT)) * 1000,
                DemoSections.LIMIT_KMH, 0);
        Instant t = Instant.parse("2025-03-12T00:00:00Z");
        List<GeneratedRead> reads = new ArrayList<>();
        for (int i = 0; i < 72; i++, t = t.plus(Duration.ofMinutes(10))) reads.addAll(traffic.generateBetween(t, t.plus(Duration.ofMinutes(10))));
        Map<String, GeneratedRead> lastEntry = new HashMap<>();
        int violations = 0;
        int within = 0;
        for (GeneratedRead r : reads) {
            if (r.read().camera().equals(DemoSections.ENTRY)) lastEntry.put(r.read().plate(), r);
            if (!r.read().camera().equals(DemoSections.EXIT)) continue;
            GeneratedRead entry = lastEntry.remove(r.read().plate());
            if (entry == null || entry.tripId() != r.tripId()) continue;
            SectionSpeed.Measurement m = section.measure(entry.at(), r.at());
            assertThat(m.measuredKmh() < 85 || m.measuredKmh() > 94).as("no ordinary driver near the limit, no speeder below it: %s", m.measuredKmh()).isTrue();
            if (m.violation()) violations++;
            else within++;
        }
        // 12 hours at one speeder every 15 minutes on average
        assertThat(violations).isBetween(25, 75);
        assertThat(within).isGreaterThan(violations);
    }

    @Test
    void theDemoSetsUpItsSectionOnceThroughTheApiAsServeDoes() throws Exception {
        try (TestServer server = TestServer.start(DemoSectionTest.class, c -> c)) {
            DemoRegion region = DemoRegion.utrecht();
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoUsers.install(api, region.organisation(), region.name());
            server.server().cameras().saveAll(region.cameras());
            DemoSections.install(api, region.organisation(), region);
            DemoSections.install(api, region.organisation(), region); // a second demo start
            assertThat(server.get("/api/v1/sections").json()).singleElement().satisfies(s -> {
                assertThat(s.path("entryCamera").asText()).isEqualTo(DemoSections.ENTRY);
                assertThat(s.path("limitKmh").asInt()).isEqualTo(80);
                assertThat(s.path("distanceMetres").asDouble()).isBetween(2_500.0, 4_000.0);
            });
        }
    }
}
