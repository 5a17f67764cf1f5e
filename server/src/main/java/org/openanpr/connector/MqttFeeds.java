package org.openanpr.connector;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT connectors' subscriptions: one client per connector, QoS 1 with a persistent session (the broker keeps
 * what arrives while we are away), reconnecting by itself. A message is acknowledged to the broker only after its
 * reads were committed (Paho acknowledges when the callback returns): when they cannot be stored the callback
 * throws, the connection drops and the broker delivers the message again. Delivery is at least once; the read ids
 * make it exactly one passage.
 */
final class MqttFeeds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttFeeds.class);

    interface Receiver {
        void message(Connector c, Payload payload) throws Exception;
    }

    private final Receiver receiver;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connect");
        t.setDaemon(true);
        return t;
    });

    MqttFeeds(Receiver receiver) {
        this.receiver = receiver;
    }

    private final class Feed implements MqttCallbackExtended {
        final Connector connector;
        final MqttClient client;
        volatile String state = "connecting";

        Feed(Connector c) throws MqttException {
            this.connector = c;
            // The client id names the connector, so the broker finds its persistent session again after a restart.
            this.client = new MqttClient(c.settings().path("broker").asText(), "openanpr-" + c.id(), new MemoryPersistence());
            client.setCallback(this);
        }

        List<String> topics() {
            return Arrays.stream(connector.settings().path("topic").asText().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        }

        void connect() {
            if (client.isConnected()) return;
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setConnectionTimeout(10);
            o.setKeepAliveInterval(30);
            String user = connector.settings().path("username").asText("");
            if (!user.isEmpty()) {
                o.setUserName(user);
                o.setPassword(connector.settings().path("password").asText("").toCharArray());
            }
            try {
                client.connect(o);
            } catch (MqttException e) {
                state = "not connected: " + e.getMessage();
                connectLater(this);
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            try {
                List<String> topics = topics();
                client.subscribe(topics.toArray(String[]::new), topics.stream().mapToInt(t -> 1).toArray());
                state = "connected to " + serverURI + ", subscribed to " + String.join(", ", topics);
            } catch (MqttException e) {
                state = "connected, subscription failed: " + e.getMessage();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            state = "connection lost: " + cause.getMessage() + "; reconnecting";
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            receiver.message(connector, new Payload("application/json", message.getPayload(), topic));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        void close() {
            try {
                if (client.isConnected()) client.disconnect(2_000);
            } catch (MqttException e) {
                log.debug("disconnecting connector {}: {}", connector.id(), e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("closing connector {}: {}", connector.id(), e.getMessage());
            }
        }
    }

    private void connectLater(Feed f) {
        connector.schedule(() -> {
            if (feeds.get(f.connector.id()) == f) f.connect();
        }, 5, TimeUnit.SECONDS);
    }

    /** Subscribes for every MQTT connector that has no client yet (or whose settings changed) and stops the others. */
    synchronized void sync(List<Connector> connectors) {
        Set<String> wanted = new HashSet<>();
        for (Connector c : connectors) {
            if (!c.kind().mqtt()) continue;
            wanted.add(c.id());
            Feed existing = feeds.get(c.id());
            if (existing != null && existing.connector.equals(c)) continue;
            if (existing != null) existing.close();
            try {
                Feed f = new Feed(c);
                feeds.put(c.id(), f);
                connector.execute(f::connect);
            } catch (MqttException | IllegalArgumentException e) {
                log.warn("connector {}: cannot subscribe: {}", c.id(), e.getMessage());
            }
        }
        for (String id : Set.copyOf(feeds.keySet())) {
            if (!wanted.contains(id)) feeds.remove(id).close();
        }
    }

    /** The subscription's state in words; null when the connector has none. */
    String state(String connectorId) {
        Feed f = feeds.get(connectorId);
        return f == null ? null : f.state;
    }

    @Override
    public synchronized void close() {
        connector.shutdownNow();
        feeds.values().forEach(Feed::close);
        feeds.clear();
    }
}
