package org.openanpr.connector;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per connector: what came in and what became of it, in {@code /metrics} (Prometheus, labelled by connector) and
 * for the API and the web page (counts since start and the last errors).
 */
final class ConnectorMetrics {
    static final int LAST_ERRORS = 20;

    private final Counter payloads;
    private final Counter reads;
    private final Counter heartbeats;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    /** What a connector did since the server started. */
    record View(long payloads, long unreadable, long accepted, long duplicates, long rejected, long held, long skipped,
                long heartbeats, Instant lastPayloadAt, List<LastError> lastErrors) {
    }

    record LastError(Instant at, String error) {
    }

    private static final class Stats {
        final AtomicLong payloads = new AtomicLong(), unreadable = new AtomicLong(), accepted = new AtomicLong(),
                duplicates = new AtomicLong(), rejected = new AtomicLong(), held = new AtomicLong(),
                skipped = new AtomicLong(), heartbeats = new AtomicLong();
        volatile Instant lastPayloadAt;
        final Deque<LastError> errors = new ArrayDeque<>();
    }

    /** @param certificateExpiries each connector with a pinned client certificate, and when that certificate expires */
    ConnectorMetrics(PrometheusRegistry registry, java.util.function.Supplier<Map<String, Instant>> certificateExpiries) {
        // For an alert well before a connector's equipment can no longer deliver.
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
                .name("anpr_connector_client_certificate_not_after_timestamp_seconds")
                .help("When each connector's pinned client certificate expires (Unix time); after it, its equipment cannot deliver")
                .labelNames("connector")
                .callback(cb -> certificateExpiries.get().forEach((connector, at) -> cb.call(at.getEpochSecond(), connector)))
                .register(registry);
        payloads = Counter.builder().name("anpr_connector_payloads_total")
                .help("Vendor messages received per connector, by outcome (read, unreadable, unauthorised)")
                .labelNames("connector", "outcome").register(registry);
        reads = Counter.builder().name("anpr_connector_reads_total")
                .help("Reads from vendor messages per connector, by fate (accepted, duplicate, rejected, held for an unmapped camera, skipped as a repeated frame or preview)")
                .labelNames("connector", "fate").register(registry);
        heartbeats = Counter.builder().name("anpr_connector_heartbeats_total")
                .help("Camera heartbeats received per connector").labelNames("connector").register(registry);
    }

    private Stats of(String connector) {
        return stats.computeIfAbsent(connector, k -> new Stats());
    }

    void payload(String connector, String outcome, Instant at) {
        payloads.labelValues(connector, outcome).inc();
        Stats s = of(connector);
        s.payloads.incrementAndGet();
        s.lastPayloadAt = at;
        if (outcome.equals("unreadable")) s.unreadable.incrementAndGet();
    }

    void unauthorised(String connector) {
        payloads.labelValues(connector, "unauthorised").inc();
    }

    void reads(String connector, String fate, long n) {
        if (n == 0) return;
        reads.labelValues(connector, fate).inc(n);
        Stats s = of(connector);
        (switch (fate) {
            case "accepted" -> s.accepted;
            case "duplicate" -> s.duplicates;
            case "rejected" -> s.rejected;
            case "held" -> s.held;
            default -> s.skipped;
        }).addAndGet(n);
    }

    void heartbeats(String connector, int n) {
        if (n == 0) return;
        heartbeats.labelValues(connector).inc(n);
        of(connector).heartbeats.addAndGet(n);
    }

    void error(String connector, Instant at, String error) {
        Deque<LastError> errors = of(connector).errors;
        synchronized (errors) {
            errors.addFirst(new LastError(at, error));
            while (errors.size() > LAST_ERRORS) errors.removeLast();
        }
    }

    View view(String connector) {
        Stats s = of(connector);
        List<LastError> errors;
        synchronized (s.errors) {
            errors = new ArrayList<>(s.errors);
        }
        return new View(s.payloads.get(), s.unreadable.get(), s.accepted.get(), s.duplicates.get(), s.rejected.get(),
                s.held.get(), s.skipped.get(), s.heartbeats.get(), s.lastPayloadAt, errors);
    }
}
