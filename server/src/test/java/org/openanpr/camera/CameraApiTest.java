package org.openanpr.camera;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class CameraApiTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CameraApiTest.class, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response put(String id, String json) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/cameras/" + id))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void createReadUpdateDelete() {
        TestServer.Response created = server.post("/api/v1/cameras", "application/json", """
                {"id":"CRUD-1","name":"Waterlinieweg noord","lat":52.0861,"lon":5.1403,"heading":10,"lane":"1","direction":"noord","organisation":"utrecht"}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("type").asText()).isEqualTo("FIXED");
        assertThat(created.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"CRUD-1","name":"again","lat":52,"lon":5,"organisation":"utrecht"}""").status()).isEqualTo(409);

        TestServer.Response updated = put("CRUD-1", """
                {"name":"Waterlinieweg zuid","lat":52.0861,"lon":5.1403,"heading":190,"organisation":"utrecht","status":"maintenance"}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(server.get("/api/v1/cameras/CRUD-1").json().path("status").asText()).isEqualTo("MAINTENANCE");
        assertThat(server.get("/api/v1/cameras/CRUD-1").json().path("heading").asDouble()).isEqualTo(190.0);

        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/cameras/CRUD-1"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE()).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/cameras/CRUD-1").status()).isEqualTo(404);
    }

    @Test
    void invalidCamerasAreRefusedWithTheField() {
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"BAD 1","name":"x","lat":52,"lon":5,"organisation":"o"}""").reason()).startsWith("id:");
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"BAD-2","name":"x","lat":95,"lon":5,"organisation":"o"}""").reason()).startsWith("lat:");
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"BAD-3","name":"x","lat":52,"lon":5,"heading":360,"organisation":"o"}""").reason()).startsWith("heading:");
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"BAD-4","name":"x","lat":52,"lon":5,"type":"DRONE","organisation":"o"}""").reason()).startsWith("type:");
        assertThat(server.post("/api/v1/cameras", "application/json", "{not json").status()).isEqualTo(400);
        assertThat(put("BAD-5", """
                {"id":"OTHER","name":"x","lat":52,"lon":5,"organisation":"o"}""").reason()).contains("differs from the path");
        assertThat(server.get("/api/v1/cameras/BAD-2").status()).isEqualTo(404);
    }

    @Test
    void csvImportIsAllOrNothingAndNamesTheBadLine() {
        TestServer.Response bad = server.post("/api/v1/cameras/import?organisation=utrecht", "text/csv", """
                id,name,type,lat,lon,heading
                CSV-1,"Biltse Rijksweg, stad in",FIXED,52.0961,5.1497,250
                CSV-2,Europalaan,FIXED,not-a-number,5.1167,0
                """);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).contains("line 3").contains("lat: not a number");
        assertThat(server.get("/api/v1/cameras/CSV-1").status()).isEqualTo(404);

        TestServer.Response ok = server.post("/api/v1/cameras/import?organisation=utrecht", "text/csv", """
                id,name,type,lat,lon,heading
                CSV-1,"Biltse Rijksweg, stad in",FIXED,52.0961,5.1497,250
                CSV-2,Europalaan,MOBILE,52.0708,5.1167,0
                """);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("imported").asInt()).isEqualTo(2);
        JsonNode cam = server.get("/api/v1/cameras/CSV-1").json();
        assertThat(cam.path("name").asText()).isEqualTo("Biltse Rijksweg, stad in");
        assertThat(cam.path("organisation").asText()).isEqualTo("utrecht");
        assertThat(server.get("/api/v1/cameras/CSV-2").json().path("type").asText()).isEqualTo("MOBILE");

        assertThat(server.post("/api/v1/cameras/import", "text/csv", "id,name,colour\nX,y,red\n").reason())
                .contains("unknown column 'colour'");
        assertThat(server.post("/api/v1/cameras/import?organisation=o", "text/csv", """
                id,name,lat,lon
                DUP,a,52,5
                DUP,b,52,5
                """).reason()).contains("line 3").contains("appears twice");
    }

    @Test
    void geoJsonImportReadsPointFeatures() {
        TestServer.Response ok = server.post("/api/v1/cameras/import", "application/geo+json", """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[5.0417,52.0745]},
                   "properties":{"id":"GEO-1","name":"A2 Oudenrijn","heading":350,"organisation":"rws"}},
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[5.1789,52.1036]},
                   "properties":{"id":"GEO-2","name":"A27 Utrecht-Noord","organisation":"rws"}}]}""");
        assertThat(ok.status()).isEqualTo(200);
        JsonNode cam = server.get("/api/v1/cameras/GEO-1").json();
        assertThat(cam.path("lat").asDouble()).isEqualTo(52.0745);
        assertThat(cam.path("lon").asDouble()).isEqualTo(5.0417);

        TestServer.Response bad = server.post("/api/v1/cameras/import", "application/geo+json", """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[5.1,52.1]},"properties":{"id":"GEO-3","name":"ok","organisation":"rws"}},
                  {"type":"Feature","geometry":{"type":"LineString","coordinates":[[5.1,52.1],[5.2,52.2]]},"properties":{"id":"GEO-4","name":"x","organisation":"rws"}}]}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).contains("feature 1").contains("Point");
        assertThat(server.get("/api/v1/cameras/GEO-3").status()).isEqualTo(404);
        assertThat(server.post("/api/v1/cameras/import", "application/xml", "<x/>").status()).isEqualTo(415);
    }
}
