package org.openanpr.demo;

import org.junit.jupiter.api.Test;
import org.openanpr.investigation.Sighting;
import org.openanpr.investigation.Stakeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.http.ApiClient;
import org.openanpr.testing.TestServer;

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

    @Test
    void atStartTheBurglarsLastTwoHoursAreThereForAStakeoutOfItsThreeScenes() throws Exception {
        DemoRegion region = DemoRegion.utrecht();
        DemoTraffic traffic = new DemoTraffic(region, 5, 11);
        try (TestServer server = TestServer.start(DemoStakeoutTest.class, java.time.Clock.systemUTC())) {
            server.server().cameras().saveAll(region.cameras());
            DemoStakeout.install(new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN), traffic, java.time.Clock.systemUTC());
            StringBuilder scenes = new StringBuilder();
            for (String id : DemoTraffic.BURGLARY_SCENES) {
                var c = region.cameras().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                if (!scenes.isEmpty()) scenes.append(',');
                scenes.append("{\"circle\":{\"lat\":%s,\"lon\":%s,\"radiusMetres\":200},\"from\":\"%s\",\"to\":\"%s\"}".formatted(c.lat(), c.lon(),
                        Instant.now().minus(Duration.ofHours(3)), Instant.now()));
            }
            String analyst = server.userToken("demo-analyst", region.organisation(), "ANALYST");
            String privacy = server.userToken("demo-privacy-officer", region.organisation(), "PRIVACY_OFFICER");
            String body = "{\"scenes\":[" + scenes + "],\"minScenes\":3}";
            TestServer.Response filed = server.post("/api/v1/investigations/stakeout/requests?" + TestServer.LEGAL_BASIS, "application/json", body, analyst);
            assertThat(filed.status()).as(filed.body()).isEqualTo(201);
            long id = filed.json().path("id").asLong();
            server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy);
            TestServer.Response r = server.post("/api/v1/investigations/stakeout?" + TestServer.LEGAL_BASIS + "&approval=" + id,
                    "application/json", body, analyst);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode first = r.json().path("vehicles").get(0);
            assertThat(first.path("plate").asText()).isEqualTo(traffic.burglar().wirePlate());
            assertThat(first.path("passages").asInt()).isEqualTo(DemoStakeout.PASSES);
        }
    }
}
