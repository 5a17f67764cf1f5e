package org.openanpr.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openanpr.hit.Alert;
import org.openanpr.hit.FindingAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * New hits on a topic, so that an alert reaches the SSE streams of every serve node whichever node or worker stored
 * it. The alert outbox hands its alerts to {@link #publish} (waiting for Kafka's acknowledgement, so a failure leaves
 * them in the outbox to be published again); every serve node reads the whole topic from its end and hands what comes
 * to its own {@code AlertHub}, which checks each listener's visibility as for a local alert. Other findings (clone
 * suspects) go the same way over the findings topic ({@link #publishFindings}), read by the same consumer.
 */
public final class HitTopic implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HitTopic.class);
    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean closed;

    public HitTopic(KafkaSettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(KafkaIngest.producerConfig(settings, "hits"), new StringSerializer(), new ByteArraySerializer());
    }

    /** @throws IllegalStateException when Kafka did not acknowledge them all (the outbox keeps them) */
    public void publish(List<Alert> alerts) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(alerts.size());
        for (Alert a : alerts) sent.add(producer.send(new ProducerRecord<>(settings.hitsTopic(), a.hit().camera(), Codec.alert(a))));
        acknowledged(sent, alerts.size() + " alerts");
    }

    /** @throws IllegalStateException when Kafka did not acknowledge them all (their outbox keeps them) */
    public void publishFindings(List<FindingAlert> found) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(found.size());
        for (FindingAlert f : found)
            sent.add(producer.send(new ProducerRecord<>(settings.findingsTopic(), f.organisation(), Codec.finding(f))));
        acknowledged(sent, found.size() + " findings");
    }

    private static void acknowledged(List<Future<RecordMetadata>> sent, String what) {
        try {
            for (Future<RecordMetadata> f : sent) f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("Kafka did not take " + what + "; they stay in the outbox", e);
        }
    }

    static Properties consumerConfig(KafkaSettings settings) {
        Properties p = settings.client();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.prefix() + "-alerts");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /** Starts reading the hits and findings topics from their end into {@code hub}, on a thread of its own. */
    void feed(Consumer<List<Alert>> hub, Consumer<List<FindingAlert>> findings) {
        consumer = new KafkaConsumer<>(consumerConfig(settings), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(settings.hitsTopic(), settings.findingsTopic()))
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60)))
                partitions.add(new TopicPartition(info.topic(), info.partition()));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        for (TopicPartition tp : partitions) consumer.position(tp, Duration.ofSeconds(60)); // fixed now: nothing after start is missed
        reader = new Thread(() -> {
            try {
                while (!closed) {
                    List<Alert> batch = new ArrayList<>();
                    List<FindingAlert> found = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        try {
                            if (r.topic().equals(settings.findingsTopic())) found.add(Codec.finding(r.value()));
                            else batch.add(Codec.alert(r.value()));
                        } catch (RuntimeException e) {
                            log.warn("unreadable alert at {}-{}@{} skipped", r.topic(), r.partition(), r.offset(), e);
                        }
                    }
                    if (!batch.isEmpty()) hub.accept(batch);
                    if (!found.isEmpty()) findings.accept(found);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "kafka-alerts");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        closed = true;
        if (consumer != null) {
            consumer.wakeup();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
