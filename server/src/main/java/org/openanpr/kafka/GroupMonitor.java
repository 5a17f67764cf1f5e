package org.openanpr.kafka;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster every second whether it answers, how many reads wait for the workers (the group's lag), how many
 * they have committed (its rate is their throughput) and how many workers there are; exported as
 * {@code anpr_kafka_consumer_lag}, {@code anpr_kafka_reads_processed}, {@code anpr_kafka_workers} and
 * {@code anpr_kafka_reachable}. Serve nodes refuse ingest on it (back-pressure); workers show it on their metrics port.
 */
public final class GroupMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupMonitor.class);

    private final KafkaSettings settings;
    private final Admin admin;
    private final ScheduledExecutorService monitor;
    private volatile boolean reachable = true;
    private volatile long lag;
    private volatile long processed;
    private volatile int workers;

    public GroupMonitor(KafkaSettings settings, PrometheusRegistry registry) {
        this.settings = settings;
        this.admin = Topics.admin(settings);
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
            if (!reachable) log.info("Kafka reachable again");
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (reachable) log.warn("Kafka unreachable: {}", e.toString());
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

    /** A send failed: unreachable until the next check sees the cluster again. */
    void unreachable() {
        reachable = false;
    }

    public long lag() {
        return lag;
    }

    public int workers() {
        return workers;
    }

    public long processed() {
        return processed;
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
