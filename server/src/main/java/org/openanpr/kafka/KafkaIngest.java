package org.openanpr.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openanpr.passage.Passage;
import org.openanpr.passage.ReadHandoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ingest side of {@code serve --kafka}: validated reads go to the reads topic, keyed by camera, with
 * {@code acks=all} and an idempotent producer; the request is answered only when every read is acknowledged.
 *
 * <p>Back-pressure: a monitor asks the cluster every second whether it answers and how many reads wait for the
 * workers (the group's lag). While no broker answers, or the lag is above {@link KafkaSettings#maxLag()}, ingest is
 * refused at once with 429 and {@code Retry-After} instead of holding the camera's connection; a send that fails
 * or times out refuses too, and marks the cluster unreachable until the monitor sees it again.
 */
public final class KafkaIngest implements ReadHandoff, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaIngest.class);
    private static final Duration RETRY_UNREACHABLE = Duration.ofSeconds(5);
    private static final Duration RETRY_BEHIND = Duration.ofSeconds(1);

    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final GroupMonitor monitor;
    private final Counter published;

    KafkaIngest(KafkaSettings settings, PrometheusRegistry registry) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(producerConfig(settings, "ingest"), new StringSerializer(), new ByteArraySerializer());
        published = Counter.builder().name("anpr_kafka_reads_published_total")
                .help("Reads this node handed to the Kafka reads topic (acknowledged by all in-sync replicas)").register(registry);
        monitor = new GroupMonitor(settings, registry);
    }

    static Properties producerConfig(KafkaSettings settings, String role) {
        Properties p = settings.client();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.prefix() + "-" + role);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int wait = (int) KafkaSettings.BROKER_WAIT.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, wait);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, wait);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, wait + 5 + 1000);
        return p;
    }

    @Override
    public void handOver(List<Passage> reads) {
        if (!monitor.reachable())
            throw new Refused("Kafka is unreachable: reads cannot be queued now", RETRY_UNREACHABLE, null);
        long lag = monitor.lag();
        if (lag > settings.maxLag())
            throw new Refused("the workers are " + lag + " reads behind (limit " + settings.maxLag() + ")", RETRY_BEHIND, null);
        List<Future<RecordMetadata>> sent = new ArrayList<>(reads.size());
        long deadline = System.nanoTime() + KafkaSettings.BROKER_WAIT.toNanos() + Duration.ofSeconds(2).toNanos();
        try {
            for (Passage p : reads)
                sent.add(producer.send(new ProducerRecord<>(settings.readsTopic(), p.cameraId(), Codec.passage(p))));
            for (Future<RecordMetadata> f : sent) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while queueing the reads", RETRY_UNREACHABLE, e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            monitor.unreachable();
            log.warn("Kafka did not take {} reads: {}", reads.size(), e.toString());
            throw new Refused("Kafka did not acknowledge the reads", RETRY_UNREACHABLE, e);
        }
        published.inc(reads.size());
    }

    public long lag() {
        return monitor.lag();
    }

    public int workers() {
        return monitor.workers();
    }

    public boolean reachable() {
        return monitor.reachable();
    }

    @Override
    public void close() {
        monitor.close();
        producer.close(Duration.ofSeconds(5));
    }
}
