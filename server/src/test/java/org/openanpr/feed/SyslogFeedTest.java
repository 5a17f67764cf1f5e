package org.openanpr.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.KeytoolIdentity;
import org.openanpr.testing.TestServer;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hit goes out as RFC 5424 syslog with a CEF line to real receivers started in the test: a UDP socket, and a TCP
 * receiver that is down when the hit arrives (the delivery is retried) and then listens (it gets the hit, octet-counted).
 * Another organisation's syslog feed gets nothing. Over TLS (RFC 5425) to receivers with keytool-made certificates: the
 * one the feed's CA vouches for gets the hit, one it does not gets nothing, and a receiver whose certificate names
 * another host gets it only with verifyHost=false.
 */
class SyslogFeedTest {
    static TestServer server;
    static DatagramSocket udp;
    static DatagramSocket otherUdp;
    static final List<String> udpMessages = new CopyOnWriteArrayList<>();
    static final List<String> otherMessages = new CopyOnWriteArrayList<>();
    static final List<String> tcpMessages = new CopyOnWriteArrayList<>();
    static volatile boolean stopping;

    @BeforeAll
    static void start() throws Exception {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        otherUdp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        listen(udp, udpMessages);
        listen(otherUdp, otherMessages);
        server = TestServer.start(SyslogFeedTest.class, Clock.systemUTC());
        server.post("/api/v1/organisations", "application/json", "{\"code\":\"gooi\",\"name\":\"Gooi\"}");
        assertThat(server.post("/api/v1/cameras", "application/json",
                "{\"id\":\"UT-S-01\",\"name\":\"A12 syslog\",\"lat\":52.07,\"lon\":5.04,\"organisation\":\"utrecht\"}").status()).isEqualTo(201);
        long list = server.activeFinesList("utrecht");
        TestServer.Response entries = server.post("/api/v1/lists/" + list + "/entries", "text/csv",
                "plate,country,reason\nSY100S,NL,fine = 120|EUR\n");
        assertThat(entries.status()).as(entries.body()).isEqualTo(200);
    }

    static void listen(DatagramSocket socket, List<String> into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            while (!stopping) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    into.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-syslog-udp");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() {
        stopping = true;
        if (server != null) server.close();
        if (udp != null) udp.close();
        if (otherUdp != null) otherUdp.close();
    }

    static JsonNode feed(String json) {
        TestServer.Response r = server.post("/api/v1/hit-feeds", "application/json", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** One RFC 6587 octet-counted message: the length, a space, that many bytes. */
    static String frame(DataInputStream in) throws IOException {
        StringBuilder digits = new StringBuilder();
        int c;
        while ((c = in.read()) != ' ') {
            if (c < 0) throw new IOException("closed");
            digits.append((char) c);
        }
        byte[] msg = new byte[Integer.parseInt(digits.toString())];
        in.readFully(msg);
        return new String(msg, StandardCharsets.UTF_8);
    }

    @Test
    void aHitReachesTheControlRoomsSyslogOverUdpAndOverTcpAfterTheReceiverCameUp() throws Exception {
        int tcpPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            tcpPort = probe.getLocalPort();
        }
        feed("{\"name\":\"meldkamer-udp\",\"kind\":\"SYSLOG\",\"organisation\":\"utrecht\",\"target\":\"udp://127.0.0.1:" + udp.getLocalPort() + "\"}");
        JsonNode tcp = feed("{\"name\":\"meldkamer-tcp\",\"kind\":\"SYSLOG\",\"organisation\":\"utrecht\",\"target\":\"tcp://127.0.0.1:"
                + tcpPort + "?facility=local4\"}");
        feed("{\"name\":\"gooi\",\"kind\":\"SYSLOG\",\"organisation\":\"gooi\",\"target\":\"udp://127.0.0.1:" + otherUdp.getLocalPort() + "\"}");

        TestServer.Response r = server.post("/api/v1/reads", "application/json",
                "[{\"id\":\"%s\",\"camera\":\"UT-S-01\",\"plate\":\"SY100S\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                        .formatted(UUID.randomUUID(), Instant.now().minusSeconds(2)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        HitFeedTest.await(() -> udpMessages.size() == 1, "the hit over UDP syslog");
        String m = udpMessages.getFirst();
        // <local0 * 8 + warning (priority 0: CEF 6)>1 time host openanpr - hit - CEF…
        assertThat(m).matches("<132>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\S+ openanpr - hit - CEF:0\\|OpenANPR\\|OpenANPR\\|1\\|hit\\|ANPR hit: .*");
        assertThat(m).contains("cs1=SY100S").contains("deviceExternalId=UT-S-01").contains("cs4=fine \\= 120|EUR").contains("cs6=utrecht");

        // The TCP receiver is down: the delivery waits, with the reason.
        long tcpId = tcp.path("feed").path("id").asLong();
        HitFeedTest.await(() -> server.get("/api/v1/hit-feeds/" + tcpId + "/deliveries").json().path(0).path("attempts").asInt() >= 1,
                "a failed TCP attempt");
        JsonNode pending = server.get("/api/v1/hit-feeds/" + tcpId + "/deliveries").json().get(0);
        assertThat(pending.path("state").asText()).isEqualTo("PENDING");
        assertThat(pending.path("lastError").asText()).startsWith("syslog:");
        assertThat(pending.path("event").asText()).isEqualTo("hit");

        // It comes up: the retry delivers, octet-counted.
        try (ServerSocket receiver = new ServerSocket(tcpPort, 50, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(30_000);
            try (Socket s = receiver.accept()) {
                tcpMessages.add(frame(new DataInputStream(s.getInputStream())));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the TCP syslog delivery was never retried");
            }
        }
        assertThat(tcpMessages.getFirst()).startsWith("<164>1 ").contains(" openanpr - hit - CEF:0|").contains("cs1=SY100S");
        HitFeedTest.await(() -> server.get("/api/v1/hit-feeds/" + tcpId + "/deliveries").json().path(0).path("state").asText().equals("DELIVERED"),
                "the TCP delivery marked delivered");
        Thread.sleep(500);
        assertThat(otherMessages).as("another organisation's feed sees none of utrecht's hits").isEmpty();
        assertThat(udpMessages).hasSize(1);
    }

    @Test
    void aBadTargetIsRefusedWithTheReason() {
        TestServer.Response r = server.post("/api/v1/hit-feeds", "application/json",
                "{\"kind\":\"SYSLOG\",\"organisation\":\"utrecht\",\"target\":\"syslog.example:514\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).contains("udp://host:514");
        String officer = server.userToken("ut-syslog-officer", "utrecht", "OFFICER");
        assertThat(server.post("/api/v1/hit-feeds", "application/json",
                "{\"kind\":\"SYSLOG\",\"target\":\"udp://127.0.0.1:514\"}", officer).status()).isEqualTo(403);
    }

    /** A syslog receiver over TLS (RFC 5425) on a free port: each octet-counted message it takes, and each handshake it lost. */
    static final class TlsReceiver implements AutoCloseable {
        final javax.net.ssl.SSLServerSocket socket;
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

        TlsReceiver(KeytoolIdentity id) throws Exception {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(id.keys(), KeytoolIdentity.PASSWORD.toCharArray());
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            socket = (javax.net.ssl.SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                DataInputStream in = new DataInputStream(s.getInputStream());
                                while (true) messages.add(frame(in));
                            } catch (IOException e) {
                                if (e instanceof javax.net.ssl.SSLException) refused.add(e.getMessage());
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-syslog-tls");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static JsonNode tlsFeed(String name, String target, String caPem) {
        return feed(Json.object("name", name, "kind", "SYSLOG", "organisation", "utrecht", "target", target, "caCertificate", caPem));
    }

    static String lastError(JsonNode feed) {
        JsonNode d = server.get("/api/v1/hit-feeds/" + feed.path("feed").path("id").asLong() + "/deliveries").json().path(0);
        return d.path("attempts").asInt() >= 1 ? d.path("lastError").asText() : null;
    }

    @Test
    void aHitReachesASyslogReceiverOverTlsThatTheFeedsCaVouchesForAndNoOther(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        KeytoolIdentity receiverCert = KeytoolIdentity.make(dir, "receiver", "localhost", "dns:localhost,ip:127.0.0.1");
        KeytoolIdentity otherCa = KeytoolIdentity.make(dir, "other", "Another CA", "dns:other.example");
        KeytoolIdentity elsewhere = KeytoolIdentity.make(dir, "elsewhere", "syslog.meldkamer.example", "dns:syslog.meldkamer.example");
        try (TlsReceiver good = new TlsReceiver(receiverCert); TlsReceiver wrongCa = new TlsReceiver(receiverCert);
             TlsReceiver named = new TlsReceiver(elsewhere); TlsReceiver unverified = new TlsReceiver(elsewhere)) {
            tlsFeed("meldkamer-tls", "tls://127.0.0.1:" + good.port() + "?facility=local1", receiverCert.pem());
            JsonNode refused = tlsFeed("meldkamer-wrong-ca", "tls://127.0.0.1:" + wrongCa.port(), otherCa.pem());
            JsonNode mismatch = tlsFeed("meldkamer-other-name", "tls://127.0.0.1:" + named.port(), elsewhere.pem());
            tlsFeed("meldkamer-by-address", "tls://127.0.0.1:" + unverified.port() + "?verifyHost=false", elsewhere.pem());

            TestServer.Response r = server.post("/api/v1/reads", "application/json",
                    "[{\"id\":\"%s\",\"camera\":\"UT-S-01\",\"plate\":\"SY100S\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                            .formatted(UUID.randomUUID(), Instant.now().minusSeconds(2)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);

            // RFC 5425: octet-counted RFC 5424 messages over TLS, to a receiver whose certificate chains to the feed's CA.
            HitFeedTest.await(() -> !good.messages.isEmpty(), "the hit over syslog TLS");
            assertThat(good.messages.getFirst()).startsWith("<140>1 ").contains(" openanpr - hit - CEF:0|").contains("cs1=SY100S");
            // Its certificate names another host: delivered only where the feed said verifyHost=false.
            HitFeedTest.await(() -> !unverified.messages.isEmpty(), "the hit over syslog TLS without host verification");
            HitFeedTest.await(() -> lastError(mismatch) != null, "a refused host name");
            assertThat(lastError(mismatch)).startsWith("syslog:").containsIgnoringCase("127.0.0.1");
            assertThat(named.messages).isEmpty();
            // A receiver the feed's CA does not vouch for gets nothing; the delivery waits with the reason.
            HitFeedTest.await(() -> lastError(refused) != null, "a refused certificate");
            assertThat(lastError(refused)).startsWith("syslog: SSLHandshakeException").containsIgnoringCase("certification path");
            assertThat(wrongCa.messages).isEmpty();
            // The next hit goes over the connection already open (the check for a closed peer leaves a TLS one usable).
            assertThat(server.post("/api/v1/reads", "application/json",
                    "[{\"id\":\"%s\",\"camera\":\"UT-S-01\",\"plate\":\"SY100S\",\"country\":\"NL\",\"confidence\":0.95,\"time\":\"%s\"}]"
                            .formatted(UUID.randomUUID(), Instant.now().minusSeconds(1))).status()).isEqualTo(200);
            HitFeedTest.await(() -> good.messages.size() == 2, "the second hit over syslog TLS");
            assertThat(good.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aTlsTargetWithAnUnknownOptionOrABadCertificateIsRefused() {
        String pem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
        for (String[] bad : new String[][]{
                {"tls://127.0.0.1:6514?colour=red", null, "unknown option 'colour'"},
                {"tcp://127.0.0.1:514?retries=3", null, "unknown option 'retries'"},
                {"tls://127.0.0.1:6514?verifyHost=maybe", null, "verifyHost=true or verifyHost=false"},
                {"tcp://127.0.0.1:514?verifyHost=false", null, "tls:// only"},
                {"tls://127.0.0.1:6514", pem, "caCertificate"},
                {"tls://127.0.0.1:6514", "hello", "caCertificate"},
                {"udp://127.0.0.1:514", pem, "caCertificate: only for tls://"}}) {
            TestServer.Response r = server.post("/api/v1/hit-feeds", "application/json",
                    Json.object("kind", "SYSLOG", "organisation", "utrecht", "target", bad[0], "caCertificate", bad[1]));
            assertThat(r.status()).as(bad[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.reason()).as(bad[0]).contains(bad[2]);
        }
        assertThat(server.post("/api/v1/hit-feeds", "application/json", Json.object("kind", "WEBHOOK", "organisation", "utrecht",
                "target", "https://meldkamer.example/anpr", "caCertificate", pem)).status()).isEqualTo(400);
        // Without a CA of its own, a TLS feed trusts the JVM's trust store.
        assertThat(server.post("/api/v1/hit-feeds", "application/json",
                Json.object("kind", "SYSLOG", "organisation", "utrecht", "target", "tls://siem.example:6514?facility=local0&verifyHost=true")).status())
                .isEqualTo(201);
    }

    /** JSON of name-value pairs, a null value left out. */
    static final class Json {
        static String object(String... kv) {
            com.fasterxml.jackson.databind.node.ObjectNode o = org.openanpr.http.Json.MAPPER.createObjectNode();
            for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) o.put(kv[i], kv[i + 1]);
            return o.toString();
        }
    }
}
