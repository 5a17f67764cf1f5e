package org.openanpr.cli;

import org.openanpr.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/** --kafka and its settings, shared by serve and worker. */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka brokers (host:port,...): reads go through "
            + "Kafka to `anpr worker` processes, alerts through Kafka to every serve node. Default: none, one process does all.")
    String bootstrap;

    @Option(names = "--kafka-prefix", defaultValue = "anpr", description = "Prefix of the topics and the workers' consumer group "
            + "(default: ${DEFAULT-VALUE}: topics anpr.reads and anpr.hits, group anpr.workers).")
    String prefix;

    @Option(names = "--kafka-partitions", defaultValue = "" + KafkaSettings.DEFAULT_PARTITIONS, description = "Partitions of the "
            + "reads topic when it is created: the most workers that can share the work (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--kafka-max-lag", defaultValue = "" + KafkaSettings.DEFAULT_MAX_LAG, description = "Reads waiting for the "
            + "workers beyond which ingest answers 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    long maxLag;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file with the TLS and SASL "
            + "settings (security.protocol, ssl.*, sasl.*), given to every producer, consumer and admin client. Default: plaintext.")
    java.nio.file.Path config;

    /**
     * The cluster of hit-list federation over Kafka: {@code federationBootstrap}, else the --kafka cluster, with the
     * same prefix and TLS/SASL settings; null when neither was given.
     */
    KafkaSettings federation(String federationBootstrap) {
        String b = federationBootstrap != null ? federationBootstrap : bootstrap;
        if (b == null) return null;
        KafkaSettings settings = new KafkaSettings(b, prefix, partitions, maxLag);
        return config == null ? settings : settings.withSecurity(config);
    }

    /** Null when --kafka was not given. */
    KafkaSettings settings() {
        if (bootstrap == null) return null;
        KafkaSettings settings = new KafkaSettings(bootstrap, prefix, partitions, maxLag);
        return config == null ? settings : settings.withSecurity(config);
    }
}
