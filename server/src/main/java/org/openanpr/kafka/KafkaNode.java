package org.openanpr.kafka;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.hit.Alert;
import org.openanpr.hit.FindingAlert;
import org.openanpr.passage.ReadHandoff;

import java.util.List;
import java.util.function.Consumer;

/**
 * A serve node's part in the scale-out: its reads go to Kafka ({@link #ingest()}), its alerts too
 * ({@link #alerts()}, {@link #findings()}), and every alert on the hits and findings topics, from whatever node or
 * worker, comes to its SSE streams ({@link #feedAlerts}).
 */
public final class KafkaNode implements AutoCloseable {
    private final KafkaIngest ingest;
    private final HitTopic hits;

    private KafkaNode(KafkaIngest ingest, HitTopic hits) {
        this.ingest = ingest;
        this.hits = hits;
    }

    /** Creates the topics where missing. @throws IllegalStateException when no broker answers */
    public static KafkaNode serve(KafkaSettings settings, PrometheusRegistry registry) {
        Topics.ensure(settings);
        return new KafkaNode(new KafkaIngest(settings, registry), new HitTopic(settings));
    }

    public ReadHandoff ingest() {
        return ingest;
    }

    /** Where the alert outbox publishes: the hits topic. */
    public Consumer<List<Alert>> alerts() {
        return hits::publish;
    }

    /** Where the clone alerts' outbox publishes: the findings topic. */
    public Consumer<List<FindingAlert>> findings() {
        return hits::publishFindings;
    }

    /**
     * Starts handing every alert on the hits topic to {@code hub} and every finding on the findings topic to
     * {@code findings} (this node's AlertHub).
     */
    public void feedAlerts(Consumer<List<Alert>> hub, Consumer<List<FindingAlert>> findings) {
        hits.feed(hub, findings);
    }

    @Override
    public void close() {
        hits.close();
        ingest.close();
    }
}
