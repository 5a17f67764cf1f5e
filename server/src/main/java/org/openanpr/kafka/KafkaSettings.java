package org.openanpr.kafka;

import java.time.Duration;

/**
 * Where the scale-out's topics live and how far behind the workers may fall.
 *
 * @param bootstrap   the brokers ({@code host:port,host:port})
 * @param prefix      topic and consumer-group name prefix, so that several installations can share a cluster
 * @param partitions  partitions of the reads topic: the most workers that can share the work
 * @param maxLag      reads waiting for a worker beyond which ingest answers 429
 */
public record KafkaSettings(String bootstrap, String prefix, int partitions, long maxLag) {
    public static final int DEFAULT_PARTITIONS = 12;
    public static final long DEFAULT_MAX_LAG = 2_000_000;
    /** How long a producer or admin call may wait for a broker before ingest is refused (429). */
    static final Duration BROKER_WAIT = Duration.ofSeconds(3);

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) throw new IllegalArgumentException("--kafka: give host:port of a broker");
        if (partitions < 1 || partitions > 1000) throw new IllegalArgumentException("--kafka-partitions must be between 1 and 1000");
        if (maxLag < 1) throw new IllegalArgumentException("--kafka-max-lag must be at least 1");
        if (!prefix.matches("[A-Za-z0-9._-]{1,100}")) throw new IllegalArgumentException("--kafka-prefix: letters, digits, . _ - only");
    }

    public static KafkaSettings of(String bootstrap) {
        return new KafkaSettings(bootstrap, "anpr", DEFAULT_PARTITIONS, DEFAULT_MAX_LAG);
    }

    public KafkaSettings withMaxLag(long lag) {
        return new KafkaSettings(bootstrap, prefix, partitions, lag);
    }

    public KafkaSettings withPartitions(int n) {
        return new KafkaSettings(bootstrap, prefix, n, maxLag);
    }

    /** Validated reads, keyed by camera: a camera's reads stay in order on one partition. */
    public String readsTopic() {
        return prefix + ".reads";
    }

    /** New hits (alerts), read by every serve node for its SSE streams. */
    public String hitsTopic() {
        return prefix + ".hits";
    }

    /** The consumer group of the workers. */
    public String workerGroup() {
        return prefix + ".workers";
    }
}
