package org.openanpr.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two serve nodes on one database: a list created, filled, switched on, added to, removed from and switched off on one
 * node is matched accordingly by the other within seconds (its matcher follows the changes, as workers' do).
 */
class TwoServeNodesTest {
    private static TestServer a;
    private static OpenAnprServer b;

    @BeforeAll
    static void start() {
        a = TestServer.start(TwoServeNodesTest.class, c -> c);
        assertThat(a.post("/api/v1/cameras", "application/json", """
                {"id":"TWO-1","name":"two nodes","lat":52.1,"lon":5.1,"organisation":"test"}""").status()).isEqualTo(201);
        b = OpenAnprServer.start(a.db().dataSource(), ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN).withPasswordCost(4));
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    @Test
    void listChangesOnOneNodeReachTheOtherNodesMatcher() throws Exception {
        long list = a.activeFinesList("test");
        assertThat(a.post("/api/v1/lists/" + list + "/entries?mode=replace", "text/csv", "plate,country\nTW11AA,NL\n").status())
                .isBetween(200, 201);
        assertThat(hitsOnB("TW11AA")).as("a list made and filled on node A matches on node B").isEqualTo(1);

        assertThat(a.post("/api/v1/lists/" + list + "/entries?mode=add", "text/csv", "plate,country\nTW22BB,NL\n").status())
                .isBetween(200, 201);
        assertThat(hitsOnB("TW22BB")).as("a delta on A").isEqualTo(1);

        assertThat(a.post("/api/v1/lists/" + list + "/entries?mode=remove", "text/csv", "plate,country\nTW11AA,NL\n").status())
                .isBetween(200, 201);
        assertThat(noHitOnB("TW11AA")).as("a removal on A").isTrue();

        TestServer.Response off = a.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.baseUrl() + "/api/v1/lists/" + list
                        + "/activations")).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString("{\"scope\":\"REGION\",\"target\":\"test\"}")));
        assertThat(off.status()).as(off.body()).isEqualTo(204);
        assertThat(noHitOnB("TW22BB")).as("switched off on A").isTrue();
    }

    /** Reads the plate at node B until it hits (at most 15 s); returns the hits on it. */
    private static long hitsOnB(String plate) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            read(plate);
            long hits = count("select count(*) from hit where plate = '" + plate + "'");
            if (hits > 0) return hits;
            Thread.sleep(500);
        }
        return 0;
    }

    /** Waits for node B to stop matching the plate (at most 15 s). */
    private static boolean noHitOnB(String plate) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            long before = count("select count(*) from hit where plate = '" + plate + "'");
            read(plate);
            if (count("select count(*) from hit where plate = '" + plate + "'") == before) return true;
            Thread.sleep(500);
        }
        return false;
    }

    private static void read(String plate) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.baseUrl() + "/api/v1/reads"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                            [{"id":"%s","camera":"TWO-1","plate":"%s","country":"NL","confidence":0.93,"time":"%s"}]"""
                            .formatted(UUID.randomUUID(), plate, Instant.now().minusSeconds(5)))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = a.db().dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
