package org.openanpr.passage;

import java.time.Duration;
import java.util.List;

/**
 * Where validated reads go instead of being stored here: a durable queue that workers take them from (the Kafka
 * ingest of {@code serve --kafka}). The read pipeline's other stages (find, store, publish) then run in a worker
 * ({@link IngestService#process}).
 */
public interface ReadHandoff {
    /**
     * Hands the reads over durably; returns only once the queue holds them all.
     *
     * @throws Refused when the queue cannot take them now (unreachable, or its workers too far behind)
     */
    void handOver(List<Passage> reads);

    /** The queue cannot take reads now: the client should retry after {@code retryAfter}. Nothing is lost by it. */
    final class Refused extends RuntimeException {
        private final Duration retryAfter;

        public Refused(String reason, Duration retryAfter, Throwable cause) {
            super(reason, cause);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
