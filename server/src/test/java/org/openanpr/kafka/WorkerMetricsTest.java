package org.openanpr.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.passage.IngestLimits;
import org.openanpr.server.WorkerNode;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's metrics port (a real KRaft broker as a child JVM, a serve node with --kafka, a worker in this JVM): after
 * reads went through, {@code /metrics} shows the reads this worker stored, the group's throughput (reads processed)
 * and worker count, and a lag that went back to zero.
 */
class WorkerMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWorkerShowsLagThroughputAndWorkerCountOnItsMetricsPort(@TempDir Path dir) throws Exception {
        try (LocalBroker broker = LocalBroker.start(dir.resolve("kafka"), "384m")) {
            KafkaSettings settings = new KafkaSettings(broker.bootstrap(), "m" + UUID.randomUUID().toString().substring(0, 8), 2, 1_000_000);
            try (TestServer serve = TestServer.start(WorkerMetricsTest.class, settings);
                 WorkerNode worker = WorkerNode.start(serve.db().dataSource(), settings, IngestLimits.DEFAULT, Clock.systemUTC())) {
                assertThat(serve.post("/api/v1/cameras", "application/json", """
                        {"id":"MET-1","name":"metrics","lat":52.1,"lon":5.1,"organisation":"test"}""").status()).isEqualTo(201);
                int port = worker.serveMetrics("127.0.0.1", 0);
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 300; i++) {
                    if (i > 0) body.append(',');
                    body.append("""
                            {"id":"%s","camera":"MET-1","plate":"%s","country":"NL","confidence":0.9,"time":"%s"}"""
                            .formatted(UUID.randomUUID(), "MT" + (10000 + i), Instant.now().minusSeconds(30)));
                }
                TestServer.Response r = serve.post("/api/v1/reads", "application/json", body.append(']').toString());
                assertThat(r.status()).as(r.body()).isEqualTo(202);

                String metrics = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline) {
                    metrics = scrape(port);
                    if (value(metrics, "anpr_worker_reads_stored_total") == 300 && value(metrics, "anpr_kafka_consumer_lag") == 0
                            && value(metrics, "anpr_kafka_reads_processed") == 300 && value(metrics, "anpr_kafka_workers") == 1) break;
                    Thread.sleep(250);
                }
                assertThat(value(metrics, "anpr_worker_reads_stored_total")).as(metrics).isEqualTo(300);
                assertThat(value(metrics, "anpr_kafka_reads_processed")).as("throughput: its rate").isEqualTo(300);
                assertThat(value(metrics, "anpr_kafka_consumer_lag")).isZero();
                assertThat(value(metrics, "anpr_kafka_workers")).isEqualTo(1);
                assertThat(value(metrics, "anpr_kafka_reachable")).isEqualTo(1);
                HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/hits")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(other.statusCode()).as("the port serves metrics only").isEqualTo(404);
            }
        }
    }

    private String scrape(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static long value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
