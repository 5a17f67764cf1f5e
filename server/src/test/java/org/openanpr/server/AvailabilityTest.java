package org.openanpr.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Nobody can hang the server before logging in: bodies are read with a deadline, a byte limit and a lane of their own. */
class AvailabilityTest {
    static TestServer server;
    static String cameraToken;

    @BeforeAll
    static void start() {
        server = TestServer.start(AvailabilityTest.class, c -> c.withClock(Clock.systemUTC()));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"AV-01","name":"Availability","lat":52.0,"lon":5.0,"organisation":"utrecht"}""").status()).isEqualTo(201);
        cameraToken = server.post("/api/v1/cameras/AV-01/tokens", "application/json", "").json().path("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * 300 login bodies trickling in (a byte a second, never finishing) and a 20 MB chunked login body: health and
     * ingest answer within a second throughout, and the big body is refused (413) after a few KiB, unread.
     */
    @Test
    void slowAndHugeLoginBodiesLeaveHealthAndIngestAnswering() throws Exception {
        AtomicLong sent = new AtomicLong();
        long heapBefore = usedHeapAfterGc();
        assertThat(hugeChunkedLogin(20 * 1024 * 1024, sent)).startsWith("HTTP/1.1 413");
        assertThat(sent.get()).as("the server stopped reading long before 20 MB").isLessThan(20L * 1024 * 1024);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.server().port()));
                s.getOutputStream().write(("POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            int rounds = 0;
            while (System.nanoTime() < deadline) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (IOException closedByServer) {
                        // refused (503) or timed out (408): as it should be
                    }
                }
                long start = System.nanoTime();
                TestServer.Response health = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(2)).GET());
                long healthMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(health.status()).isEqualTo(200);
                assertThat(healthMs).as("health answered in %d ms", healthMs).isLessThan(1000);
                start = System.nanoTime();
                TestServer.Response ingest = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/reads"))
                        .timeout(Duration.ofSeconds(2)).header("Authorization", "Bearer " + cameraToken)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        [{"id":"%s","camera":"AV-01","plate":"52TKN9","confidence":0.9,"time":"%s"}]"""
                                .formatted(UUID.randomUUID(), Instant.now()))));
                long ingestMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
                assertThat(ingestMs).as("ingest answered in %d ms", ingestMs).isLessThan(1000);
                rounds++;
                Thread.sleep(700);
            }
            assertThat(rounds).isGreaterThan(5);
            // 300 connections and whatever they sent: far less than one body held whole would take
            assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(16L * 1024 * 1024);
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sends a chunked login body of {@code total} bytes while reading the answer; returns its status line. */
    private static String hugeChunkedLogin(int total, AtomicLong sent) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server().port()));
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> statusLine(s));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent.get() < total && !answer.isDone()) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(chunk.length);
                }
                if (!answer.isDone()) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedByServer) {
                // the server answered and closed the connection: the rest of the body was never read
            }
            return answer.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String statusLine(Socket s) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return line.toString().trim();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
