package org.openanpr.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Another organisation's syslog feed gets nothing.
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
}
