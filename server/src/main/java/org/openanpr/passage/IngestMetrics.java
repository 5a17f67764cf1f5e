package org.openanpr.passage;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What operators watch on ingest: reads in, refused (by first word of the reason), duplicates, latency, group size. */
final class IngestMetrics {
    private final Counter received;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Histogram latency;
    private final Histogram commitReads;

    IngestMetrics(PrometheusRegistry registry) {
        received = Counter.builder().name("anpr_reads_received_total").help("Reads received over the ingest API").register(registry);
        accepted = Counter.builder().name("anpr_reads_accepted_total").help("Reads answered accepted: committed as passages, or without a hit at a hits-only camera (counted, not written)").register(registry);
        duplicates = Counter.builder().name("anpr_reads_duplicate_total").help("Reads already stored (resends)").register(registry);
        rejected = Counter.builder().name("anpr_reads_rejected_total").help("Reads refused, by field")
                .labelNames("field").register(registry);
        latency = Histogram.builder().name("anpr_ingest_latency_seconds")
                .help("Time from request to durable acknowledgement of a batch")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5).register(registry);
        commitReads = Histogram.builder().name("anpr_ingest_commit_reads")
                .help("Reads written per commit: how many requests' reads share one transaction (group commit)")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 512, 2048, 10_000).register(registry);
    }

    void committed(int reads) {
        commitReads.observe(reads);
    }

    void record(IngestResult result, long nanos) {
        received.inc(result.items().size());
        accepted.inc(result.accepted());
        duplicates.inc(result.duplicates());
        for (IngestResult.ItemResult item : result.items()) {
            if (item.status() == IngestResult.Status.rejected) {
                String reason = item.reason();
                int colon = reason.indexOf(':');
                rejected.labelValues(colon > 0 && colon < 20 ? reason.substring(0, colon).replaceFirst("^line \\d+$", "json") : "other").inc();
            }
        }
        latency.observe(nanos / 1e9);
    }
}
