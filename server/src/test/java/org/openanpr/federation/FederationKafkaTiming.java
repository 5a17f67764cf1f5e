package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openanpr.kafka.KafkaSettings;
import org.openanpr.kafka.LocalBroker;
import org.openanpr.testing.TestServer;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.federation.FederationTest.count;
import static org.openanpr.federation.FederationTest.created;

/**
 * Times a large FULL version over Kafka: a list of {@code -Dentries} entries (default 200,000) published by one node
 * and taken by another over the topic, from the publication to the subscriber running it. A measurement, not a test
 * (surefire runs it only when named):
 * <pre>
 * mvn -B -q -o -pl server -am test -Dtest=FederationKafkaTiming -Dentries=200000 -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The figures are printed on standard output (server/target/surefire-reports/...FederationKafkaTiming-output.txt).
 */
class FederationKafkaTiming {
    /** Bytes of the topic's log segments (the index files are preallocated, so a directory's size says little). */
    private static long logBytes(Path logs, String topic) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(logs)) {
            return files.filter(f -> f.getParent().getFileName().toString().startsWith(topic + "-") && f.toString().endsWith(".log"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aLargeFullVersionOverKafka(@TempDir Path dir) throws Exception {
        int entries = Integer.getInteger("entries", 200_000);
        try (LocalBroker broker = LocalBroker.start(dir.resolve("kafka"), "512m")) {
            KafkaSettings settings = new KafkaSettings(broker.bootstrap(), "ft" + UUID.randomUUID().toString().substring(0, 8), 1, 1_000_000);
            TestServer national = TestServer.start(FederationKafkaTiming.class, c -> c);
            TestServer regional = TestServer.start(FederationKafkaTiming.class, c -> c);
            try {
                national.server().useFederationKafka(settings);
                regional.server().useFederationKafka(settings);
                long list = created(national.post("/api/v1/lists", "application/json", """
                        {"name":"Groot","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                         "organisation":"nationaal","source":"LDS"}""")).path("id").asLong();
                StringBuilder csv = new StringBuilder("plate,country,reason\n");
                for (int i = 0; i < entries; i++) csv.append(String.format("K%07dX", i)).append(",NL,gestolen\n");
                assertThat(national.post("/api/v1/lists/" + list + "/entries?mode=replace", "text/csv", csv.toString()).status()).isBetween(200, 201);
                String token = created(national.post("/api/v1/federation/peers", "application/json",
                        "{\"name\":\"regio\",\"organisation\":\"nationaal\"}")).path("token").asText();

                long t0 = System.nanoTime();
                assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
                long published = System.nanoTime();
                long deadline = published + 600_000_000_000L;
                while (count(national.db(), "select count(*) from federation_version where list_id = " + list + " and kafka_sent_at is null") > 0
                        && System.nanoTime() < deadline) Thread.sleep(100);
                long onKafka = System.nanoTime();
                long topicBytes = logBytes(dir.resolve("kafka").resolve("logs"), settings.prefix() + ".federation.nationaal");
                JsonNode sub = created(regional.post("/api/v1/federation/subscriptions", "application/json", """
                        {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"regio","transport":"kafka"}"""
                        .formatted(national.baseUrl(), token, list)));
                long applied = System.nanoTime();
                assertThat(sub.path("version").asInt()).as(sub.toString()).isEqualTo(1);
                assertThat(count(regional.db(), "select count(*) from list_entry where list_id = " + sub.path("localListId").asLong()))
                        .isEqualTo(entries);
                assertThat(count(regional.db(), "select count(*) from audit_log where action = 'LIST_IMPORT' and details->>'transport' = 'kafka'"))
                        .isEqualTo(1);
                long h0 = System.nanoTime();
                JsonNode overHttp = created(regional.post("/api/v1/federation/subscriptions", "application/json", """
                        {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"regio-http","transport":"http"}"""
                        .formatted(national.baseUrl(), token, list)));
                long h1 = System.nanoTime();
                assertThat(overHttp.path("version").asInt()).isEqualTo(1);
                System.out.printf("federation over http: %d entries subscribed and applied from the feed in %.1f s%n", entries, (h1 - h0) / 1e9);
                System.out.printf("federation over kafka: %d entries; publish (version made) %.1f s; on Kafka after %.1f s (%d records,"
                                + " %.1f MB on the broker); subscribed and applied from the topic in %.1f s%n",
                        entries, (published - t0) / 1e9, (onKafka - t0) / 1e9, (entries + KafkaPublisher.ENTRIES_PER_RECORD - 1)
                                / KafkaPublisher.ENTRIES_PER_RECORD, topicBytes / 1e6, (applied - onKafka) / 1e9);
                System.out.printf("json of the version over http: %.1f MB%n", count(national.db(), "select octet_length(added::text) from federation_version where list_id = " + list) / 1e6);
            } finally {
                regional.close();
                national.close();
            }
        }
    }
}
