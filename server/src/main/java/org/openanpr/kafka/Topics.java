package org.openanpr.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the topics when they do not exist yet: replicated three times where the cluster has three brokers. */
final class Topics {
    private Topics() {
    }

    static Admin admin(KafkaSettings settings) {
        return Admin.create(adminConfig(settings));
    }

    static Properties adminConfig(KafkaSettings settings) {
        Properties p = settings.client();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KafkaSettings.BROKER_WAIT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaSettings.BROKER_WAIT.toMillis() * 2);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.prefix() + "-admin");
        return p;
    }

    /** @throws IllegalStateException when no broker answers within a minute */
    static void ensure(KafkaSettings settings) {
        try (Admin admin = admin(settings)) {
            int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, brokers);
            Map<String, String> durable = Map.of("min.insync.replicas", Integer.toString(Math.min(2, (int) replicas)));
            List<NewTopic> topics = List.of(
                    new NewTopic(settings.readsTopic(), settings.partitions(), replicas).configs(durable),
                    new NewTopic(settings.hitsTopic(), 3, replicas).configs(Map.of("retention.ms", Long.toString(24 * 3600_000L))),
                    new NewTopic(settings.findingsTopic(), 3, replicas).configs(Map.of("retention.ms", Long.toString(24 * 3600_000L))));
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrap() + " did not answer: " + e.getMessage(), e);
        }
    }
}
