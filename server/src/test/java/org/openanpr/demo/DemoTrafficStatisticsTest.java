package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Half an hour of demo traffic fills the traffic statistics: passages at every group, trips between the demo's groups. */
class DemoTrafficStatisticsTest {
    @Test
    void halfAnHourOfDemoTrafficShowsTripsBetweenTheDemoCameraGroups() throws Exception {
        DemoRegion region = DemoRegion.utrecht();
        try (TestServer server = TestServer.start(DemoTrafficStatisticsTest.class, java.time.Clock.systemUTC())) {
            server.server().cameras().saveAll(region.cameras());
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoCameraGroups.install(api, region.organisation(), region);
            DemoCameraGroups.install(api, region.organisation(), region); // a second demo start replaces them
            assertThat(server.get("/api/v1/camera-groups").json()).extracting(g -> g.path("code").asText())
                    .containsExactlyInAnyOrderElementsOf(DemoCameraGroups.GROUPS.keySet());
            Instant to = Instant.now();
            Instant from = to.minus(Duration.ofMinutes(30));
            List<GeneratedRead> reads = new DemoTraffic(region, 5, 13).generateBetween(from, to);
            server.server().ingest().ingest(reads.stream().map(GeneratedRead::read).toList());
            String analyst = server.userToken("demo-analyst", region.organisation(), "ANALYST");
            TestServer.Response r = server.get("/api/v1/investigations/statistics/origin-destination?" + TestServer.LEGAL_BASIS, analyst);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode cells = r.json().path("cells");
            assertThat(cells).as(r.body()).anyMatch(c -> c.path("trips").asLong() >= 5);
            JsonNode vehicles = server.get("/api/v1/investigations/statistics/vehicles?" + TestServer.LEGAL_BASIS, analyst).json();
            assertThat(vehicles.path("total").path("vehicles").asLong()).isGreaterThan(100);
        }
    }
}
