package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.network.Coverage;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's road network: the coverage report against the demo's own cameras names exactly the planted blind spots. */
class DemoRoadsTest {
    @Test
    void theDemoNetworkHasExactlyThePlantedBlindSpots() {
        DemoRegion region = DemoRegion.utrecht();
        Coverage.Report r = Coverage.report(DemoRoads.boundary(), DemoRoads.roads(region), region.cameras().stream()
                .filter(c -> c.type() == org.openanpr.camera.Camera.CameraType.FIXED).toList());
        assertThat(r.blindSpots()).extracting(c -> c.road() + " " + c.direction())
                .containsExactlyInAnyOrderElementsOf(DemoRoads.BLIND_SPOTS);
        // the motorways cross twice... as one road each: A2, A12, A27, A28 both ways, the three entry roads and the Houten road
        assertThat(r.crossingRoads()).isEqualTo(8);
        // the entry roads' blind spots are the ways out of the city; the road from Houten is blind both ways
        assertThat(r.blindSpots()).filteredOn(c -> !c.road().equals("Nieuwe Houtenseweg")).allSatisfy(c -> assertThat(c.entering()).isFalse());
        assertThat(r.blindSpots()).filteredOn(c -> c.road().equals("Amsterdamsestraatweg")).singleElement()
                .satisfies(c -> assertThat(c.heading()).isBetween(300, 340));
        assertThat(r.crossings()).filteredOn(c -> c.road().equals("Amsterdamsestraatweg") && c.direction() == Coverage.Direction.FORWARD)
                .singleElement().satisfies(c -> assertThat(c.cameras()).containsExactly("UT-ASW-01"));
        assertThat(r.overlaps()).extracting(c -> c.road() + " " + c.direction()).contains("A2 FORWARD", "A12 FORWARD", "A27 BACKWARD");
        // the busier gaps first: the three secondary roads' way out (4 each) before the Houten road (2 + 2 = 4, then by name)
        assertThat(r.planning()).extracting(Coverage.Suggestion::road)
                .containsExactly("Amsterdamsestraatweg", "Biltse Rijksweg", "Nieuwe Houtenseweg", "Vleutenseweg");
    }

    @Test
    void serveDemoStoresTheNetworkOnceAndItsReportThroughTheApiNamesThePlantedBlindSpots() throws Exception {
        try (TestServer server = TestServer.start(DemoRoadsTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            DemoRoads.install(api, region);
            DemoRoads.install(api, region); // a second start adds nothing
            JsonNode networks = server.get("/api/v1/road-networks").json();
            assertThat(networks).hasSize(1);
            assertThat(networks.get(0).path("shared").asBoolean()).isTrue();
            String officer = server.userToken("demo-gis", region.organisation(), "ANALYST");
            JsonNode report = server.get("/api/v1/coverage?network=" + networks.get(0).path("id").asLong(), officer).json();
            List<String> blind = new ArrayList<>();
            for (JsonNode b : report.path("blindSpots")) blind.add(b.path("road").asText() + " " + b.path("direction").asText());
            assertThat(blind).containsExactlyInAnyOrderElementsOf(DemoRoads.BLIND_SPOTS);
            assertThat(server.get("/api/v1/road-networks/base-layer", officer).json().path("features")).hasSize(18);
        }
    }
}
