package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera that reads once a minute for three hours is learned at 60 reads an hour; its feed stops and within
 * 15 minutes (three of its normal gaps, at least 15 minutes) it is flagged SILENT; it reads again and is OK again;
 * its history holds both changes. Another organisation does not see it. A camera whose clock runs ahead, or whose
 * reads arrive long after their time, is flagged CLOCK within a few reads, stays so while its offset is still over
 * half the limit, and is cleared when its time is right again,
 * and the change reaches the organisation's feed that asked for health events (a webhook receiver started here); a
 * camera whose confidence drops is flagged DEGRADED.
 */
class CameraHealthTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-23T06:00:30Z"));
    static TestServer server;

    static HttpServer receiver;
    static final List<String> healthEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/meldkamer", ex -> {
            if ("health".equals(ex.getRequestHeaders().getFirst("X-OpenANPR-Event")))
                healthEvents.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        server = TestServer.start(CameraHealthTest.class, CLOCK);
        for (String id : new String[]{"UT-H-01", "UT-H-02", "UT-H-03"})
            assertThat(server.post("/api/v1/cameras", "application/json",
                    "{\"id\":\"%s\",\"name\":\"A27 health\",\"lat\":52.1,\"lon\":5.1,\"organisation\":\"utrecht\"}".formatted(id)).status())
                    .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.stop(0);
    }

    static void read(String plate) {
        read("UT-H-01", plate, 0.9, CLOCK.instant().minusSeconds(1));
    }

    static void read(String camera, String plate, double confidence, Instant time) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json",
                "[{\"id\":\"%s\",\"camera\":\"%s\",\"plate\":\"%s\",\"confidence\":%s,\"time\":\"%s\"}]"
                        .formatted(UUID.randomUUID(), camera, plate, confidence, time));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(1);
    }

    /** A read, then the clock a second on: a camera's clock is judged over the seconds in which its reads arrive. */
    static void nextSecondRead(String camera, String plate, double confidence, Instant time) {
        read(camera, plate, confidence, time);
        CLOCK.advance(Duration.ofSeconds(1));
    }

    static JsonNode health() {
        return health("UT-H-01");
    }

    static JsonNode health(String camera) {
        for (JsonNode s : server.get("/api/v1/camera-health").json()) if (s.path("camera").asText().equals(camera)) return s;
        return null;
    }

    static void awaitState(String state) throws InterruptedException {
        awaitState("UT-H-01", state);
    }

    static void awaitState(String camera, String state) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            JsonNode h = health(camera);
            if (h != null && h.path("state").asText().equals(state)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("camera " + camera + " never " + state + "; now: " + health(camera));
    }

    @Test
    void aCameraWhoseClockIsFarOffIsFlaggedWithinAFewReadsAndTheControlRoomHearsOfIt() throws Exception {
        TestServer.Response feed = server.post("/api/v1/hit-feeds", "application/json",
                "{\"name\":\"meldkamer\",\"kind\":\"WEBHOOK\",\"organisation\":\"utrecht\",\"healthEvents\":true,\"target\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/meldkamer\"}");
        assertThat(feed.status()).as(feed.body()).isEqualTo(201);
        // Three reads dated 3 minutes after they arrive (still inside the pipeline's 5 minutes): the camera's clock runs ahead.
        for (int i = 0; i < 3; i++) nextSecondRead("UT-H-02", "CK10" + i + "A", 0.9, CLOCK.instant().plus(Duration.ofMinutes(3)));
        awaitState("UT-H-02", "CLOCK");
        assertThat(health("UT-H-02").path("reason").asText()).contains("camera clock 3 min ahead");
        assertThat(health("UT-H-02").path("clockOffsetSeconds").asLong()).isEqualTo(-180);
        HitFeedAwait.until(() -> healthEvents.stream().anyMatch(e -> e.contains("\"camera\":\"UT-H-02\"") && e.contains("\"state\":\"CLOCK\"")),
                "the CLOCK change at the control room's webhook");
        // Right again: the flag clears within a few reads.
        for (int i = 0; i < 3; i++) nextSecondRead("UT-H-02", "CK20" + i + "A", 0.9, CLOCK.instant().minusSeconds(2));
        awaitState("UT-H-02", "LEARNING");
        HitFeedAwait.until(() -> healthEvents.stream().anyMatch(e -> e.contains("\"camera\":\"UT-H-02\"") && e.contains("\"previous\":\"CLOCK\"")),
                "the recovery at the control room's webhook");
        // Reads that arrive 40 minutes after their camera time: a clock behind (or reads held back).
        for (int i = 0; i < 3; i++) nextSecondRead("UT-H-02", "CK30" + i + "A", 0.9, CLOCK.instant().minus(Duration.ofMinutes(40)));
        awaitState("UT-H-02", "CLOCK");
        assertThat(health("UT-H-02").path("reason").asText()).contains("reads arrive 40 min after their camera time");
        JsonNode history = server.get("/api/v1/camera-health/UT-H-02").json().path("history");
        assertThat(history.get(0).path("state").asText()).isEqualTo("CLOCK");
        assertThat(history.get(0).path("clockOffsetSeconds").asLong()).isEqualTo(2400);
        assertThat(history.get(1).path("state").asText()).isEqualTo("LEARNING");
        assertThat(history.get(2).path("state").asText()).isEqualTo("CLOCK");
        // Then 7 minutes late: under the 10 that flag a camera, over the 5 that clear one already flagged. It stays CLOCK
        // (judged again: its reason follows the new offset) and no new event is written.
        for (int i = 0; i < 3; i++) nextSecondRead("UT-H-02", "CK35" + i + "A", 0.9, CLOCK.instant().minus(Duration.ofMinutes(7)));
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!health("UT-H-02").path("reason").asText().contains("7 min") && System.nanoTime() < end) Thread.sleep(100);
        assertThat(health("UT-H-02").path("reason").asText()).contains("reads arrive 7 min after their camera time");
        assertThat(health("UT-H-02").path("state").asText()).isEqualTo("CLOCK");
        assertThat(server.get("/api/v1/camera-health/UT-H-02").json().path("history").size()).isEqualTo(history.size());
        for (int i = 0; i < 3; i++) nextSecondRead("UT-H-02", "CK40" + i + "A", 0.9, CLOCK.instant().minusSeconds(2));
        awaitState("UT-H-02", "LEARNING");
        // An hour of history in one batch (a buffer emptied, a start's backfill) is one look at the clock, not five: the
        // camera's live reads keep the verdict, and no event is written.
        int before = server.get("/api/v1/camera-health/UT-H-02").json().path("history").size();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 6; i++)
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"%s\",\"camera\":\"UT-H-02\",\"plate\":\"CK5%dA\",\"confidence\":0.9,\"time\":\"%s\"}"
                    .formatted(UUID.randomUUID(), i, CLOCK.instant().minus(Duration.ofMinutes(70 - 10L * i))));
        assertThat(server.post("/api/v1/reads", "application/json", batch.append("]").toString()).json().path("accepted").asInt()).isEqualTo(6);
        CLOCK.advance(Duration.ofSeconds(1));
        nextSecondRead("UT-H-02", "CK600A", 0.9, CLOCK.instant().minusSeconds(2));
        Thread.sleep(3_000);
        assertThat(health("UT-H-02").path("state").asText()).isEqualTo("LEARNING");
        assertThat(server.get("/api/v1/camera-health/UT-H-02").json().path("history").size()).isEqualTo(before);
    }

    @Test
    void aCameraWhoseConfidenceDropsIsFlaggedDegraded() throws Exception {
        // An hour of good reads, then in a few minutes a dozen unsure ones (a dirty lens, a wrong focus).
        for (int minute = 0; minute < 60; minute++) {
            read("UT-H-03", "DG" + (100 + minute) + "K", 0.92, CLOCK.instant().minusSeconds(1));
            CLOCK.advance(Duration.ofMinutes(1));
        }
        awaitState("UT-H-03", "LEARNING");
        for (int i = 0; i < 12; i++) {
            read("UT-H-03", "DG" + (500 + i) + "K", 0.42, CLOCK.instant().minusSeconds(1));
            if (i % 3 == 2) CLOCK.advance(Duration.ofMinutes(1));
        }
        awaitState("UT-H-03", "DEGRADED");
        // The last 15 minutes mix the unsure reads with the good ones before them: the drop shows within minutes.
        assertThat(health("UT-H-03").path("reason").asText()).matches("mean confidence 0\\.\\d\\d in the last 15 min; 0\\.92 before");
        JsonNode history = server.get("/api/v1/camera-health/UT-H-03").json().path("history");
        assertThat(history.get(0).path("state").asText()).isEqualTo("DEGRADED");
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

    /** Waits for a condition the server reaches by itself (a delivery, a judgement). */
    static final class HitFeedAwait {
        static void until(Supplier<Boolean> condition, String what) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                if (condition.get()) return;
                Thread.sleep(100);
            }
            throw new AssertionError("timed out waiting for: " + what);
        }
    }
}
