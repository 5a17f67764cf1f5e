package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.http.ApiClient;
import org.openanpr.passage.IncomingRead;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's agent camera: its reads arrive through the OpenALPR connector over HTTP; an unmapped agent camera is listed. */
class DemoConnectorTest {

    @Test
    void theDemoCameraDeliversThroughTheConnectorAndTheUnmappedAgentCameraIsListed() throws Exception {
        try (TestServer server = TestServer.start(DemoConnectorTest.class, Clock.systemUTC())) {
            DemoRegion region = DemoRegion.utrecht();
            server.server().cameras().saveAll(region.cameras());
            ApiClient api = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            List<List<IncomingRead>> direct = new ArrayList<>();
            DemoConnector agent = DemoConnector.install(api, server.baseUrl(), region, direct::add);
            var cam = region.cameras().getFirst();
            List<IncomingRead> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++)
                batch.add(new IncomingRead(UUID.randomUUID(), agent.camera(), "GH" + (100 + i) + "K", "NL", 0.91,
                        Instant.now().minusSeconds(5).atOffset(ZoneOffset.UTC), cam.lat(), cam.lon(), null, null,
                        "Volkswagen", null, "silver", "car", "90", null));
            batch.add(new IncomingRead(UUID.randomUUID(), region.cameras().get(1).id(), "XX999X", "NL", 0.9,
                    Instant.now().atOffset(ZoneOffset.UTC), null, null, null, null));
            agent.accept(batch);
            assertThat(direct).singleElement().satisfies(l -> assertThat(l).singleElement().extracting(IncomingRead::plate).isEqualTo("XX999X"));
            assertThat(org.openanpr.db.Sql.list(server.db().dataSource(), "select count(*) from passage where camera_id = ?",
                    rs -> rs.getLong(1), agent.camera()).getFirst()).isEqualTo(10);
            JsonNode c = server.get("/api/v1/connectors/" + DemoConnector.ID).json();
            assertThat(c.path("stats").path("accepted").asInt()).isEqualTo(10);
            assertThat(c.path("stats").path("held").asInt()).isEqualTo(1);
            assertThat(c.path("stats").path("heartbeats").asInt()).isEqualTo(2);
            assertThat(c.path("unmappedCameras").asInt()).isEqualTo(1);
            // Yesterday's reads from an older system, imported once as a CSV job: finished, with its two bad lines.
            DemoConnector.importHistory(api, new DemoTraffic(region, 5, 42), Clock.systemUTC());
            JsonNode job = server.get("/api/v1/connectors/" + DemoConnector.ID + "/imports").json().get(0);
            JsonNode done = org.openanpr.connector.CsvImportTest.awaitImport(server, DemoConnector.ID, job.path("id").asLong());
            assertThat(done.path("state").asText()).isEqualTo("DONE");
            assertThat(done.path("lines").asInt()).isGreaterThan(100);
            assertThat(done.path("accepted").asInt()).isEqualTo(done.path("lines").asInt() - 2);
            assertThat(done.path("refusedLines").size()).isEqualTo(2);
            // A second demo start finds the connector and gives it a new token, and finds the import done.
            DemoConnector again = DemoConnector.install(api, server.baseUrl(), region, direct::add);
            assertThat(again.camera()).isEqualTo(agent.camera());
            DemoConnector.importHistory(api, new DemoTraffic(region, 5, 43), Clock.systemUTC());
            assertThat(server.get("/api/v1/connectors/" + DemoConnector.ID + "/imports").json().size()).isEqualTo(1);
        }
    }
}
