package org.openanpr.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the scale-out's topics live and how far behind the workers may fall.
 *
 * @param bootstrap   the brokers ({@code host:port,host:port})
 * @param prefix      topic and consumer-group name prefix, so that several installations can share a cluster
 * @param partitions  partitions of the reads topic: the most workers that can share the work
 * @param maxLag      reads waiting for a worker beyond which ingest answers 429
 * @param security    client settings for TLS and SASL ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}), given to
 *                    every producer, consumer and admin client (from {@code --kafka-config FILE})
 */
public record KafkaSettings(String bootstrap, String prefix, int partitions, long maxLag, Map<String, String> security) {
    public static final int DEFAULT_PARTITIONS = 12;
    public static final long DEFAULT_MAX_LAG = 2_000_000;
    /** How long a producer or admin call may wait for a broker before ingest is refused (429). */
    static final Duration BROKER_WAIT = Duration.ofSeconds(3);

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) throw new IllegalArgumentException("--kafka: give host:port of a broker");
        if (partitions < 1 || partitions > 1000) throw new IllegalArgumentException("--kafka-partitions must be between 1 and 1000");
        if (maxLag < 1) throw new IllegalArgumentException("--kafka-max-lag must be at least 1");
        if (!prefix.matches("[A-Za-z0-9._-]{1,100}")) throw new IllegalArgumentException("--kafka-prefix: letters, digits, . _ - only");
        security = Map.copyOf(security == null ? Map.of() : security);
        for (String key : security.keySet())
            if (!(key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.")))
                throw new IllegalArgumentException("--kafka-config: '" + key + "' is not a TLS or SASL setting (security.protocol, ssl.*, sasl.*);"
                        + " OpenANPR sets the others itself");
    }

    public KafkaSettings(String bootstrap, String prefix, int partitions, long maxLag) {
        this(bootstrap, prefix, partitions, maxLag, Map.of());
    }

    public static KafkaSettings of(String bootstrap) {
        return new KafkaSettings(bootstrap, "anpr", DEFAULT_PARTITIONS, DEFAULT_MAX_LAG);
    }

    public KafkaSettings withMaxLag(long lag) {
        return new KafkaSettings(bootstrap, prefix, partitions, lag, security);
    }

    public KafkaSettings withPartitions(int n) {
        return new KafkaSettings(bootstrap, prefix, n, maxLag, security);
    }

    /** These settings with the TLS/SASL client settings of a Kafka client properties file. */
    public KafkaSettings withSecurity(Path clientConfig) {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(clientConfig)) {
            file.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config: cannot read " + clientConfig + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : file.stringPropertyNames()) out.put(key, file.getProperty(key).strip());
        return new KafkaSettings(bootstrap, prefix, partitions, maxLag, out);
    }

    /** Every Kafka client's properties: the bootstrap servers and the TLS/SASL settings. */
    Properties client() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.putAll(security);
        return p;
    }

    /** Shows which security settings are in use without their secrets (passwords, JAAS configuration). */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        security.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") || k.contains("key") ? "***" : v));
        return "KafkaSettings[bootstrap=" + bootstrap + ", prefix=" + prefix + ", partitions=" + partitions + ", maxLag=" + maxLag
                + ", security=" + shown + "]";
    }

    /** Validated reads, keyed by camera: a camera's reads stay in order on one partition. */
    public String readsTopic() {
        return prefix + ".reads";
    }

    /** New hits (alerts), read by every serve node for its SSE streams. */
    public String hitsTopic() {
        return prefix + ".hits";
    }

    /**
     * Findings other than hits (clone suspects), read by every serve node for its SSE streams: a topic of their own,
     * so that a serve node of an older version, which reads the hits topic as hits only, never meets one.
     */
    public String findingsTopic() {
        return prefix + ".findings";
    }

    /** The consumer group of the workers. */
    public String workerGroup() {
        return prefix + ".workers";
    }
}
