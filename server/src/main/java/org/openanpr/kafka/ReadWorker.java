package org.openanpr.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openanpr.passage.Passage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A worker: a member of the workers' consumer group that takes validated reads from the reads topic and runs the read
 * pipeline's find, store and publish stages on them ({@code IngestService.process}). Stateless: what it holds is in
 * PostgreSQL and Kafka.
 *
 * <p>Offsets are committed only after the PostgreSQL commit of every read up to them, so a worker killed at any point
 * loses nothing: the group hands its uncommitted reads to the next worker, and a read that was stored already is
 * recognised by its id and is a duplicate (no second passage, no second hit). Up to {@value #IN_FLIGHT} polled batches
 * are stored at once (the pipeline's group commit writes them on separate connections); offsets are committed in poll
 * order. A batch that fails stops the worker's progress: it waits for what is in flight, goes back to the last
 * committed offsets and tries again.
 */
public final class ReadWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadWorker.class);
    static final int IN_FLIGHT = 4;

    private final KafkaSettings settings;
    private final Function<List<Passage>, Set<UUID>> pipeline;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService storers = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "worker-store");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Batch> inFlight = new ArrayDeque<>();
    private final Counter stored;
    private final Counter duplicates;
    private volatile boolean closed;
    private Thread thread;

    /** A polled batch on its way into PostgreSQL, and the offsets to commit once it is there. */
    private record Batch(Future<Set<UUID>> done, int reads, Map<TopicPartition, OffsetAndMetadata> next) {
    }

    /**
     * @param pipeline the read pipeline after validation; returns the ids that were new, once committed
     */
    public ReadWorker(KafkaSettings settings, Function<List<Passage>, Set<UUID>> pipeline, PrometheusRegistry registry) {
        this.settings = settings;
        this.pipeline = pipeline;
        Topics.ensure(settings);
        consumer = new KafkaConsumer<>(consumerConfig(settings), new StringDeserializer(), new ByteArrayDeserializer());
        stored = Counter.builder().name("anpr_worker_reads_stored_total").help("Reads this worker stored (new)").register(registry);
        duplicates = Counter.builder().name("anpr_worker_reads_duplicate_total")
                .help("Reads this worker found stored already (redelivered after a worker stopped, or resent)").register(registry);
    }

    static Properties consumerConfig(KafkaSettings settings) {
        Properties p = settings.client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.workerGroup());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.prefix() + "-worker");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return p;
    }

    /** Runs the worker on a thread of its own until {@link #close}. */
    public ReadWorker start() {
        thread = new Thread(this::run, "worker");
        thread.start();
        return this;
    }

    private void run() {
        consumer.subscribe(List.of(settings.readsTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // Another worker takes them over: hand it what is stored, not what was only polled.
                drain();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.info("worker took partitions {}", partitions);
            }
        });
        try {
            while (!closed) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) submit(records);
                commitFinished(inFlight.size() >= IN_FLIGHT);
            }
            drain();
        } catch (WakeupException e) {
            if (!closed) throw e;
            drain();
        } catch (RuntimeException e) {
            log.error("worker stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void submit(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            polled.add(r);
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        // Decoded on the storing thread, not the polling one: batches decode in parallel while the next is polled.
        inFlight.add(new Batch(storers.submit(() -> pipeline.apply(decode(polled))), polled.size(), next));
    }

    private static List<Passage> decode(List<ConsumerRecord<String, byte[]>> polled) {
        List<Passage> reads = new ArrayList<>(polled.size());
        for (ConsumerRecord<String, byte[]> r : polled) {
            try {
                reads.add(Codec.passage(r.value()));
            } catch (RuntimeException e) {
                // Written by a validating serve node, so never expected; kept out rather than blocking the partition.
                log.error("unreadable read at {}-{}@{} skipped", r.topic(), r.partition(), r.offset(), e);
            }
        }
        return reads;
    }

    /** Commits the offsets of the batches finished in poll order; with {@code wait}, waits for the oldest first. */
    private void commitFinished(boolean wait) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        while (!inFlight.isEmpty() && (inFlight.peek().done().isDone() || wait)) {
            Batch b = inFlight.peek();
            wait = false;
            try {
                Set<UUID> claimed = b.done().get();
                stored.inc(claimed.size());
                duplicates.inc(b.reads() - claimed.size());
                commit.putAll(b.next());
                inFlight.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                if (!commit.isEmpty()) consumer.commitSync(commit);
                retryFromCommitted(e.getCause());
                return;
            }
        }
        if (!commit.isEmpty()) consumer.commitSync(commit);
    }

    /** A batch failed: waits for the others, then goes back to the last committed offsets and tries again. */
    private void retryFromCommitted(Throwable cause) {
        log.warn("storing a batch failed; going back to the last committed offsets: {}", cause.toString());
        for (Batch b : inFlight) {
            try {
                b.done().get();
            } catch (Exception ignored) {
                // redelivered below either way
            }
        }
        inFlight.clear();
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) consumer.seek(tp, c);
            else consumer.seekToBeginning(List.of(tp));
        }
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for every batch in flight and commits what was stored. */
    private void drain() {
        while (!inFlight.isEmpty()) commitFinished(true);
    }

    /** Stops taking reads, stores what it polled, commits, leaves the group. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        storers.shutdown();
    }
}
