package org.openanpr.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka side of hit-list federation, as a transport only (what a record means is the federation package's): a
 * topic per publishing organisation ({@code <prefix>.federation.<organisation>}, so that Kafka ACLs can give a region
 * read access to exactly the organisations it subscribes to), keyed by list so that one list's records stay in order
 * on one partition. Records are kept by time, not compacted: compaction keeps one record per key, and a subscriber
 * that was offline needs every delta since the version it runs.
 */
public final class FederationTopic implements AutoCloseable {
    /** How long versions stay on the topic: a subscriber offline longer catches up from the publisher's HTTP feed. */
    public static final Duration RETENTION = Duration.ofDays(30);
    /** A record's size limit on the topic; the federation package keeps records well below it. */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public FederationTopic(KafkaSettings settings) {
        this.settings = settings;
        Properties p = KafkaIngest.producerConfig(settings, "federation");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public String bootstrap() {
        return settings.bootstrap();
    }

    /** The topic of an organisation's published lists (characters a topic name cannot hold become '_'). */
    public String topicOf(String organisation) {
        return settings.prefix() + ".federation." + organisation.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Creates the topic when missing: one partition (federation traffic is small), kept {@link #RETENTION}. */
    void ensure(String topic) {
        if (ensured.contains(topic)) return;
        try (Admin admin = Topics.admin(settings)) {
            int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            NewTopic t = new NewTopic(topic, 1, replicas).configs(Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(RETENTION.toMillis()),
                    "max.message.bytes", Integer.toString(MAX_RECORD_BYTES),
                    "min.insync.replicas", Integer.toString(Math.min(2, (int) replicas))));
            try {
                admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            ensured.add(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrap() + " did not create " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends records in order and returns when every one is acknowledged by the in-sync replicas.
     *
     * @throws IllegalStateException when Kafka did not take them all (the caller sends them again later)
     */
    public void send(String topic, String key, List<Outgoing> records) {
        ensure(topic);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Outgoing r : records) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, r.value());
            r.headers().forEach((k, v) -> record.headers().add(k, v));
            sent.add(producer.send(record));
        }
        try {
            for (var f : sent) f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("Kafka did not take the records for " + topic + ": " + e.getMessage(), e);
        }
    }

    /** A record to send: its value and headers. */
    public record Outgoing(byte[] value, Map<String, byte[]> headers) {
    }

    /** A record read: its offset on the key's partition, key, value and headers. */
    public record Incoming(long offset, String key, byte[] value, Map<String, byte[]> headers) {
        public String header(String name) {
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }
    }

    /** Reads the partition that holds {@code key} of a topic, from a position the caller keeps. Not thread-safe. */
    public Reader reader(String topic, String key) {
        return new Reader(topic, key);
    }

    public final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final TopicPartition partition;

        private Reader(String topic, String key) {
            Properties p = settings.client();
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.prefix() + "-federation");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
            // A position past the retention reads from the oldest record left; the versions tell what is missing.
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) throw new IllegalStateException("no topic " + topic + " on " + settings.bootstrap());
                // The producer's default partitioner: the same key lands on the same partition, whatever the count.
                int n = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
                partition = new TopicPartition(topic, n);
                consumer.assign(List.of(partition));
            } catch (RuntimeException e) {
                consumer.close(Duration.ofSeconds(1));
                throw e;
            }
        }

        /** The first offset still on the topic (older records are past their retention). */
        public long start() {
            return consumer.beginningOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }

        /** The offset the next record will get. */
        public long end() {
            return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }

        /** Records from {@code from} on (at most a poll's worth; empty when there are none within {@code wait}). */
        public List<Incoming> read(long from, Duration wait) {
            consumer.seek(partition, Math.max(from, 0));
            List<Incoming> out = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
                Map<String, byte[]> headers = new HashMap<>();
                for (Header h : r.headers()) headers.put(h.key(), h.value());
                out.add(new Incoming(r.offset(), r.key(), r.value(), headers));
            }
            return out;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
