package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera that reads once a minute for three hours is learned at 60 reads an hour; its feed stops and within
 * 15 minutes (three of its normal gaps, at least 15 minutes) it is flagged SILENT; it reads again and is OK again;
 * its history holds both changes. Another organisation does not see it.
 */
class CameraHealthTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-23T06:00:30Z"));
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CameraHealthTest.class, CLOCK);
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-H-01\",\"name\":\"A27 health\",\"lat\":52.1,\"lon\":5.1,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void read(String plate) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json",
                "[{\"id\":\"%s\",\"camera\":\"UT-H-01\",\"plate\":\"%s\",\"confidence\":0.9,\"time\":\"%s\"}]"
                        .formatted(UUID.randomUUID(), plate, CLOCK.instant().minusSeconds(1)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static JsonNode health() {
        for (JsonNode s : server.get("/api/v1/camera-health").json()) if (s.path("camera").asText().equals("UT-H-01")) return s;
        return null;
    }

    static void awaitState(String state) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            JsonNode h = health();
            if (h != null && h.path("state").asText().equals(state)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("camera never " + state + "; now: " + health());
    }

    @Test
    void aCameraThatStopsReadingIsFlaggedAndRecovers() throws InterruptedException {
        for (int minute = 0; minute < 180; minute++) {
            read("GH" + (100 + minute % 800) + "K");
            CLOCK.advance(Duration.ofMinutes(1));
            // Let the monitor write the counts now and then, as it does every 2 s in real life.
            if (minute % 30 == 29) Thread.sleep(2_500);
        }
        read("GH999K");
        awaitState("OK");
        assertThat(health().path("expectedPerHour").asDouble()).isBetween(55.0, 65.0);

        CLOCK.advance(Duration.ofMinutes(10));
        Thread.sleep(2_500);
        assertThat(health().path("state").asText()).as("10 quiet minutes are not yet silence").isEqualTo("OK");
        CLOCK.advance(Duration.ofMinutes(6));
        awaitState("SILENT");
        assertThat(health().path("reason").asText()).containsPattern("no read for 1[56] min; normally 60 reads an hour");

        read("GH998K");
        awaitState("OK");
        JsonNode history = server.get("/api/v1/camera-health/UT-H-01").json().path("history");
        assertThat(history.get(0).path("state").asText()).isEqualTo("OK");
        assertThat(history.get(1).path("state").asText()).isEqualTo("SILENT");

        server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}");
        String other = server.userToken("gooi-health", "gooi", "ANALYST");
        assertThat(server.get("/api/v1/camera-health/UT-H-01", other).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/camera-health", other).body()).doesNotContain("UT-H-01");
    }
}
