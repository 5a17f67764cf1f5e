package org.openanpr.camera;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 1: a camera id that one organisation deleted and another registers must not carry the first's
 * passages, tokens or list activations across. Organisation A and B each have an administrator and a list manager.
 */
class CameraIdReuseTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String A = "reuse-a";
    static final String B = "reuse-b";
    static TestServer server;
    static String adminA;
    static String adminB;
    static String listerA;
    static String listerB;

    @BeforeAll
    static void start() {
        server = TestServer.start(CameraIdReuseTest.class, new TestClock(NOW));
        for (String org : new String[] {A, B})
            ok(server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"" + org + "\",\"name\":\"Police " + org + "\",\"kind\":\"POLICE\"}"), 201);
        adminA = server.userToken("a.admin", A, "ADMINISTRATOR");
        adminB = server.userToken("b.admin", B, "ADMINISTRATOR");
        listerA = server.userToken("a.lister", A, "LIST_MANAGER");
        listerB = server.userToken("b.lister", B, "LIST_MANAGER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDeletedCamerasIdCarriesNoTokenActivationOrDataToAnotherOrganisation() {
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"REUSE-X\",\"name\":\"A's camera\",\"lat\":52.1,\"lon\":5.1}"), 201);
        String cameraToken = ok(post("/api/v1/cameras/REUSE-X/tokens", adminA, ""), 201).json().path("token").asText();
        long listA = list(listerA, "A stolen", "XR111A");
        ok(post("/api/v1/lists/" + listA + "/activations", listerA, "{\"scope\":\"CAMERA\",\"target\":\"REUSE-X\"}"), 201);
        assertThat(ok(postRead(cameraToken, "REUSE-X", "XR111A"), 200).json().path("accepted").asInt()).isEqualTo(1);
        assertThat(server.get("/api/v1/hits?plate=XR111A").json()).hasSize(1);

        assertThat(delete("/api/v1/cameras/REUSE-X", adminA).status()).isEqualTo(204);
        assertThat(postRead(cameraToken, "REUSE-X", "XR111A").status()).as("the deleted camera's token, at once").isEqualTo(401);
        assertThat(server.get("/api/v1/lists/" + listA + "/activations", listerA).json()).as("its activations").isEmpty();

        TestServer.Response taken = post("/api/v1/cameras", adminB, "{\"id\":\"REUSE-X\",\"name\":\"B's now\",\"lat\":52.1,\"lon\":5.1}");
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.reason()).contains("not available").doesNotContain(A);
        TestServer.Response imported = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/cameras/import"))
                .header("Authorization", "Bearer " + adminB).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("id,name,lat,lon\nREUSE-X,B's now,52.1,5.1\n")));
        assertThat(imported.status()).as(imported.body()).isEqualTo(409);
        assertThat(imported.reason()).doesNotContain(A);
        assertThat(put("/api/v1/cameras/REUSE-X", adminB, "{\"name\":\"B's now\",\"lat\":52.1,\"lon\":5.1}").status())
                .as("a retired id of another organisation is as absent as a live one").isEqualTo(404);
        assertThat(put("/api/v1/cameras/REUSE-X", TestServer.ADMIN_TOKEN,
                "{\"name\":\"B's now\",\"lat\":52.1,\"lon\":5.1,\"organisation\":\"" + B + "\"}").status())
                .as("not even the system token gives the id to another organisation").isEqualTo(409);

        // A may take its own id back: its data was always its own.
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"REUSE-X\",\"name\":\"A's again\",\"lat\":52.1,\"lon\":5.1}"), 201);
        assertThat(postRead(cameraToken, "REUSE-X", "XR111A").status()).as("the old token stays dead").isEqualTo(401);
    }

    @Test
    void aLiveCameraNeverChangesOrganisation() {
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"REUSE-Y\",\"name\":\"A's\",\"lat\":52.1,\"lon\":5.1}"), 201);
        TestServer.Response moved = put("/api/v1/cameras/REUSE-Y", TestServer.ADMIN_TOKEN,
                "{\"name\":\"B's\",\"lat\":52.1,\"lon\":5.1,\"organisation\":\"" + B + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(409);
        assertThat(moved.reason()).contains("never changes organisation");
        assertThat(server.get("/api/v1/cameras/REUSE-Y").json().path("organisation").asText()).isEqualTo(A);
    }

    /** An activation left in the table for a camera of another organisation (however it got there) matches nothing. */
    @Test
    void aStaleActivationNeverShowsOneOrganisationAnothersTraffic() throws Exception {
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"REUSE-Z\",\"name\":\"A's\",\"lat\":52.1,\"lon\":5.1}"), 201);
        ok(post("/api/v1/cameras", adminB, "{\"id\":\"REUSE-B1\",\"name\":\"B's\",\"lat\":52.1,\"lon\":5.1}"), 201);
        long listB = list(listerB, "B stolen", "XR222B");
        try (Connection c = server.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("insert into list_activation (list_id, scope, target) values (?, 'CAMERA', 'REUSE-Z')")) {
            ps.setLong(1, listB);
            ps.executeUpdate();
        }
        // Any change through the API rebuilds the matcher's snapshot, the stale row included.
        ok(post("/api/v1/lists/" + listB + "/activations", listerB, "{\"scope\":\"CAMERA\",\"target\":\"REUSE-B1\"}"), 201);
        ok(postRead(TestServer.ADMIN_TOKEN, "REUSE-Z", "XR222B"), 200);
        assertThat(server.get("/api/v1/hits?plate=XR222B").json()).as("B's list on A's camera").isEmpty();
        ok(postRead(TestServer.ADMIN_TOKEN, "REUSE-B1", "XR222B"), 200);
        assertThat(server.get("/api/v1/hits?plate=XR222B").json()).as("B's list on B's camera").hasSize(1);
    }

    /** Issue 10, item 16: a camera an enforcement action uses cannot be deleted, and the answer says why. */
    @Test
    void deletingACameraUsedByAnActionAnswers409WithTheReason() {
        ok(post("/api/v1/cameras", adminA, "{\"id\":\"REUSE-ACT\",\"name\":\"A's\",\"lat\":52.1,\"lon\":5.1}"), 201);
        long listA = list(listerA, "A action list", "XR333A");
        long action = ok(post("/api/v1/actions", listerA, """
                {"name":"Operation Reuse","place":"A1","startsAt":"%s","endsAt":"%s","team":"Team A",
                 "cameras":["REUSE-ACT"],"lists":[%d]}""".formatted(NOW, NOW.plus(Duration.ofHours(2)), listA)), 201)
                .json().path("id").asLong();
        TestServer.Response refused = delete("/api/v1/cameras/REUSE-ACT", adminA);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.reason()).contains("enforcement action").contains(String.valueOf(action));
        assertThat(server.get("/api/v1/cameras/REUSE-ACT").status()).as("nothing was deleted").isEqualTo(200);
    }

    static long list(String token, String name, String plate) {
        long id = ok(post("/api/v1/lists", token, """
                {"name":"%s","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles","legalBasis":"Politiewet art. 3",
                 "source":"VRS","fuzzy":false}""".formatted(name)), 201).json().path("id").asLong();
        ok(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/lists/" + id + "/entries"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("plate,country,reason\n" + plate + ",NL,stolen\n"))), 200);
        return id;
    }

    static TestServer.Response postRead(String token, String camera, String plate) {
        return server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), camera, plate, NOW.minusSeconds(5)), token);
    }

    static TestServer.Response post(String path, String token, String json) {
        return server.post(path, "application/json", json, token);
    }

    static TestServer.Response put(String path, String token, String json) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static TestServer.Response delete(String path, String token) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token).DELETE());
    }

    static TestServer.Response ok(TestServer.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r;
    }

    static JsonNode json(TestServer.Response r) {
        return r.json();
    }
}
