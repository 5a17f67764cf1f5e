package org.openanpr.kafka;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.db.Sql;
import org.openanpr.passage.IngestLimits;
import org.openanpr.server.WorkerNode;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under {@code serve --kafka} the reads are stored, and their hits made, by a worker: the hit still reaches the
 * control room's feed (a webhook receiver started here), delivered by the serve node; the camera activity the
 * worker counted is written for the health monitor's learned rates, and a camera whose clock runs ahead, whose reads
 * only a worker sees, is flagged CLOCK by the serve node's monitor. A real Kafka broker (KRaft, a child JVM) and an
 * in-process worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFeedsTest {
    static LocalBroker broker;
    static KafkaSettings settings;
    static TestServer node;
    static WorkerNode worker;
    static HttpServer receiver;
    static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/meldkamer", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        broker = LocalBroker.start(dir.resolve("kafka"), "512m");
        settings = new KafkaSettings(broker.bootstrap(), "f" + UUID.randomUUID().toString().substring(0, 8), 2, 1_000_000);
        node = TestServer.start(KafkaFeedsTest.class, settings);
        for (String[] c : new String[][]{{"KF-01", "52.1", "5.1"}, {"KF-02", "52.1", "5.1"}, {"KF-GR", "53.22", "6.57"}}) {
            TestServer.Response camera = node.post("/api/v1/cameras", "application/json",
                    "{\"id\":\"%s\",\"name\":\"kafka feeds\",\"lat\":%s,\"lon\":%s,\"organisation\":\"test\"}".formatted(c[0], c[1], c[2]));
            assertThat(camera.status()).as(camera.body()).isEqualTo(201);
        }
        long list = node.activeFinesList("test");
        assertThat(node.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate,country,reason\nKF404B,NL,unpaid fine\n").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (node != null) node.close();
        if (broker != null) broker.close();
        if (receiver != null) receiver.stop(0);
    }

    /** The one in-process worker, started by whichever test needs it first. */
    static synchronized void startWorker() {
        if (worker == null) worker = WorkerNode.start(node.db().dataSource(), settings, IngestLimits.DEFAULT, Clock.systemUTC());
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    @Order(1)
    void aHitAWorkerStoredReachesTheFeedAndItsCameraActivityIsWritten() throws Exception {
        TestServer.Response feed = node.post("/api/v1/hit-feeds", "application/json",
                "{\"name\":\"meldkamer\",\"kind\":\"WEBHOOK\",\"organisation\":\"test\",\"target\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/meldkamer\"}");
        assertThat(feed.status()).as(feed.body()).isEqualTo(201);
        TestServer.Response r = node.post("/api/v1/reads", "application/json",
                "[{\"id\":\"%s\",\"camera\":\"KF-01\",\"plate\":\"KF404B\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"},"
                        .formatted(UUID.randomUUID(), Instant.now().minusSeconds(5))
                        + "{\"id\":\"%s\",\"camera\":\"KF-01\",\"plate\":\"KF001A\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                        .formatted(UUID.randomUUID(), Instant.now().minusSeconds(4)));
        assertThat(r.status()).as("queued in Kafka: " + r.body()).isEqualTo(202);

        startWorker();
        await(() -> received.stream().anyMatch(b -> b.contains("\"plate\":\"KF404B\"")), "the worker's hit at the control room's webhook");
        assertThat(received).hasSize(1);
        assertThat(received.getFirst()).contains("unpaid fine").contains("\"event\":\"hit\"");
        await(() -> Sql.list(node.db().dataSource(), "select coalesce(sum(reads), 0) from camera_activity where camera_id = 'KF-01'",
                rs -> rs.getLong(1)).getFirst() == 2, "the worker's camera activity written");
        Thread.sleep(1000);
        assertThat(received).as("delivered once").hasSize(1);

        // A camera whose clock runs 3 minutes ahead, a read a second: its reads go through Kafka to the worker only.
        for (int i = 0; i < 3; i++) {
            if (i > 0) Thread.sleep(1_100);
            String ahead = "[{\"id\":\"%s\",\"camera\":\"KF-02\",\"plate\":\"KF20%dC\",\"country\":\"NL\",\"confidence\":0.9,\"time\":\"%s\"}]"
                    .formatted(UUID.randomUUID(), i, Instant.now().plus(Duration.ofMinutes(3)));
            assertThat(node.post("/api/v1/reads", "application/json", ahead).status()).isEqualTo(202);
        }
        await(() -> {
            for (var h : node.get("/api/v1/camera-health").json())
                if (h.path("camera").asText().equals("KF-02") && h.path("state").asText().equals("CLOCK")) return true;
            return false;
        }, "the serve node's monitor flagging the worker's camera CLOCK");
    }

    /**
     * A clone a worker finds reaches the serve node's stream over the findings topic, as {@code event: clone}, to the
     * listeners of the organisation whose cameras saw it.
     */
    @Test
    @Order(2) // the worker's feeds are those that existed when it started: the first test's is made before it starts
    void aCloneAWorkerFoundReachesTheServeNodesStream() throws Exception {
        String officer = node.userToken("kees", "test", "OFFICER");
        try (SseListener sse = SseListener.open(node.baseUrl() + "/api/v1/alerts/stream", officer)) {
            assertThat(sse.status()).isEqualTo(200);
            startWorker();
            UUID first = UUID.randomUUID();
            // one read at a time: the worker remembers the first before it meets the second, whatever their partitions
            assertThat(node.post("/api/v1/reads", "application/json", "[{\"id\":\"%s\",\"camera\":\"KF-01\",\"plate\":\"KF777K\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                    .formatted(first, Instant.now().minus(Duration.ofMinutes(25)))).status()).isEqualTo(202);
            await(() -> !Sql.list(node.db().dataSource(), "select id from read_id where id = ?", rs -> rs.getObject(1), first).isEmpty(),
                    "the first read stored by the worker");
            assertThat(node.post("/api/v1/reads", "application/json", "[{\"id\":\"%s\",\"camera\":\"KF-GR\",\"plate\":\"KF777K\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                    .formatted(UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(5)))).status()).isEqualTo(202);
            SseListener.Event clone = null;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (clone == null && System.nanoTime() < end) {
                SseListener.Event e = sse.next(Duration.ofSeconds(1));
                if (e != null && "clone".equals(e.name())) clone = e;
            }
            assertThat(clone).as("the worker's clone alert on the serve node's stream").isNotNull();
            assertThat(clone.id()).startsWith("clone-");
            assertThat(clone.data().path("plate").asText()).isEqualTo("KF777K");
            assertThat(clone.data().path("organisation").asText()).isEqualTo("test");
            assertThat(clone.data().path("first").path("camera").asText()).isEqualTo("KF-01");
            assertThat(clone.data().path("second").path("camera").asText()).isEqualTo("KF-GR");
            assertThat(clone.data().path("calculation").asText()).isNotBlank();
        }
        await(() -> Sql.list(node.db().dataSource(), "select count(*) from clone_outbox", rs -> rs.getLong(1)).getFirst() == 0,
                "the worker's clone outbox emptied");
    }
}
