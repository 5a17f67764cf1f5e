package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.camera.Camera;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored road network: uploaded by the organisation's camera administrator, seen by its own people (and by others
 * only when shared), the coverage report run against it, its roads in the maps' base layer, uploads and deletions on
 * the record; another organisation, a role without the right and hostile GeoJSON are refused with a reason.
 */
class RoadNetworkTest {
    static String upload(String name, boolean shared) {
        return "{\"name\":\"" + name + "\",\"shared\":" + shared + ",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":" + CoverageTest.ROADS + "}";
    }

    static TestServer.Response delete(TestServer server, String path, String token) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).DELETE().header("Authorization", "Bearer " + token));
    }

    @Test
    void anAdministratorUploadsTheRegionsRoadsAndTheCoverageReportRunsAgainstThem() throws Exception {
        try (TestServer server = TestServer.start(RoadNetworkTest.class, Clock.systemUTC())) {
            server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}");
            for (Camera c : CoverageTest.CAMERAS) {
                TestServer.Response r = server.post("/api/v1/cameras", "application/json",
                        "{\"id\":\"%s\",\"name\":\"%s\",\"lat\":%s,\"lon\":%s%s,\"organisation\":\"%s\"}".formatted(c.id(), c.id(), c.lat(), c.lon(),
                                c.heading() == null ? "" : ",\"heading\":" + c.heading(), c.organisation()));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            String admin = server.userToken("ut-admin", "utrecht", "ADMINISTRATOR");
            String analyst = server.userToken("ut-gis", "utrecht", "ANALYST");
            String gooiAdmin = server.userToken("go-admin", "gooi", "ADMINISTRATOR");
            String gooiAnalyst = server.userToken("go-gis", "gooi", "ANALYST");

            TestServer.Response created = server.post("/api/v1/road-networks", "application/json", upload("Utrecht west", false), admin);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().path("id").asLong();
            assertThat(created.json().path("organisation").asText()).isEqualTo("utrecht");
            assertThat(created.json().path("roads").asInt()).isEqualTo(6);
            assertThat(server.post("/api/v1/road-networks", "application/json", upload("Utrecht west", false), admin).status()).isEqualTo(409);

            // a role without the right may look, not upload or delete
            TestServer.Response refused = server.post("/api/v1/road-networks", "application/json", upload("x", false), analyst);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("MANAGE_CAMERAS");
            assertThat(delete(server, "/api/v1/road-networks/" + id, analyst).status()).isEqualTo(403);
            // nor put it in another organisation
            assertThat(server.post("/api/v1/road-networks", "application/json",
                    upload("elsewhere", false).replaceFirst("\\{", "{\"organisation\":\"gooi\","), admin).status()).isEqualTo(403);

            assertThat(server.get("/api/v1/road-networks", analyst).json().findValuesAsText("name")).containsExactly("Utrecht west");
            JsonNode stored = server.get("/api/v1/road-networks/" + id, analyst).json();
            assertThat(stored.path("roads").path("features")).hasSize(6);
            assertThat(stored.path("boundary").path("type").asText()).isEqualTo("Polygon");

            // the report against the stored network: the same as posting it, with utrecht's cameras
            TestServer.Response report = server.get("/api/v1/coverage?network=" + id, analyst);
            assertThat(report.status()).as(report.body()).isEqualTo(200);
            assertThat(report.json().path("blindSpots").findValuesAsText("road"))
                    .containsExactlyInAnyOrder("N230", "N201", "Ringweg Zuid", "Ringweg Zuid");
            assertThat(report.json().path("network").path("name").asText()).isEqualTo("Utrecht west");
            assertThat(server.get("/api/v1/coverage?network=abc", analyst).status()).isEqualTo(400);

            // the base layer: every line, name and class only
            JsonNode layer = server.get("/api/v1/road-networks/base-layer", analyst).json();
            assertThat(layer.path("features")).hasSize(6);
            assertThat(layer.path("features").get(0).path("properties").path("highway").asText()).isEqualTo("motorway");

            // another organisation sees nothing of it until it is shared, and never deletes it
            assertThat(server.get("/api/v1/road-networks", gooiAnalyst).json()).isEmpty();
            assertThat(server.get("/api/v1/road-networks/" + id, gooiAnalyst).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/coverage?network=" + id, gooiAnalyst).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/road-networks/base-layer", gooiAnalyst).json().path("features")).isEmpty();
            assertThat(delete(server, "/api/v1/road-networks/" + id, gooiAdmin).status()).isEqualTo(404);
            TestServer.Response sharedOne = server.post("/api/v1/road-networks", "application/json", upload("Regio Utrecht", true), admin);
            assertThat(sharedOne.status()).isEqualTo(201);
            long shared = sharedOne.json().path("id").asLong();
            assertThat(server.get("/api/v1/road-networks", gooiAnalyst).json().findValuesAsText("name")).containsExactly("Regio Utrecht");
            TestServer.Response gooiReport = server.get("/api/v1/coverage?network=" + shared, gooiAnalyst);
            assertThat(gooiReport.status()).isEqualTo(200);
            // gooi counts only its own camera: the N230 southbound
            assertThat(gooiReport.json().path("crossings").findValuesAsText("road")).hasSize(9);
            assertThat(gooiReport.json().path("blindSpots")).hasSize(8);
            TestServer.Response notTheirs = delete(server, "/api/v1/road-networks/" + shared, gooiAdmin);
            assertThat(notTheirs.status()).isEqualTo(403);
            assertThat(notTheirs.body()).contains("belongs to utrecht");

            assertThat(delete(server, "/api/v1/road-networks/" + id, admin).status()).isEqualTo(204);
            assertThat(server.get("/api/v1/road-networks/" + id, admin).status()).isEqualTo(404);

            // on the record: two uploads and one deletion by the administrator, none of the refused calls
            List<String> changes = new ArrayList<>();
            try (Connection c = server.db().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select actor, target from audit_log where action = 'CHANGE' and target like '%road-networks%' order by seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) changes.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertThat(changes).containsExactly("ut-admin POST /api/v1/road-networks", "ut-admin POST /api/v1/road-networks",
                    "ut-admin DELETE /api/v1/road-networks/" + id);
        }
    }

    @Test
    void hostileOrBrokenGeoJsonIsRefusedWithItsReason() {
        try (TestServer server = TestServer.start(RoadNetworkTest.class, Clock.systemUTC())) {
            server.post("/api/v1/organisations", "application/json", "{\"code\":\"utrecht\",\"name\":\"Utrecht\"}");
            String admin = server.userToken("ut-admin", "utrecht", "ADMINISTRATOR");
            String line = "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[5.0,52.0],[5.1,52.1]]}}";
            record Case(String body, String reason) {
            }
            String tooMany = "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", java.util.Collections.nCopies(RoadNetworks.MAX_FEATURES + 1, line)) + "]}";
            StringBuilder longLine = new StringBuilder("[");
            for (int i = 0; i <= RoadNetworks.MAX_POINTS_PER_LINE; i++) longLine.append(i == 0 ? "" : ",").append("[5.0,52.0]");
            longLine.append("]");
            String nested = "[".repeat(5000) + "]".repeat(5000);
            List<Case> cases = List.of(
                    new Case("not json", "malformed JSON"),
                    new Case("[1,2]", "send {"),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]}}]}}",
                            "roads.features[0]: geometry 'Point' is not a LineString"),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":" + tooMany + "}", "at most " + RoadNetworks.MAX_FEATURES),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                            + longLine + "}}]}}", "points in one line"),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[5,52],[500,52]]}}]}}",
                            "out of range"),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":{\"$gt\":1}},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[5,52],[5.1,52]]}}]}}",
                            "property 'name' must be text"),
                    new Case("{\"name\":\"n\",\"boundary\":{\"type\":\"Polygon\",\"coordinates\":[[[5,52],[5.1,52],[5.1,52.1],[5,52.2]]]},\"roads\":" + CoverageTest.ROADS + "}", "closed"),
                    new Case("{\"name\":\"n\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":" + nested + "}", ""),
                    new Case("{\"name\":\"n\",\"boundary\":{\"type\":\"Polygon\",\"coordinates\":[[[5,52],[5.1,52.1],[5.1,52],[5,52.1],[5,52]]]},\"roads\":" + CoverageTest.ROADS + "}", "crosses itself"),
                    new Case("{\"name\":\"\",\"boundary\":" + CoverageTest.BOUNDARY + ",\"roads\":" + CoverageTest.ROADS + "}", "name"));
            for (Case c : cases) {
                TestServer.Response r = server.post("/api/v1/road-networks", "application/json", c.body(), admin);
                assertThat(r.status()).as(c.reason() + ": " + r.body()).isBetween(400, 413);
                assertThat(r.body()).as(r.body()).contains(c.reason());
            }
            assertThat(server.get("/api/v1/road-networks", admin).json()).isEmpty();
        }
    }
}
