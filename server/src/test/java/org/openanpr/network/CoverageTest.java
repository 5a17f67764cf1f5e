package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.openanpr.camera.Camera;
import org.openanpr.http.Json;
import org.openanpr.testing.TestServer;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A small road network shaped like Utrecht's edge (a motorway both ways with a camera each way, a one-way provincial
 * road, a two-way road watched one way only, a ring road nobody watches, a motorway watched twice northbound, and a
 * street inside that crosses nothing): the report names exactly the planted blind spots and overlap, and ranks the
 * busier gap first.
 */
public class CoverageTest {
    public static final String BOUNDARY = """
            {"type":"Feature","properties":{"name":"region"},"geometry":{"type":"Polygon","coordinates":
             [[[5.00,52.00],[5.20,52.00],[5.20,52.15],[5.00,52.15],[5.00,52.00]]]}}""";
    public static final String ROADS = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"name":"A12","highway":"motorway"},"geometry":{"type":"LineString","coordinates":[[4.95,52.08],[5.02,52.0805],[5.10,52.08]]}},
             {"type":"Feature","properties":{"name":"N230","highway":"primary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[5.10,52.20],[5.101,52.14],[5.10,52.10]]}},
             {"type":"Feature","properties":{"name":"N201","highway":"primary"},"geometry":{"type":"LineString","coordinates":[[5.25,52.05],[5.15,52.05]]}},
             {"type":"Feature","properties":{"name":"Ringweg Zuid","highway":"tertiary"},"geometry":{"type":"LineString","coordinates":[[5.12,51.95],[5.121,52.01],[5.12,52.05]]}},
             {"type":"Feature","properties":{"name":"A2","highway":"motorway","count":40000},"geometry":{"type":"MultiLineString","coordinates":[[[5.05,51.95],[5.05,52.10]]]}},
             {"type":"Feature","properties":{"name":"Binnenstraat","highway":"residential"},"geometry":{"type":"LineString","coordinates":[[5.08,52.06],[5.09,52.07]]}}
            ]}""";

    static Camera camera(String id, double lat, double lon, Double heading, String org) {
        return new Camera(id, id, Camera.CameraType.FIXED, lat, lon, heading, null, null, org, Camera.CameraStatus.ACTIVE, null);
    }

    static final List<Camera> CAMERAS = List.of(
            camera("UT-A12-E", 52.0806, 5.03, 90.0, "utrecht"),
            camera("UT-A12-W", 52.0802, 5.03, 272.0, "utrecht"),
            camera("GO-N230-S", 52.13, 5.1007, 181.0, "gooi"),
            camera("UT-N201-W", 52.0501, 5.17, 268.0, "utrecht"),
            camera("UT-A2-N1", 52.02, 5.0502, 0.0, "utrecht"),
            camera("UT-A2-N2", 52.03, 5.0502, 4.0, "utrecht"),
            camera("UT-A2-S", 52.02, 5.0498, 180.0, "utrecht"),
            camera("UT-FAR", 52.10, 5.15, null, "utrecht"));

    static String key(JsonNode c) {
        return c.path("road").asText() + " " + c.path("direction").asText();
    }

    @Test
    void theReportNamesExactlyThePlantedBlindSpotsAndOverlap() throws Exception {
        Coverage.Report r = Coverage.report(Json.MAPPER.readTree(BOUNDARY), Json.MAPPER.readTree(ROADS), CAMERAS);
        assertThat(r.roads()).isEqualTo(6);
        assertThat(r.crossingRoads()).isEqualTo(5);
        assertThat(r.blindSpots()).extracting(c -> c.road() + " " + c.direction())
                .containsExactlyInAnyOrder("N201 BACKWARD", "Ringweg Zuid FORWARD", "Ringweg Zuid BACKWARD");
        assertThat(r.overlaps()).extracting(c -> c.road() + " " + c.direction()).containsExactly("A2 FORWARD");
        // the N201 is drawn from outside (east) in: its way in is watched, its way out (east, heading ~90°) is blind
        assertThat(r.blindSpots()).filteredOn(c -> c.road().equals("N201")).singleElement()
                .satisfies(c -> assertThat(c.entering()).isFalse()).satisfies(c -> assertThat(c.heading()).isEqualTo(90));
        assertThat(r.overlaps().getFirst().cameras()).containsExactlyInAnyOrder("UT-A2-N1", "UT-A2-N2");
        assertThat(r.crossings()).filteredOn(c -> c.road().equals("N230")).singleElement()
                .satisfies(c -> assertThat(c.cameras()).containsExactly("GO-N230-S"));
        // N201 (primary, 6) before the ring road (tertiary, both ways 2 + 2)
        assertThat(r.planning()).extracting(Coverage.Suggestion::road).containsExactly("N201", "Ringweg Zuid");
        assertThat(r.planning().get(1).directions()).containsExactly(Coverage.Direction.FORWARD, Coverage.Direction.BACKWARD);
        assertThat(r.planning().getFirst().lon()).isEqualTo(5.2);
        // 9 direction-crossings (A12, N201, ring road, A2 both ways, N230 one way): utrecht watches 5, gooi 1 (N230)
        assertThat(r.perOrganisation()).extracting(o -> o.organisation() + " " + o.covered() + "/" + o.crossings())
                .containsExactly("gooi 1/9", "utrecht 5/9");
    }

    @Test
    void badGeoJsonIsNamed() throws Exception {
        JsonNode roads = Json.MAPPER.readTree(ROADS);
        assertThatThrownBy(() -> Coverage.report(Json.MAPPER.readTree("{\"type\":\"Point\",\"coordinates\":[5,52]}"), roads, CAMERAS))
                .hasMessageContaining("boundary: a GeoJSON Polygon");
        assertThatThrownBy(() -> Coverage.report(Json.MAPPER.readTree("{\"type\":\"Polygon\",\"coordinates\":[[[5,52],[5.1,52],[5.1,52.1],[5,52.2]]]}"), roads, CAMERAS))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> Coverage.report(Json.MAPPER.readTree(BOUNDARY), Json.MAPPER.readTree("{\"type\":\"FeatureCollection\",\"features\":[]}"), CAMERAS))
                .hasMessageContaining("no LineString");
    }

    @Test
    void throughTheApiAnOrganisationSeesItsOwnCamerasOnly() {
        try (TestServer server = TestServer.start(CoverageTest.class, Clock.systemUTC())) {
            server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}");
            for (Camera c : CAMERAS) {
                TestServer.Response r = server.post("/api/v1/cameras", "application/json",
                        "{\"id\":\"%s\",\"name\":\"%s\",\"lat\":%s,\"lon\":%s%s,\"organisation\":\"%s\"}".formatted(c.id(), c.id(), c.lat(), c.lon(),
                                c.heading() == null ? "" : ",\"heading\":" + c.heading(), c.organisation()));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            String analyst = server.userToken("ut-gis", "utrecht", "ANALYST");
            TestServer.Response r = server.post("/api/v1/coverage", "application/json",
                    "{\"boundary\":" + BOUNDARY + ",\"roads\":" + ROADS + "}", analyst);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // gooi's camera on the N230 is not utrecht's to count on: for utrecht the N230 is a blind spot
            assertThat(r.json().path("blindSpots").findValuesAsText("road")).containsExactlyInAnyOrder("N230", "N201", "Ringweg Zuid", "Ringweg Zuid");
            assertThat(server.post("/api/v1/coverage", "application/json", "{\"boundary\":{},\"roads\":{}}", analyst).status()).isEqualTo(400);
        }
    }
}
