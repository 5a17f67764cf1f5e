package org.openanpr.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.moquette.broker.Server;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hit goes out to the control rooms with real peers: a webhook receiver that fails twice and then accepts (the
 * third attempt delivers, signed), one that never accepts (a dead letter after its attempts, sent again on request),
 * an MQTT broker carrying the hit to a subscriber, an SMTP server (GreenMail) receiving the hit e-mail; another
 * organisation's feed gets nothing.
 */
class HitFeedTest {
    static TestServer server;
    static HttpServer receivers;
    static Server broker;
    static int mqttPort;
    static final List<String[]> flakyCalls = new CopyOnWriteArrayList<>(); // {timestamp, signature, body, status}
    static final AtomicInteger deadCalls = new AtomicInteger();
    static final AtomicInteger otherCalls = new AtomicInteger();
    static com.icegreen.greenmail.util.GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receivers.createContext("/flaky", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = flakyCalls.size() < 2 ? 500 : 200;
            flakyCalls.add(new String[]{ex.getRequestHeaders().getFirst("X-OpenANPR-Timestamp"),
                    ex.getRequestHeaders().getFirst("X-OpenANPR-Signature"), body, String.valueOf(status)});
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receivers.createContext("/down", ex -> {
            deadCalls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        receivers.createContext("/other", ex -> {
            otherCalls.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receivers.start();
        try (ServerSocket s = new ServerSocket(0)) {
            mqttPort = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(mqttPort));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        broker = new Server();
        broker.startServer(p);
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        smtp = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(smtpPort, "127.0.0.1", "smtp"));
        smtp.setUser("anpr", "mail-secret-pw");
        smtp.start();

        server = TestServer.start(HitFeedTest.class, Clock.systemUTC());
        server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}");
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-F-01\",\"name\":\"A2 feed\",\"lat\":52.07,\"lon\":5.04,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
        long list = server.activeFinesList("utrecht");
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate,country,reason\nHX404B,NL,unpaid fine\n").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (receivers != null) receivers.stop(0);
        if (broker != null) broker.stopServer();
        if (smtp != null) smtp.stop();
    }

    static JsonNode feed(String json) {
        TestServer.Response r = server.post("/api/v1/hit-feeds", "application/json", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    void aHitReachesTheControlRoomsWebhookAfterTwoFailuresTheDeadOneKeepsItAndMqttCarriesIt() throws Exception {
        String base = "http://127.0.0.1:" + receivers.getAddress().getPort();
        JsonNode flaky = feed("{\"name\":\"meldkamer\",\"kind\":\"WEBHOOK\",\"organisation\":\"utrecht\",\"target\":\"" + base + "/flaky\"}");
        JsonNode down = feed("{\"name\":\"down\",\"kind\":\"WEBHOOK\",\"organisation\":\"utrecht\",\"target\":\"" + base + "/down\",\"maxAttempts\":3}");
        feed("{\"name\":\"gooi\",\"kind\":\"WEBHOOK\",\"organisation\":\"gooi\",\"target\":\"" + base + "/other\"}");
        feed("{\"name\":\"mqtt\",\"kind\":\"MQTT\",\"organisation\":\"utrecht\",\"target\":\"tcp://127.0.0.1:" + mqttPort + "\",\"topic\":\"control/hits\"}");
        JsonNode mail = feed("{\"name\":\"mail\",\"kind\":\"EMAIL\",\"organisation\":\"utrecht\",\"target\":\"smtp://anpr:mail-secret-pw@127.0.0.1:"
                + smtp.getSmtp().getPort() + "?from=anpr@utrecht.example\",\"recipients\":\"meldkamer@utrecht.example\"}");
        assertThat(mail.toString()).doesNotContain("mail-secret-pw");
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + mqttPort, "control-room", new MemoryPersistence());
        subscriber.connect();
        List<String> mqttHits = new CopyOnWriteArrayList<>();
        subscriber.subscribe("control/hits", 1, (topic, m) -> mqttHits.add(new String(m.getPayload(), StandardCharsets.UTF_8)));

        TestServer.Response r = server.post("/api/v1/reads", "application/json",
                "[{\"id\":\"%s\",\"camera\":\"UT-F-01\",\"plate\":\"HX404B\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                        .formatted(UUID.randomUUID(), Instant.now().minusSeconds(2)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        await(() -> flakyCalls.stream().anyMatch(c -> c[3].equals("200")), "the flaky webhook accepted");
        assertThat(flakyCalls).hasSize(3);
        String[] accepted = flakyCalls.get(2);
        assertThat(accepted[2]).contains("\"plate\":\"HX404B\"").contains("unpaid fine");
        assertThat(accepted[1]).isEqualTo("sha256=" + HitFeeds.sign(flaky.path("secret").asText(), accepted[0] + "." + accepted[2]));
        // The receiver counted the call before it answered: the delivery is marked once the answer is in.
        await(() -> server.get("/api/v1/hit-feeds/" + flaky.path("feed").path("id").asLong() + "/deliveries").json().path(0)
                .path("state").asText().equals("DELIVERED"), "the accepted delivery marked delivered");
        JsonNode delivered = server.get("/api/v1/hit-feeds/" + flaky.path("feed").path("id").asLong() + "/deliveries").json();
        assertThat(delivered.get(0).path("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.get(0).path("attempts").asInt()).isEqualTo(3);

        long downId = down.path("feed").path("id").asLong();
        await(() -> server.get("/api/v1/hit-feeds/" + downId + "/deliveries?state=DEAD").json().size() == 1, "a dead letter");
        JsonNode dead = server.get("/api/v1/hit-feeds/" + downId + "/deliveries?state=DEAD").json().get(0);
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("lastError").asText()).contains("HTTP 503");
        assertThat(deadCalls.get()).isEqualTo(3);
        assertThat(server.post("/api/v1/hit-feeds/" + downId + "/deliveries/" + dead.path("id").asLong() + "/retry", "application/json", "").status())
                .isEqualTo(202);
        await(() -> deadCalls.get() >= 4, "the dead letter sent again");

        assertThat(smtp.waitForIncomingEmail(20_000, 1)).as("the hit e-mail").isTrue();
        jakarta.mail.internet.MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).contains("HX404B");
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("meldkamer@utrecht.example");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(message)).contains("unpaid fine").contains("UT-F-01");

        await(() -> mqttHits.size() == 1, "the hit over MQTT");
        assertThat(mqttHits.getFirst()).contains("HX404B");
        Thread.sleep(500);
        assertThat(otherCalls.get()).as("another organisation's feed sees none of utrecht's hits").isZero();
        subscriber.disconnect();
    }

    @Test
    void anotherOrganisationAndARoleWithoutTheRightAreRefused() {
        String gooiAdmin = server.userToken("gooi-feed-admin", "gooi", "ADMINISTRATOR");
        String officer = server.userToken("ut-feed-officer", "utrecht", "OFFICER");
        JsonNode mine = feed("{\"name\":\"x\",\"kind\":\"WEBHOOK\",\"organisation\":\"utrecht\",\"target\":\"http://127.0.0.1:9/x\"}");
        long id = mine.path("feed").path("id").asLong();
        assertThat(server.get("/api/v1/hit-feeds/" + id + "/deliveries", gooiAdmin).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/hit-feeds", gooiAdmin).body()).doesNotContain("\"id\":" + id + ",");
        assertThat(server.get("/api/v1/hit-feeds", officer).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/hit-feeds", "application/json", "{\"kind\":\"WEBHOOK\",\"target\":\"file:///etc/passwd\"}", gooiAdmin).status())
                .isEqualTo(400);
        assertThat(server.post("/api/v1/hit-feeds", "application/json", "{\"kind\":\"MQTT\",\"target\":\"tcp://x:1883\",\"topic\":\"a/#\"}", gooiAdmin).status())
                .isEqualTo(400);
    }
}
