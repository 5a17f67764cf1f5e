package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.passage.IncomingRead;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's Blue Iris camera: its reads arrive as Blue Iris alerts through the BLUE_IRIS connector, at their own time. */
class DemoBlueIrisTest {

    @Test
    void theBlueIrisCameraDeliversThroughItsConnectorAndTheRestGoesOn() throws Exception {
        try (TestServer server = TestServer.start(DemoBlueIrisTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            List<List<IncomingRead>> next = new ArrayList<>();
            DemoBlueIris blueIris = DemoBlueIris.install(api, server.baseUrl(), region, next::add);
            Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
            List<IncomingRead> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++)
                batch.add(new IncomingRead(UUID.randomUUID(), blueIris.camera(), "BI" + (100 + i) + "K", "NL", 0.88,
                        at.plusSeconds(i).atOffset(ZoneOffset.UTC), null, null, null, null));
            batch.add(new IncomingRead(UUID.randomUUID(), region.cameras().getFirst().id(), "XX999X", "NL", 0.9,
                    Instant.now().atOffset(ZoneOffset.UTC), null, null, null, null));
            blueIris.accept(batch);
            assertThat(next).singleElement().satisfies(l -> assertThat(l).singleElement().extracting(IncomingRead::plate).isEqualTo("XX999X"));
            assertThat(org.openanpr.db.Sql.list(server.db().dataSource(), "select count(*) from passage where camera_id = ? and observed_at = ?",
                    rs -> rs.getLong(1), blueIris.camera(), at).getFirst()).as("the PC's local time read back to the same instant").isEqualTo(1);
            JsonNode c = server.get("/api/v1/connectors/" + DemoBlueIris.ID).json();
            assertThat(c.path("kind").asText()).isEqualTo("BLUE_IRIS");
            assertThat(c.path("stats").path("accepted").asInt()).isEqualTo(5);
            assertThat(DemoBlueIris.install(api, server.baseUrl(), region, next::add).camera()).isEqualTo(blueIris.camera());
        }
    }
}
