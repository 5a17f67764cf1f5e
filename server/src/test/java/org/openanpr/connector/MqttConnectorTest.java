package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.moquette.broker.Server;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real MQTT broker (Moquette, embedded) between publishers and the server: Frigate's own sample messages and a
 * generic camera's JSON arrive over it as reads, one per tracked object however often it is published.
 */
class MqttConnectorTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2020-12-04T23:25:00Z"));
    static Server broker;
    static int port;
    static TestServer server;
    static MqttClient publisher;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        broker = new Server();
        broker.startServer(p);
        server = TestServer.start(MqttConnectorTest.class, CLOCK);
        assertThat(server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}").status()).isIn(201, 409);
        for (String id : new String[]{"GO-FRONT", "GO-DRIVE", "GO-GATE3"})
            assertThat(server.post("/api/v1/cameras", "application/json",
                    "{\"id\":\"%s\",\"name\":\"%s\",\"lat\":52.2,\"lon\":5.2,\"organisation\":\"gooi\"}".formatted(id, id)).status()).isEqualTo(201);
        publisher = new MqttClient("tcp://127.0.0.1:" + port, "test-publisher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        publisher.connect(o);
    }

    @AfterAll
    static void stop() throws Exception {
        if (publisher != null) publisher.disconnect();
        if (server != null) server.close();
        if (broker != null) broker.stopServer();
    }

    static void create(String json) {
        TestServer.Response r = server.post("/api/v1/connectors", "application/json", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static void map(String connector, String vendorCamera, String camera) {
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/" + connector + "/cameras"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"vendorCamera\":\"%s\",\"camera\":\"%s\"}".formatted(vendorCamera, camera))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static void awaitSubscribed(String connector) {
        await(() -> server.get("/api/v1/connectors/" + connector).json().path("link").asText().startsWith("connected to"),
                "connector " + connector + " subscribed");
    }

    static void publish(String topic, String payload) throws Exception {
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    static long passages(String plate) {
        return org.openanpr.db.Sql.list(server.db().dataSource(), "select count(*) from passage where plate = ?", rs -> rs.getLong(1), plate).getFirst();
    }

    static void await(Supplier<Boolean> condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    void frigateSamplesOverTheBrokerAreOneReadPerTrackedObject() throws Exception {
        create("{\"id\":\"frigate-nvr\",\"kind\":\"FRIGATE\",\"organisation\":\"gooi\",\"settings\":{\"broker\":\"tcp://127.0.0.1:" + port + "\"}}");
        map("frigate-nvr", "front_door", "GO-FRONT");
        map("frigate-nvr", "driveway_cam", "GO-DRIVE");
        awaitSubscribed("frigate-nvr");
        String event = Samples.text("frigate-mqtt-events-docs-dev.json");
        // Frigate publishes the same tracked object many times as it moves: new, update, update, end.
        publish("frigate/events", event);
        publish("frigate/events", event.replace("\"type\": \"update\"", "\"type\": \"end\"").replace("1607123962.082975", "1607123975.5"));
        publish("frigate/tracked_object_update", Samples.text("frigate-mqtt-tracked_object_update-lpr-docs-v0.17.0.json"));
        // Not subscribed (the default topics are events and tracked_object_update): never seen.
        publish("frigate/available", "online");
        await(() -> passages("ABC12345") == 1 && passages("123ABC") == 1, "both Frigate plates stored");
        await(() -> {
            JsonNode st = server.get("/api/v1/connectors/frigate-nvr").json().path("stats");
            return st.path("accepted").asInt() + st.path("duplicates").asInt() + st.path("skipped").asInt() == 3;
        }, "3 messages through");
        assertThat(passages("ABC12345")).isEqualTo(1);
        JsonNode p = org.openanpr.http.Json.MAPPER.readTree(org.openanpr.db.Sql.list(server.db().dataSource(),
                "select to_jsonb(p)::text from passage p where plate = '123ABC'", rs -> rs.getString(1)).getFirst());
        assertThat(p.path("camera_id").asText()).isEqualTo("GO-DRIVE");
        assertThat(p.path("observed_at").asText()).startsWith("2020-12-04T23:19:18.748");
        assertThat(p.path("confidence").asDouble()).isEqualTo(0.95);
        JsonNode stats = server.get("/api/v1/connectors/frigate-nvr").json().path("stats");
        assertThat(stats.path("accepted").asInt()).isEqualTo(2);
        assertThat(stats.path("skipped").asInt() + stats.path("duplicates").asInt()).as("the end of the tracked object: no second read").isEqualTo(1);
    }

    @Test
    void aGenericCamerasJsonIsReadThroughItsFieldMappingAndABrokenMessageIsKept() throws Exception {
        create("""
                {"id":"gate-cams","kind":"GENERIC_MQTT","organisation":"gooi","settings":{"broker":"tcp://127.0.0.1:%d",
                 "topic":"site/+/anpr","confidencePercent":true,
                 "fields":{"plate":"lp","time":"ts","camera":"$topic.1","confidence":"conf","country":"cc","id":"seq"}}}""".formatted(port));
        map("gate-cams", "gate-3", "GO-GATE3");
        awaitSubscribed("gate-cams");
        publish("site/gate-3/anpr", "\uFEFF{\"lp\":\"gh-123-k\",\"ts\":\"1607124000123\",\"conf\":\"88\",\"cc\":\"nl\",\"seq\":\"g3-1\"}");
        publish("site/gate-3/anpr", "{\"lp\":\"GH123K\",\"ts\":1607124000.123,\"conf\":88,\"cc\":\"NL\",\"seq\":\"g3-1\"}");
        publish("site/gate-3/anpr", "{\"lp\":\"GH123K\",\"ts\":");
        await(() -> passages("GH123K") == 1, "the generic read stored");
        await(() -> server.get("/api/v1/connectors/gate-cams/rejected").json().size() == 1, "the broken message kept");
        JsonNode stats = server.get("/api/v1/connectors/gate-cams").json().path("stats");
        assertThat(stats.path("accepted").asInt()).isEqualTo(1);
        assertThat(stats.path("duplicates").asInt()).isEqualTo(1);
        assertThat(server.get("/api/v1/connectors/gate-cams/rejected").json().get(0).path("reason").asText()).contains("malformed JSON");
        JsonNode p = org.openanpr.http.Json.MAPPER.readTree(org.openanpr.db.Sql.list(server.db().dataSource(),
                "select to_jsonb(p)::text from passage p where plate = 'GH123K'", rs -> rs.getString(1)).getFirst());
        assertThat(p.path("camera_id").asText()).isEqualTo("GO-GATE3");
        assertThat(p.path("country").asText()).isEqualTo("NL");
        assertThat(p.path("confidence").asDouble()).isEqualTo(0.88);
        assertThat(p.path("observed_at").asText()).startsWith("2020-12-04T23:20:00.123");
    }

    @Test
    void anMqttConnectorNeedsABrokerAndShowsNoPassword() {
        TestServer.Response bad = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"no-broker\",\"kind\":\"FRIGATE\",\"organisation\":\"gooi\",\"settings\":{\"broker\":\"http://x\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).contains("settings.broker");
        create("{\"id\":\"secret-broker\",\"kind\":\"GENERIC_MQTT\",\"organisation\":\"gooi\",\"settings\":{\"broker\":\"tcp://127.0.0.1:1\","
                + "\"topic\":\"x/#\",\"username\":\"u\",\"password\":\"s3cret-pw\"}}");
        String shown = server.get("/api/v1/connectors/secret-broker").body();
        assertThat(shown).doesNotContain("s3cret-pw").contains("********");
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/secret-broker"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE()).status()).isEqualTo(204);
    }
}
