package org.openanpr.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openanpr.passage.Passage;
import org.openanpr.passage.ReadHandoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
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
    private final Admin admin;
    private final ScheduledExecutorService monitor;
    private final Counter published;
    private volatile boolean reachable = true;
    private volatile long lag;
    private volatile long processed;
    private volatile int workers;

    KafkaIngest(KafkaSettings settings, PrometheusRegistry registry) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(producerConfig(settings, "ingest"), new StringSerializer(), new ByteArraySerializer());
        this.admin = Topics.admin(settings);
        published = Counter.builder().name("anpr_kafka_reads_published_total")
                .help("Reads this node handed to the Kafka reads topic (acknowledged by all in-sync replicas)").register(registry);
        GaugeWithCallback.builder().name("anpr_kafka_consumer_lag")
                .help("Reads on the reads topic not yet committed by the workers (all partitions)")
                .callback(cb -> cb.call(lag)).register(registry);
        GaugeWithCallback.builder().name("anpr_kafka_workers")
                .help("Workers in the consumer group now").callback(cb -> cb.call(workers)).register(registry);
        GaugeWithCallback.builder().name("anpr_kafka_reads_processed")
                .help("Reads the workers have stored and committed (sum of the group's committed offsets; its rate is the workers' throughput)")
                .callback(cb -> cb.call(processed)).register(registry);
        GaugeWithCallback.builder().name("anpr_kafka_reachable")
                .help("1 when the Kafka cluster answered the last check").callback(cb -> cb.call(reachable ? 1 : 0)).register(registry);
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::check, 0, 1, TimeUnit.SECONDS);
    }

    static Properties producerConfig(KafkaSettings settings, String role) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
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
        if (!reachable)
            throw new Refused("Kafka is unreachable: reads cannot be queued now", RETRY_UNREACHABLE, null);
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
            reachable = false;
            log.warn("Kafka did not take {} reads: {}", reads.size(), e.toString());
            throw new Refused("Kafka did not acknowledge the reads", RETRY_UNREACHABLE, e);
        }
        published.inc(reads.size());
    }

    /** The monitor: is the cluster there, how far behind are the workers, how many are there. */
    private void check() {
        try {
            admin.describeCluster().nodes().get(KafkaSettings.BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.workerGroup())
                    .partitionsToOffsetAndMetadata().get(KafkaSettings.BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < settings.partitions(); i++) latest.put(new TopicPartition(settings.readsTopic(), i), OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(KafkaSettings.BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long behind = 0;
            long done = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long at = c == null ? 0 : c.offset();
                done += at;
                behind += Math.max(0, e.getValue().offset() - at);
            }
            lag = behind;
            processed = done;
            workers = members();
            if (!reachable) log.info("Kafka reachable again; ingest resumes");
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reachable) log.warn("Kafka unreachable, ingest answers 429 until it is back: {}", e.toString());
            reachable = false;
        }
    }

    /** Workers in the group now; none when the group does not exist yet (no worker ever started). */
    private int members() throws InterruptedException, TimeoutException, ExecutionException {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(settings.workerGroup()))
                    .describedGroups().get(settings.workerGroup()).get(KafkaSettings.BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) return 0;
            throw e;
        }
    }

    public long lag() {
        return lag;
    }

    public int workers() {
        return workers;
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }
}
