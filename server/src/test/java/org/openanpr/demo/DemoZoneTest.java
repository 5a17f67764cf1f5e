package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve --demo}'s zone: set up through the API, it holds warnings, fines and cases waiting for review. */
class DemoZoneTest {
    @Test
    void theDemoZoneShowsWarningsFinesAndAReviewQueue() throws Exception {
        try (TestServer server = TestServer.start(DemoZoneTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            DemoTraffic traffic = new DemoTraffic(region, 5, 7);
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoZone.install(api, server.db().dataSource(), server.server().ingest(), server.server().zones().stage().registry(), traffic,
                    region.organisation(), Clock.systemUTC());
            JsonNode zones = server.get("/api/v1/zones").json();
            assertThat(zones).hasSize(1);
            long zone = zones.get(0).path("id").asLong();
            JsonNode f = server.get("/api/v1/zones/" + zone + "/figures").json();
            assertThat(f.path("warnings").asLong()).isPositive();
            assertThat(f.path("fines").asLong()).isPositive();
            assertThat(f.path("inReview").asLong()).isPositive();
            assertThat(f.path("byOutcome").path("COMPLIANT").asLong()).isPositive();
            Set<String> reasons = new HashSet<>();
            for (JsonNode k : server.get("/api/v1/zones/" + zone + "/cases?status=REVIEW&limit=5000").json()) reasons.add(k.path("reason").asText());
            assertThat(reasons).contains("UNKNOWN");
            // a second start leaves the zone and its history as they are
            DemoZone.install(api, server.db().dataSource(), server.server().ingest(), server.server().zones().stage().registry(), traffic,
                    region.organisation(), Clock.systemUTC());
            assertThat(server.get("/api/v1/zones").json()).hasSize(1);
        }
    }
}
