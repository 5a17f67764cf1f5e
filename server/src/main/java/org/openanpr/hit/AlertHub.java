package org.openanpr.hit;

import io.javalin.http.sse.SseClient;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pushes alerts to every listening officer over Server-Sent Events, each only the hits its organisation may see.
 * Publishing hands the work to one dispatcher thread, so a slow or vanished listener never holds up ingest.
 */
public final class AlertHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertHub.class);
    private final CameraRegistry cameras;
    private final Map<SseClient, AlertFilter> listeners = new ConcurrentHashMap<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-dispatch");
        t.setDaemon(true);
        return t;
    });

    public AlertHub(CameraRegistry cameras) {
        this.cameras = cameras;
    }

    public void listen(SseClient client, AlertFilter filter) {
        listeners.put(client, filter);
        client.onClose(() -> listeners.remove(client));
        client.sendComment("listening for hits");
        client.keepAlive();
    }

    public int listeners() {
        return listeners.size();
    }

    public void publish(List<Alert> alerts) {
        if (alerts.isEmpty() || listeners.isEmpty()) return;
        dispatcher.execute(() -> {
            // What each organisation's listeners may see, worked out once per batch: sharing may have changed.
            Map<String, Visibility> visible = new HashMap<>();
            for (Alert alert : alerts) {
                String organisation = cameras.find(alert.hit().camera()).map(Camera::organisation).orElse(null);
                String json;
                try {
                    json = Json.MAPPER.writeValueAsString(alert);
                } catch (Exception e) {
                    log.error("could not serialise alert {}", alert.hit().id(), e);
                    continue;
                }
                listeners.forEach((client, filter) -> {
                    if (!filter.accepts(alert.hit(), organisation)) return;
                    Visibility v;
                    try {
                        v = filter.organisation() == null ? filter.visibility().get()
                                : visible.computeIfAbsent(filter.organisation(), o -> filter.visibility().get());
                    } catch (RuntimeException e) {
                        log.warn("could not work out what a listener may see; alert {} withheld from it", alert.hit().id(), e);
                        return;
                    }
                    if (!AlertFilter.sees(v, alert.hit(), organisation)) return;
                    if (client.terminated()) {
                        listeners.remove(client);
                        return;
                    }
                    client.sendEvent("hit", json, alert.hit().id().toString());
                });
            }
        });
    }

    /** Keeps idle connections open through proxies and notices listeners that went away. */
    public void heartbeat() {
        dispatcher.execute(() -> listeners.keySet().forEach(c -> {
            if (c.terminated()) listeners.remove(c);
            else c.sendComment("heartbeat");
        }));
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
        listeners.keySet().forEach(SseClient::close);
    }
}
