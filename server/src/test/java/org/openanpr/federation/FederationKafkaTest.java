package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.http.Json;
import org.openanpr.kafka.KafkaSettings;
import org.openanpr.kafka.LocalBroker;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.federation.FederationTest.count;
import static org.openanpr.federation.FederationTest.created;
import static org.openanpr.federation.FederationTest.entries;
import static org.openanpr.federation.FederationTest.plates;
import static org.openanpr.federation.FederationTest.post;
import static org.openanpr.federation.FederationTest.subscriber;
import static org.openanpr.federation.FederationTest.sync;

/**
 * Issue 15, Must show 2 over Kafka: the national node publishes a list on a real Kafka broker (KRaft, a child JVM); the
 * regional node, subscribed with transport kafka, takes the FULL version and a delta from the topic without polling
 * the publisher, goes offline, misses versions, comes back and catches up from the topic (from its stored offset); the
 * hit it then produces reaches the national node. A record on the topic that the publisher did not sign is passed
 * over, a delta after a gap that the publisher's HTTP feed cannot fill is refused until a FULL version comes, and a
 * node without Kafka cannot subscribe over it.
 */
class FederationKafkaTest {
    private static LocalBroker broker;
    private static KafkaSettings settings;
    private static TestServer national;
    private static TestServer regional;
    private static TestServer plain;
    private static OpenAnprServer regionalNode;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        broker = LocalBroker.start(dir.resolve("kafka"), "512m");
        settings = new KafkaSettings(broker.bootstrap(), "fk" + UUID.randomUUID().toString().substring(0, 8), 1, 1_000_000);
        national = TestServer.start(FederationKafkaTest.class, c -> c);
        national.server().useFederationKafka(settings);
        regional = TestServer.start(FederationKafkaTest.class, c -> c);
        regionalNode = regional.server();
        regionalNode.useFederationKafka(settings);
        plain = TestServer.start(FederationKafkaTest.class, c -> c);
    }

    @AfterAll
    static void stop() {
        if (national != null) national.close();
        if (regionalNode != null && regionalNode != regional.server()) regionalNode.close();
        if (regional != null) regional.close();
        if (plain != null) plain.close();
        if (broker != null) broker.close();
    }

    @Test
    void aListPublishedOnKafkaReachesTheRegionWhichCatchesUpFromTheTopicAndItsHitComesBack() throws Exception {
        long list = created(national.post("/api/v1/lists", "application/json", """
                {"name":"Gestolen voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS","instruction":"Stop and check"}""")).path("id").asLong();
        entries(national, list, "replace", "AA11BB", "CC22DD");
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
        awaitSent(list);
        String token = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-utrecht\",\"organisation\":\"nationaal\"}")).path("token").asText();

        // The region subscribes over Kafka: version 1 (FULL) comes from the topic.
        JsonNode sub = created(regional.post("/api/v1/federation/subscriptions", "application/json", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht","transport":"kafka"}"""
                .formatted(national.baseUrl(), token, list)));
        long subscription = sub.path("id").asLong();
        long local = sub.path("localListId").asLong();
        assertThat(sub.path("transport").asText()).isEqualTo("kafka");
        assertThat(sub.path("kafkaTopic").asText()).isEqualTo(settings.prefix() + ".federation.nationaal");
        assertThat(sub.path("version").asInt()).as(sub.toString()).isEqualTo(1);
        assertThat(sub.path("lastError").isNull()).as(sub.toString()).isTrue();
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "CC22DD");
        assertThat(appliedOver("kafka", local)).containsExactly(1);
        assertThat(subscriber(national, list, "regio-utrecht").path("transport").asText()).isEqualTo("kafka");
        assertThat(post(regionalNode, "/api/v1/cameras", """
                {"id":"UT-A12-01","name":"A12 Utrecht","lat":52.1,"lon":5.1,"organisation":"utrecht"}""").statusCode()).isEqualTo(201);
        TestServer.Response on = regional.post("/api/v1/lists/" + local + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"utrecht\"}");
        assertThat(on.status()).as(on.body()).isEqualTo(201);

        // A delta follows: the region reads it from the topic within seconds, without a sync.
        entries(national, list, "add", "EE33FF");
        await(() -> version(regional, subscription) == 2, "the delta read from the topic");
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "CC22DD", "EE33FF");
        sync(regionalNode, subscription);
        assertThat(subscriber(national, list, "regio-utrecht").path("version").asInt()).as("the national node sees what the region runs")
                .isEqualTo(2);

        // The regional node goes offline (its database stays) and misses two versions, which wait on the topic.
        regionalNode.close();
        entries(national, list, "remove", "CC22DD");
        entries(national, list, "add", "GG44HH");
        awaitSent(list);
        regionalNode = OpenAnprServer.start(regional.db().dataSource(),
                ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN).withPasswordCost(4));
        regionalNode.useFederationKafka(settings);
        JsonNode caughtUp = sync(regionalNode, subscription);
        assertThat(caughtUp.path("version").asInt()).isEqualTo(4);
        assertThat(caughtUp.path("lastError").isNull()).as(caughtUp.toString()).isTrue();
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "EE33FF", "GG44HH");
        assertThat(appliedOver("kafka", local)).as("every version came from the topic").containsExactly(1, 2, 3, 4);
        assertThat(appliedOver("http", local)).isEmpty();
        assertThat(subscriber(national, list, "regio-utrecht").path("version").asInt()).isEqualTo(4);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(regionalNode.baseUrl() + "/metrics"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).as("the subscription's lag on the topic").contains("anpr_federation_kafka_lag{subscription=\"" + subscription + "\"} 0");

        // The region's camera reads a plate of the caught-up version: the hit goes up to the national node.
        HttpResponse<String> read = post(regionalNode, "/api/v1/reads", """
                [{"id":"%s","camera":"UT-A12-01","plate":"GG44HH","country":"NL","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(10)));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        sync(regionalNode, subscription);
        JsonNode up = national.get("/api/v1/federation/hits").json();
        assertThat(up).hasSize(1);
        assertThat(up.get(0).path("plate").asText()).isEqualTo("GG44HH");
        assertThat(up.get(0).path("region").asText()).isEqualTo("utrecht");
        assertThat(up.get(0).path("peer").asText()).isEqualTo("regio-utrecht");
        assertThat(count(national.db(), "select count(*) from audit_log where action = 'FEDERATION' "
                + "and purpose = 'list versions published on Kafka'")).isGreaterThanOrEqualTo(3);

        // Someone else who can write to the topic: a record signed with another key is passed over.
        String topic = settings.prefix() + ".federation.nationaal";
        PrivateKey stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        produce(topic, list, delta(list, 5, "ZZ99ZZ"), stranger);
        await(() -> lastError(regional, subscription).contains("not signed by the publisher"), "the forged record noticed");
        assertThat(plates(regional, local)).doesNotContain("ZZ99ZZ");
        assertThat(version(regional, subscription)).isEqualTo(4);

        // A delta after a gap the publisher's HTTP feed cannot fill either (version 99 does not exist there): refused.
        produce(topic, list, delta(list, 99, "XX88XX"), nationalKey());
        await(() -> lastError(regional, subscription).contains("gap"), "the gap refused");
        assertThat(plates(regional, local)).doesNotContain("XX88XX");
        assertThat(version(regional, subscription)).isEqualTo(4);
        // A FULL version resolves it.
        entries(national, list, "replace", "AA11BB", "NN77PP");
        // the version is applied in its transaction and the error cleared just after it: wait for both
        await(() -> version(regional, subscription) == 5 && lastError(regional, subscription).isEmpty(),
                "the FULL version read from the topic, the gap's error cleared");
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "NN77PP");

        // The topic's records pass their retention (deleted here at once): a region subscribing now finds nothing on
        // the topic and takes the version from the publisher's HTTP feed, then follows the topic again.
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", settings.bootstrap()))) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(partition).get().offset();
            admin.deleteRecords(Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(end))).all().get();
        }
        String late = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-amersfoort\",\"organisation\":\"nationaal\"}")).path("token").asText();
        JsonNode second = Json.MAPPER.readTree(post(regionalNode, "/api/v1/federation/subscriptions", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"amersfoort","transport":"kafka"}"""
                .formatted(national.baseUrl(), late, list)).body());
        assertThat(second.path("version").asInt()).as(second.toString()).isEqualTo(5);
        assertThat(second.path("lastError").isNull()).as(second.toString()).isTrue();
        assertThat(appliedOver("http", second.path("localListId").asLong())).containsExactly(5);
        entries(national, list, "add", "PP88QQ");
        await(() -> version(regional, second.path("id").asLong()) == 6, "the next delta read from the topic");
        assertThat(appliedOver("kafka", second.path("localListId").asLong())).containsExactly(6);
    }

    @Test
    void kafkaIsRefusedWhereItCannotBeUsed() throws Exception {
        long list = created(national.post("/api/v1/lists", "application/json", """
                {"name":"Rijverboden","category":"DRIVING_BAN","purpose":"handhaving","legalBasis":"WVW art. 9",
                 "organisation":"nationaal","source":"CJIB"}""")).path("id").asLong();
        national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}");
        String token = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-zonder-kafka\",\"organisation\":\"nationaal\"}")).path("token").asText();
        String body = """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht","transport":"%s"}""";
        HttpResponse<String> unknown = post(regionalNode, "/api/v1/federation/subscriptions",
                body.formatted(national.baseUrl(), token, list, "postduif"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("transport");
        TestServer.Response noKafka = plain.post("/api/v1/federation/subscriptions", "application/json",
                body.formatted(national.baseUrl(), token, list, "kafka"));
        assertThat(noKafka.status()).isEqualTo(409);
        assertThat(noKafka.body()).contains("--federation-kafka");
        assertThat(count(plain.db(), "select count(*) from federation_subscription")).isZero();
        // The version report takes only a federation token, and a version.
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(national.baseUrl()
                        + "/api/v1/federation/feed/lists/" + list + "/version")).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"version\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(401);
        report = http.send(HttpRequest.newBuilder(URI.create(national.baseUrl() + "/api/v1/federation/feed/lists/" + list + "/version"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"<script>\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(400);
        assertThat(report.body()).contains("version");
    }

    /** Waits until the publishing node's outbox has handed every version of the list to Kafka. */
    private static void awaitSent(long list) throws Exception {
        await(() -> {
            try {
                return count(national.db(), "select count(*) from federation_version where list_id = " + list + " and kafka_sent_at is null") == 0
                        && count(national.db(), "select count(*) from federation_version where list_id = " + list) > 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the versions of list " + list + " on Kafka");
    }

    /** The federation versions applied to the local list over a transport, from its LIST_IMPORT records. */
    private static List<Integer> appliedOver(String transport, long local) throws Exception {
        List<Integer> out = new java.util.ArrayList<>();
        try (Connection c = regional.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (details->>'federationVersion')::int from audit_log where action = 'LIST_IMPORT' "
                     + "and target = 'list " + local + "' and details->>'transport' = '" + transport + "' order by seq")) {
            while (rs.next()) out.add(rs.getInt(1));
        }
        return out;
    }

    private static int version(TestServer node, long subscription) {
        return row(node, subscription).path("version").asInt();
    }

    private static String lastError(TestServer node, long subscription) {
        return row(node, subscription).path("lastError").asText("");
    }

    /** The subscription as the regional node (which may have been restarted) shows it. */
    private static JsonNode row(TestServer node, long subscription) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(regionalNode.baseUrl() + "/api/v1/federation/subscriptions"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode s : Json.MAPPER.readTree(r.body())) if (s.path("id").asLong() == subscription) return s;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no subscription " + subscription);
    }

    private static byte[] delta(long list, int version, String plate) throws Exception {
        return Json.MAPPER.writeValueAsBytes(Map.of("list", Map.of("id", list, "organisation", "nationaal"),
                "versions", List.of(Map.of("version", version, "kind", "DELTA", "part", 1, "parts", 1,
                        "added", List.of(Map.of("plate", plate, "country", "NL", "reason", "untrusted")), "removed", List.of()))));
    }

    private static PrivateKey nationalKey() throws Exception {
        try (Connection c = national.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select private_key from federation_signing_key")) {
            rs.next();
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(rs.getBytes(1)));
        }
    }

    private static void produce(String topic, long list, byte[] value, PrivateKey key) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(value);
        Properties p = new Properties();
        p.put("bootstrap.servers", settings.bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, Long.toString(list), value);
            r.headers().add(KafkaPublisher.SIGNATURE, s.sign());
            producer.send(r).get();
        }
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
