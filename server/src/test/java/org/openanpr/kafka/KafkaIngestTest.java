package org.openanpr.kafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.bench.SyntheticReads;
import org.openanpr.db.Database;
import org.openanpr.passage.IngestLimits;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.server.WorkerNode;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestDatabase;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, Must show 1, against a real Kafka broker (KRaft, a child JVM from the Maven Central jars) and a
 * PostgreSQL server process: reads go HTTP → Kafka → worker → PostgreSQL → hits topic → SSE of every serve node.
 * One broker for the whole class.
 */
class KafkaIngestTest {
    private static final String CAMERAS = "KAFKA-";
    private static LocalBroker broker;
    private static KafkaSettings settings;
    private static TestServer node1;
    private static OpenAnprServer node2;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<String> listed = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = LocalBroker.start(dir.resolve("kafka"), "512m");
        settings = new KafkaSettings(broker.bootstrap(), "t" + UUID.randomUUID().toString().substring(0, 8), 4, 1_000_000);
        node1 = TestServer.start(KafkaIngestTest.class, settings);
        // A second serve node over the same database and cluster: it takes no reads, but must get every alert.
        node2 = OpenAnprServer.start(node1.db().dataSource(),
                ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN).withPasswordCost(4), settings);
        for (int i = 0; i < 4; i++) {
            TestServer.Response r = node1.post("/api/v1/cameras", "application/json", """
                    {"id":"%s%d","name":"kafka test","lat":52.1,"lon":5.1,"organisation":"test"}""".formatted(CAMERAS, i));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        TestServer.Response other = node1.post("/api/v1/cameras", "application/json", """
                {"id":"OTHER-0","name":"kafka outage test","lat":52.1,"lon":5.1,"organisation":"test"}""");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        long list = node1.activeFinesList("test");
        StringBuilder csv = new StringBuilder("plate,country\n");
        for (int i = 0; i < 200; i++) {
            listed.add(SyntheticReads.uniquePlate(i));
            csv.append(SyntheticReads.uniquePlate(i)).append(",NL\n");
        }
        TestServer.Response imported = node1.post("/api/v1/lists/" + list + "/entries?mode=replace", "text/csv", csv.toString());
        assertThat(imported.status()).as(imported.body()).isBetween(200, 201);
    }

    @AfterAll
    static void stop() {
        if (node2 != null) node2.close();
        if (node1 != null) node1.close();
        if (broker != null) broker.close();
    }

    @Test
    void aWorkerKilledMidBatchAndRestartedLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        try (SseListener alerts = SseListener.open("http://127.0.0.1:" + node2.port() + "/api/v1/alerts/stream", TestServer.ADMIN_TOKEN)) {
            int requests = 60;
            int perRequest = 500;
            Set<UUID> sent = new HashSet<>();
            int hits = 0;
            for (int k = 0; k < requests; k++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perRequest; i++) {
                    UUID id = UUID.randomUUID();
                    sent.add(id);
                    boolean hit = i == 0;
                    if (hit) hits++;
                    String plate = hit ? listed.get(k % listed.size()) : SyntheticReads.uniquePlate(1_000 + k * perRequest + i);
                    if (i > 0) body.append(',');
                    body.append("""
                            {"id":"%s","camera":"%s%d","plate":"%s","country":"NL","confidence":0.9,"time":"%s"}"""
                            .formatted(id, CAMERAS, (k + i) % 4, plate, Instant.now().minusSeconds(60)));
                }
                TestServer.Response r = node1.post("/api/v1/reads", "application/json", body.append(']').toString());
                assertThat(r.status()).as("queued in Kafka: " + r.body()).isEqualTo(202);
                assertThat(r.json().path("accepted").asInt()).isEqualTo(perRequest);
            }
            assertThat(count("select count(*) from passage where camera_id like 'KAFKA-%'")).as("nothing stored before a worker runs").isZero();

            Process first = worker(dir.resolve("worker1.log"));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (count("select count(*) from passage where camera_id like 'KAFKA-%'") == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            first.destroyForcibly().waitFor(); // SIGKILL in the middle of the work
            long atKill = count("select count(*) from passage where camera_id like 'KAFKA-%'");
            System.out.println("worker killed with " + atKill + " of " + sent.size() + " reads stored");
            assertThat(atKill).as("killed mid-way: " + Files.readString(dir.resolve("worker1.log"))).isBetween(1L, (long) sent.size() - 1);

            Process second = worker(dir.resolve("worker2.log"));
            try {
                deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (count("select count(*) from passage where camera_id like 'KAFKA-%'") < sent.size() && System.nanoTime() < deadline)
                    Thread.sleep(200);
                Thread.sleep(1000); // anything beyond would be a duplicate: give it the chance to show
                assertThat(count("select count(*) from passage where camera_id like 'KAFKA-%'")).as("nothing lost, nothing twice").isEqualTo(sent.size());
                assertThat(count("select count(distinct id) from passage where camera_id like 'KAFKA-%'")).isEqualTo(sent.size());
                assertThat(count("select count(*) from hit where camera_id like 'KAFKA-%'")).as("one hit per listed read").isEqualTo(hits);
                assertThat(count("select count(distinct passage_id) from hit where camera_id like 'KAFKA-%'")).isEqualTo(hits);

                // Every hit reached the SSE stream of the node that took no reads (at least once: a kill may repeat one).
                Set<String> alerted = new HashSet<>();
                Set<String> stored = new HashSet<>();
                try (Connection c = node1.db().dataSource().getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select id from hit where camera_id like 'KAFKA-%'")) {
                    while (rs.next()) stored.add(rs.getString(1));
                }
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!alerted.containsAll(stored) && System.nanoTime() < deadline) {
                    SseListener.Event e = alerts.next(Duration.ofSeconds(1));
                    if (e != null && "hit".equals(e.name())) alerted.add(e.id());
                }
                assertThat(alerted).containsAll(stored);

                String metrics = node1.get("/metrics").body();
                assertThat(metrics).contains("anpr_kafka_workers 1").contains("anpr_kafka_reads_published_total");
                deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!metrics.contains("anpr_kafka_consumer_lag 0") && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    metrics = node1.get("/metrics").body();
                }
                assertThat(metrics).contains("anpr_kafka_consumer_lag 0");
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
        redeliveredFromTheStartChangesNothing(count("select count(*) from passage where camera_id like 'KAFKA-%'"),
                count("select count(*) from hit where camera_id like 'KAFKA-%'"));
    }

    /** Every read delivered again (the group's offsets set back to 0): no passage, hit or scan count more. */
    private void redeliveredFromTheStartChangesNothing(long passages, long hits) throws Exception {
        long scanned = count("select coalesce(sum(reads), 0) from scan_count where camera_id like 'KAFKA-%'");
        try (var admin = Topics.admin(settings)) {
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> zero = new java.util.HashMap<>();
            for (int p = 0; p < settings.partitions(); p++)
                zero.put(new org.apache.kafka.common.TopicPartition(settings.readsTopic(), p), new org.apache.kafka.clients.consumer.OffsetAndMetadata(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) { // the stopped worker's membership ends with its session
                try {
                    admin.alterConsumerGroupOffsets(settings.workerGroup(), zero).all().get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(500);
                }
            }
        }
        Thread.sleep(2_000); // the monitor's figures are a second old at most
        try (WorkerNode worker = WorkerNode.start(node1.db().dataSource(), settings, IngestLimits.DEFAULT, Clock.systemUTC())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String metrics = "";
            while (System.nanoTime() < deadline) {
                metrics = node1.get("/metrics").body();
                if (metrics.contains("anpr_kafka_consumer_lag 0") && metrics.contains("anpr_kafka_workers 1")) break;
                Thread.sleep(500);
            }
            assertThat(metrics).contains("anpr_kafka_consumer_lag 0");
        }
        assertThat(count("select count(*) from passage where camera_id like 'KAFKA-%'")).isEqualTo(passages);
        assertThat(count("select count(*) from hit where camera_id like 'KAFKA-%'")).isEqualTo(hits);
        assertThat(count("select coalesce(sum(reads), 0) from scan_count where camera_id like 'KAFKA-%'")).isEqualTo(scanned);
    }

    @Test
    void kafkaStoppedAnswers429WithRetryAfterAndIngestResumesWhenItIsBack() throws Exception {
        try (WorkerNode worker = WorkerNode.start(node1.db().dataSource(), settings, IngestLimits.DEFAULT, Clock.systemUTC())) {
            broker.stop();
            UUID during = UUID.randomUUID();
            HttpResponse<String> refused = postRead(during);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(refused.body()).contains("nothing was accepted");

            broker.start();
            HttpResponse<String> res = refused;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (res.statusCode() == 429 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                res = postRead(during); // the camera resends what was refused
            }
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count("select count(*) from passage where id = '" + during + "'") == 0 && System.nanoTime() < deadline) Thread.sleep(200);
            assertThat(count("select count(*) from passage where id = '" + during + "'")).isEqualTo(1);
        }
    }

    @Test
    void badReadsAndForeignCamerasAreRefusedBeforeAnythingReachesKafka() throws Exception {
        TestServer.Response bad = node1.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"KAFKA-0","plate":"","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), Instant.now()));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("plate");
        TestServer.Response token = node1.post("/api/v1/cameras/KAFKA-0/tokens", "application/json", "{}");
        String cameraToken = token.json().path("token").asText();
        TestServer.Response foreign = node1.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"KAFKA-1","plate":"12ABC3","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), Instant.now()),
                cameraToken);
        assertThat(foreign.status()).isEqualTo(403);
        TestServer.Response anonymous = node1.post("/api/v1/reads", "application/json", "[]", null);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private static HttpResponse<String> postRead(UUID id) throws Exception {
        String body = """
                [{"id":"%s","camera":"OTHER-0","plate":"%s","country":"NL","confidence":0.9,"time":"%s"}]"""
                .formatted(id, SyntheticReads.uniquePlate(900_000), Instant.now().minusSeconds(5));
        return http.send(HttpRequest.newBuilder(URI.create(node1.baseUrl() + "/api/v1/reads"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code anpr worker} in a JVM of its own, against the PostgreSQL server of the test (a separate process). */
    private static Process worker(Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.openanpr.cli.Main", "worker", "--kafka", settings.bootstrap(), "--kafka-prefix", settings.prefix(),
                "--kafka-partitions", "4", "--pool", "4"));
        cmd.addAll(TestDatabase.commandLine(schema()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String schema() {
        return node1.db().schema();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = node1.db().dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
