package org.openanpr.hit;

import io.javalin.http.sse.SseClient;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes alerts to every listening officer over Server-Sent Events, each only the hits its organisation may see
 * ({@code event: hit}) and the other findings that are its organisation's ({@link FindingAlert}: {@code event: clone}).
 *
 * <p>One dispatcher thread decides who gets what and never writes to a network connection: it puts each event in
 * the listener's own bounded queue, and each stream's own thread (Javalin's for the stream) writes its queue out. A listener that
 * falls {@value #QUEUE_BYTES} bytes behind (a laptop that stopped reading) is dropped, its connection closed; its
 * EventSource reconnects. So one stalled officer delays nobody else's alerts. The bound is in bytes, not events: a
 * busy group commit hands over hundreds of small alerts at once, which a listener reading along takes in its stride.
 *
 * <p>Before a batch is sent to a listener, and at every heartbeat, its caller is checked again against the database
 * ({@link Caller}): a stream whose session or token ended, expired or was revoked, whose user was disabled or lost
 * the permission, is closed instead of being sent anything more.
 */
public final class AlertHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertHub.class);
    /**
     * Bytes of events a listener may fall behind before it is dropped: thousands of alerts without a plate crop (about
     * 1 KB each), a few dozen with one (up to ~700 KB).
     */
    static final long QUEUE_BYTES = 16L * 1024 * 1024;

    /**
     * The caller of a stream, checked again: what it may see now, or empty when it may no longer listen (session or
     * token ended, expired or revoked, user disabled, hit-view permission gone). Reads the database, not a cache.
     */
    public interface Caller {
        Optional<Visibility> recheck();
    }

    /**
     * What a reconnecting stream missed (its {@code Last-Event-ID} and after), read for what its caller may see now.
     * Read after the listener is registered, so an alert committed meanwhile is in the replay, the live feed or both;
     * the stream sends it once.
     */
    public interface Replay {
        Missed missed(Visibility v);
    }

    /** The hits and the other findings a stream missed, each oldest first. */
    public record Missed(List<Alert> hits, List<FindingAlert> findings) {
    }

    private final CameraRegistry cameras;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-dispatch");
        t.setDaemon(true);
        return t;
    });

    public AlertHub(CameraRegistry cameras) {
        this.cameras = cameras;
    }

    /**
     * Serves one stream on the calling (request) thread until it ends: the client went away, it was dropped for
     * falling behind, its caller may no longer listen, or the hub closed.
     */
    public void listen(SseClient client, AlertFilter filter, Caller caller) {
        listen(client, filter, caller, null);
    }

    /** As {@link #listen(SseClient, AlertFilter, Caller)}, first sending what {@code replay} finds (when not null). */
    public void listen(SseClient client, AlertFilter filter, Caller caller, Replay replay) {
        Listener listener = new Listener(client, filter, caller);
        listeners.add(listener);
        try {
            client.sendComment("listening for alerts");
            if (replay != null) listener.replay(replay);
            listener.run();
        } finally {
            listeners.remove(listener);
        }
    }

    public int listeners() {
        return listeners.size();
    }

    public void publish(List<Alert> alerts) {
        if (alerts.isEmpty() || listeners.isEmpty()) return;
        dispatcher.execute(() -> {
            // Checked once per batch, and only for the listeners that would receive something from it.
            Map<Listener, Optional<Visibility>> rechecked = new HashMap<>();
            for (Alert alert : alerts) {
                String organisation = cameras.find(alert.hit().camera()).map(Camera::organisation).orElse(null);
                String json = json(alert);
                if (json == null) continue;
                for (Listener listener : listeners) {
                    if (!listener.filter.accepts(alert.hit(), organisation)) continue;
                    Optional<Visibility> v = rechecked.computeIfAbsent(listener, Listener::recheck);
                    if (v.isEmpty() || !HitVisibility.sees(v.get(), alert.hit(), organisation)) continue;
                    listener.offer(new Outgoing("hit", json, alert.hit().id().toString()));
                }
            }
        });
    }

    /**
     * Findings other than hits: each goes to the listeners of its organisation whose filter takes it, with the same
     * check of the caller per batch as for hits.
     */
    public void publishFindings(List<FindingAlert> found) {
        if (found.isEmpty() || listeners.isEmpty()) return;
        dispatcher.execute(() -> {
            Map<Listener, Optional<Visibility>> rechecked = new HashMap<>();
            for (FindingAlert finding : found) {
                String json = json(finding.body(), finding.id());
                if (json == null) continue;
                for (Listener listener : listeners) {
                    if (!listener.filter.accepts(finding)) continue;
                    Optional<Visibility> v = rechecked.computeIfAbsent(listener, Listener::recheck);
                    if (v.isEmpty() || !finding.seenBy(v.get())) continue;
                    listener.offer(new Outgoing(finding.kind(), json, finding.id()));
                }
            }
        });
    }

    private static String json(Alert alert) {
        return json(alert, alert.hit().id().toString());
    }

    private static String json(Object event, String id) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (Exception e) {
            log.error("could not serialise alert {}", id, e);
            return null;
        }
    }

    /** Keeps idle connections open through proxies, and checks every listener's caller again. */
    public void heartbeat() {
        dispatcher.execute(() -> listeners.forEach(listener -> {
            if (listener.recheck().isPresent()) listener.offer(new Outgoing(null, "heartbeat", null));
        }));
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
        listeners.forEach(l -> l.end("the server is stopping"));
    }

    /** An event, or a comment when {@code event} is null. */
    private record Outgoing(String event, String data, String id) {
        long size() {
            return data == null ? 0 : data.length();
        }
    }

    private static final Outgoing END = new Outgoing(null, null, null);

    private static final class Listener {
        final SseClient client;
        final AlertFilter filter;
        final Caller caller;
        final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();
        /** What the queue holds, in bytes: offered minus written. */
        final AtomicLong queued = new AtomicLong();
        volatile Thread writer;
        volatile boolean dropped;
        volatile boolean ending;

        /** Ids of the alerts sent by the replay: the live feed may carry them too, and they are sent once. */
        final Set<String> replayed = new HashSet<>();

        Listener(SseClient client, AlertFilter filter, Caller caller) {
            this.client = client;
            this.filter = filter;
            this.caller = caller;
        }

        Optional<Visibility> recheck() {
            Optional<Visibility> v;
            try {
                v = caller.recheck();
            } catch (RuntimeException e) {
                log.warn("could not check a listener's caller again; its stream is closed", e);
                v = Optional.empty();
            }
            if (v.isEmpty()) end("no longer authorised to receive alerts");
            return v;
        }

        /** Queues an event without ever waiting: a listener whose queue is full is dropped. */
        void offer(Outgoing out) {
            if (ending || dropped || client.terminated()) return;
            if (queued.addAndGet(out.size()) > QUEUE_BYTES) {
                drop();
                return;
            }
            queue.add(out);
        }

        /** Ends the stream gracefully after what is already queued; drops it when even that cannot be queued. */
        void end(String why) {
            if (ending) return;
            ending = true;
            if (!queue.offer(new Outgoing(null, why, null)) || !queue.offer(END)) drop();
        }

        /**
         * Closes the connection under a writer that may be blocked on it: the blocked write fails, the writer stops.
         */
        void drop() {
            if (dropped) return;
            dropped = true;
            log.info("dropping an alert listener {} bytes behind; it will reconnect", queued.get());
            try {
                org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(client.ctx().req());
                if (base != null) base.getHttpChannel().getEndPoint().close();
            } catch (RuntimeException e) {
                log.debug("closing a dropped listener's connection", e);
            }
            Thread w = writer;
            if (w != null) w.interrupt();
        }

        /**
         * Sends the missed alerts on the request's own thread, before {@link #run} writes the live feed that queued up
         * meanwhile. A listener that may no longer listen gets nothing; one whose replay fails still gets live alerts.
         */
        void replay(Replay replay) {
            Optional<Visibility> v = recheck();
            if (v.isEmpty()) return;
            try {
                Missed missed = replay.missed(v.get());
                for (Alert alert : missed.hits()) send("hit", json(alert), alert.hit().id().toString());
                for (FindingAlert f : missed.findings()) send(f.kind(), json(f.body(), f.id()), f.id());
            } catch (RuntimeException e) {
                log.warn("could not replay the hits a reconnecting listener missed", e);
                client.sendComment("the hits missed while away could not be sent; see /api/v1/hits");
            }
        }

        private void send(String event, String json, String id) {
            if (json == null || dropped || client.terminated()) return;
            client.sendEvent(event, json, id);
            replayed.add(id);
        }

        /** The stream's writer: runs on the request's own thread until the stream ends. */
        void run() {
            writer = Thread.currentThread();
            try {
                while (!dropped && !client.terminated()) {
                    Outgoing out = queue.take();
                    if (out == END) return;
                    queued.addAndGet(-out.size());
                    if (out.event() == null) client.sendComment(out.data());
                    else if (!replayed.remove(out.id())) client.sendEvent(out.event(), out.data(), out.id());
                }
            } catch (InterruptedException e) {
                // dropped, or the server is stopping
            } finally {
                client.close();
            }
        }
    }
}
