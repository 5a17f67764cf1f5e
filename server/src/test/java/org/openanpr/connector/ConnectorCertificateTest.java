package org.openanpr.connector;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.testing.KeytoolIdentity;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutual TLS for connectors, with a real HTTPS server and keytool-made certificates: once an administrator pins the
 * equipment's client certificate, the connector takes deliveries over the equipment port from that certificate only,
 * and its token is refused everywhere; the equipment port asks every connection for a certificate and serves nothing
 * but deliveries; another organisation, a role without the right, text that is not one certificate and a connector
 * nobody posts to are refused.
 */
class ConnectorCertificateTest {
    static final TestClock CLOCK = new TestClock(Instant.parse("2019-07-09T14:10:00Z"));
    @TempDir
    static Path dir;
    static TestServer server;
    static KeytoolIdentity serverId;
    static KeytoolIdentity agent;
    static KeytoolIdentity stranger;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        serverId = KeytoolIdentity.make(dir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        agent = KeytoolIdentity.make(dir, "agent", "alpr-agent-utrecht-1", "dns:agent-1.utrecht.example");
        stranger = KeytoolIdentity.make(dir, "stranger", "alpr-agent-elsewhere", "dns:agent.elsewhere.example");
        server = TestServer.startTls(ConnectorCertificateTest.class, serverId, c -> c.withClock(CLOCK)
                .withTls(new org.openanpr.server.ServerConfig.Tls(serverId.file(), KeytoolIdentity.PASSWORD, 0)));
        for (String org : new String[]{"utrecht", "gooi"})
            assertThat(server.post("/api/v1/organisations", "application/json",
                    "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(org, org)).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-MTLS-01\",\"name\":\"UT-MTLS-01\",\"lat\":52.09,\"lon\":5.12,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
        TestServer.Response created = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ut-agent\",\"kind\":\"OPENALPR\",\"name\":\"ut agent\",\"organisation\":\"utrecht\",\"camera\":\"UT-MTLS-01\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        token = created.json().path("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPinnedCertificateReplacesTheTokenAndTheEquipmentPortServesOnlyDeliveries() throws Exception {
        assertThat(server.server().equipmentPort()).isPositive().isNotEqualTo(server.server().port());
        assertThat(server.get("/api/v1/config").json().path("equipmentPort").asInt()).isEqualTo(server.server().equipmentPort());
        TestServer.Response byToken = deliverByToken(group("A"));
        assertThat(byToken.status()).as(byToken.body()).isEqualTo(200);
        assertThat(byToken.json().path("accepted").asInt()).isEqualTo(1);

        TestServer.Response pinned = pin(agent.pem(), TestServer.ADMIN_TOKEN);
        assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
        JsonNode cert = pinned.json().path("certificate");
        assertThat(cert.path("sha256").asText()).isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(agent.keys().getCertificate("agent").getEncoded())));
        assertThat(cert.path("subject").asText()).isEqualTo("CN=alpr-agent-utrecht-1");
        assertThat(Instant.parse(cert.path("notAfter").asText())).isAfter(Instant.now());
        assertThat(server.get("/api/v1/connectors/ut-agent").json().path("certificate").path("sha256").asText())
                .isEqualTo(cert.path("sha256").asText());
        java.util.regex.Matcher expiry = java.util.regex.Pattern.compile(
                "anpr_connector_client_certificate_not_after_timestamp_seconds\\{connector=\"ut-agent\"} (\\S+)").matcher(server.get("/metrics").body());
        assertThat(expiry.find()).as("the certificate's expiry in /metrics").isTrue();
        assertThat((long) Double.parseDouble(expiry.group(1))).isEqualTo(Instant.parse(cert.path("notAfter").asText()).getEpochSecond());

        // The token no longer opens the connector, on either port.
        TestServer.Response tokenRefused = deliverByToken(group("B"));
        assertThat(tokenRefused.status()).isEqualTo(401);
        assertThat(tokenRefused.reason()).contains("client certificate").contains("equipment port");
        HttpResponse<String> tokenOnEquipmentPort = equipment(agent).send(ingest(group("B")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokenOnEquipmentPort.statusCode()).isEqualTo(200); // the certificate, not the token, let it in

        // The pinned certificate over the equipment port delivers; the read is stored.
        HttpResponse<String> byCertificate = equipment(agent).send(ingest(group("C")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(byCertificate.statusCode()).as(byCertificate.body()).isEqualTo(200);
        assertThat(org.openanpr.http.Json.MAPPER.readTree(byCertificate.body()).path("accepted").asInt()).isEqualTo(1);
        assertThat(storedReads()).isEqualTo(3);

        // Another certificate is refused as an unknown connector is (the caller learns nothing of the pin); the
        // connector's administrator sees which certificate came. A connection without one gets no further than the handshake.
        HttpResponse<String> wrong = equipment(stranger).send(ingest(group("D")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("unknown connector or wrong token").doesNotContain(cert.path("sha256").asText());
        HttpResponse<String> unknown = equipment(stranger).send(HttpRequest.newBuilder(equipmentUri("/api/v1/ingest/no-such-connector"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(server.get("/api/v1/connectors/ut-agent").json().path("stats").path("lastErrors").toString())
                .contains("another client certificate").contains(HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(stranger.keys().getCertificate("stranger").getEncoded())))
                .contains("CN=alpr-agent-elsewhere");
        assertThatThrownBy(() -> equipment(null).send(ingest(group("E")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(storedReads()).isEqualTo(3);

        // The equipment port opens nothing else, not even for the system token.
        HttpResponse<String> admin = equipment(agent).send(HttpRequest.newBuilder(equipmentUri("/api/v1/connectors"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(404);
        assertThat(admin.body()).contains("serves only");
        for (String path : new String[]{"/", "/static/app.css", "/health", "/api/openapi.json"})
            assertThat(equipment(agent).send(HttpRequest.newBuilder(equipmentUri(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(path).isEqualTo(404);

        // Unpinned, the token works again.
        assertThat(unpin(TestServer.ADMIN_TOKEN).status()).isEqualTo(204);
        assertThat(unpin(TestServer.ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(deliverByToken(group("F")).status()).isEqualTo(200);
        assertThat(storedReads()).isEqualTo(4);
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightAndTextThatIsNotOneCertificateAreRefused() throws Exception {
        String gooiAdmin = server.userToken("gooi-mtls-admin", "gooi", "ADMINISTRATOR");
        String officer = server.userToken("ut-mtls-officer", "utrecht", "OFFICER");
        String utrechtAdmin = server.userToken("ut-mtls-admin", "utrecht", "ADMINISTRATOR");
        assertThat(pin(agent.pem(), gooiAdmin).status()).isEqualTo(404);
        assertThat(pin(agent.pem(), officer).status()).isEqualTo(403);
        assertThat(unpin(gooiAdmin).status()).isEqualTo(404);

        TestServer.Response garbage = pin("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", utrechtAdmin);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.reason()).contains("one X.509 certificate");
        TestServer.Response key = pin("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n", utrechtAdmin);
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.reason()).contains("private key");
        TestServer.Response two = pin(agent.pem() + stranger.pem(), utrechtAdmin);
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.reason()).contains("found 2");
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/ut-agent/certificate"))
                .header("Authorization", "Bearer " + utrechtAdmin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("[\"not an object\"]"))).status()).isEqualTo(400);
        assertThat(server.get("/api/v1/connectors/ut-agent").json().path("certificate").isNull()).isTrue();

        // A folder connector has no equipment connection to take a certificate from.
        Path drop = java.nio.file.Files.createDirectories(dir.resolve("drop"));
        TestServer.Response folder = server.post("/api/v1/connectors", "application/json",
                "{\"id\":\"ut-drop\",\"kind\":\"FOLDER\",\"organisation\":\"utrecht\",\"camera\":\"UT-MTLS-01\",\"settings\":{\"path\":\""
                        + drop.toAbsolutePath() + "\",\"fields\":{\"plate\":\"kenteken\",\"time\":\"tijd\"}}}");
        assertThat(folder.status()).as(folder.body()).isEqualTo(201);
        TestServer.Response notPosted = pin("ut-drop", agent.pem(), utrechtAdmin);
        assertThat(notPosted.status()).isEqualTo(400);
        assertThat(notPosted.reason()).contains("not posted to");
    }

    /** The published OpenALPR group, as another vehicle ({@code tag} makes its event id and plate its own). */
    static byte[] group(String tag) {
        return Samples.text(Samples.OPENALPR_GROUP).replace("YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY", tag.repeat(40))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static TestServer.Response deliverByToken(byte[] body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/ingest/ut-agent"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static TestServer.Response pin(String pem, String as) {
        return pin("ut-agent", pem, as);
    }

    static TestServer.Response pin(String connector, String pem, String as) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/" + connector + "/certificate"))
                .header("Authorization", "Bearer " + as).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(org.openanpr.http.Json.MAPPER.createObjectNode().put("certificate", pem).toString())));
    }

    static TestServer.Response unpin(String as) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/connectors/ut-agent/certificate"))
                .header("Authorization", "Bearer " + as).DELETE());
    }

    static URI equipmentUri(String path) {
        return URI.create("https://127.0.0.1:" + server.server().equipmentPort() + path);
    }

    static HttpRequest.Builder ingest(byte[] body) {
        return HttpRequest.newBuilder(equipmentUri("/api/v1/ingest/ut-agent")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A client on the equipment port presenting {@code identity}'s certificate (null: none). */
    static HttpClient equipment(KeytoolIdentity identity) throws Exception {
        return HttpClient.newBuilder().sslContext(KeytoolIdentity.client(identity, serverId)).build();
    }

    static long storedReads() {
        try (var c = server.db().dataSource().getConnection();
             var rs = c.createStatement().executeQuery("select count(*) from passage where camera_id = 'UT-MTLS-01'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
