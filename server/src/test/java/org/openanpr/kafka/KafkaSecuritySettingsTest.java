package org.openanpr.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --kafka-config FILE}: the TLS and SASL settings of a Kafka client properties file reach every client serve
 * and worker make (the ingest and hits producers, the workers' and the alert feed's consumers, the admin client), as
 * Kafka's own configuration classes read them; nothing else may be set that way, and secrets are not shown.
 */
class KafkaSecuritySettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"anpr\" password=\"s3cret-pw\";";

    @Test
    void tlsAndSaslSettingsReachEveryClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # the cluster's TLS listener with SCRAM accounts
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=%s
                ssl.truststore.location=/etc/openanpr/kafka-truststore.p12
                ssl.truststore.type=PKCS12
                ssl.truststore.password=truststore-pw
                """.formatted(JAAS.replace("\\", "\\\\")));
        KafkaSettings settings = KafkaSettings.of("kafka-1.example.nl:9093").withSecurity(file).withMaxLag(5).withPartitions(24);

        Properties producer = KafkaIngest.producerConfig(settings, "ingest");
        Properties workers = ReadWorker.consumerConfig(settings);
        Properties alerts = HitTopic.consumerConfig(settings);
        Properties admin = Topics.adminConfig(settings);
        for (var parsed : List.of(new ProducerConfig(serde(producer, "serializer")), new ConsumerConfig(serde(workers, "deserializer")),
                new ConsumerConfig(serde(alerts, "deserializer")), new AdminClientConfig(admin))) {
            assertThat(parsed.getString("security.protocol")).isEqualTo("SASL_SSL");
            assertThat(parsed.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
            assertThat(parsed.getPassword("sasl.jaas.config").value()).isEqualTo(JAAS);
            assertThat(parsed.getString("ssl.truststore.location")).isEqualTo("/etc/openanpr/kafka-truststore.p12");
            assertThat(parsed.getString("ssl.truststore.type")).isEqualTo("PKCS12");
            assertThat(parsed.getPassword("ssl.truststore.password").value()).isEqualTo("truststore-pw");
            assertThat(parsed.getList("bootstrap.servers")).containsExactly("kafka-1.example.nl:9093");
        }
        // What OpenANPR sets itself stays as it is.
        assertThat(new ProducerConfig(serde(producer, "serializer")).getString("acks")).isEqualTo("-1");
        assertThat(new ProducerConfig(serde(producer, "serializer")).getBoolean("enable.idempotence")).isTrue();
        assertThat(new ConsumerConfig(serde(workers, "deserializer")).getBoolean("enable.auto.commit")).isFalse();
        assertThat(settings.toString()).doesNotContain("s3cret-pw").doesNotContain("truststore-pw").contains("SASL_SSL");
    }

    /** The client's configuration with the (de)serializers the clients are given in code. */
    private static Properties serde(Properties p, String kind) {
        Properties with = new Properties();
        with.putAll(p);
        String type = kind.equals("serializer") ? "Serializer" : "Deserializer";
        with.put("key." + kind, "org.apache.kafka.common.serialization.String" + type);
        with.put("value." + kind, "org.apache.kafka.common.serialization.ByteArray" + type);
        return with;
    }

    @Test
    void onlyTlsAndSaslSettingsAreTakenFromTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nacks=0\n");
        assertThatThrownBy(() -> KafkaSettings.of("k:9093").withSecurity(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acks' is not a TLS or SASL setting");
        assertThatThrownBy(() -> KafkaSettings.of("k:9093").withSecurity(dir.resolve("missing.properties")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
        assertThat(KafkaSettings.of("k:9092").security()).isEmpty();
        assertThat(KafkaIngest.producerConfig(KafkaSettings.of("k:9092"), "x")).doesNotContainKey("security.protocol");
        assertThat(Map.copyOf(KafkaSettings.of("k:9092").client())).containsOnlyKeys("bootstrap.servers");
    }
}
