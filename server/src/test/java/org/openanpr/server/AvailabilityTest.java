package org.openanpr.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.passage.IngestLimits;
import org.openanpr.testing.ChunkedUpload;
import org.openanpr.testing.TestServer;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

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
        long heapBefore = usedHeapAfterGc();
        ChunkedUpload huge = ChunkedUpload.send(server.server().port(), "/api/v1/session", "application/json", null,
                ChunkedUpload.spaces(20 * 1024 * 1024));
        assertThat(huge.statusLine()).startsWith("HTTP/1.1 413");
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
            long heapGrowth = 0;
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
                TestServer.Response ingest = postOneRead(Duration.ofSeconds(2));
                long ingestMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(ingest.status()).as(ingest.body()).isEqualTo(200);
                assertThat(ingestMs).as("ingest answered in %d ms", ingestMs).isLessThan(1000);
                heapGrowth = Math.max(heapGrowth, usedHeapAfterGc() - heapBefore);
                rounds++;
                Thread.sleep(700);
            }
            assertThat(rounds).isGreaterThan(5);
            // 300 connections and what they sent, at their worst: less than the one 20 MB body would take held whole
            assertThat(heapGrowth).as("heap growth").isLessThan(16L * 1024 * 1024);
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    /**
     * A shared camera network's cameras post at once: 100 ingest requests in flight (their bodies still arriving) leave
     * room for one more read, where 32 filled the lane before; requests announcing the largest body are still held to
     * 32 at once, so what the lane holds stays bounded by bytes, not by the count of cameras.
     */
    @Test
    void manyCamerasPostAtOnceWhileLargeBodiesAreBoundedByBytes() throws Exception {
        long largest = IngestLimits.DEFAULT.maxBodyBytes();
        List<Socket> large = new ArrayList<>();
        try {
            for (int i = 0; i < OpenAnprServer.INGEST_FULL_BODIES + 8; i++) large.add(holdIngest(largest));
            Thread.sleep(1000);
            List<String> refused = new ArrayList<>();
            for (Socket s : large)
                if (s.getInputStream().available() > 0)
                    refused.add(new String(s.getInputStream().readNBytes(s.getInputStream().available()), StandardCharsets.UTF_8));
            assertThat(refused).hasSize(8).allSatisfy(answer -> assertThat(answer)
                    .startsWith("HTTP/1.1 503").contains("Retry-After").contains("hold as many bytes"));
        } finally {
            for (Socket s : large) s.close();
        }
        // The closed ones give their bytes back once the server notices.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (postOneRead(Duration.ofSeconds(5)).status() != 200 && System.nanoTime() < deadline) Thread.sleep(100);

        List<Socket> cameras = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) cameras.add(holdIngest(2000));
            Thread.sleep(1000);
            for (Socket s : cameras) assertThat(s.getInputStream().available()).as("a camera was answered before its body arrived").isZero();
            TestServer.Response one = postOneRead(Duration.ofSeconds(5));
            assertThat(one.status()).as(one.body()).isEqualTo(200);
        } finally {
            for (Socket s : cameras) s.close();
        }
    }

    /** An ingest request whose headers announce {@code length} bytes and whose body has only begun. */
    private static Socket holdIngest(long length) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.server().port()));
        s.getOutputStream().write(("POST /api/v1/reads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + cameraToken + "\r\nContent-Length: " + length + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static TestServer.Response postOneRead(Duration timeout) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/reads"))
                .timeout(timeout).header("Authorization", "Bearer " + cameraToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        [{"id":"%s","camera":"AV-01","plate":"52TKN9","confidence":0.9,"time":"%s"}]"""
                        .formatted(UUID.randomUUID(), Instant.now()))));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
