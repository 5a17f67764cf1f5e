package org.openanpr.feed;

import org.openanpr.db.RequestTransaction;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.hit.Alert;
import org.openanpr.hit.HitVisibility;
import org.openanpr.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hits out to where officers are. Every hit the alert outbox publishes is written, before the outbox lets go of it,
 * as one delivery per feed that may see it (the feed's organisation's visibility, as the alert stream decides it,
 * and the feed's list if it names one): so a delivery survives a restart, and a hit published twice is one delivery.
 * A worker sends what is due: a webhook as a POST signed with HMAC-SHA256 over the timestamp and the body, an MQTT
 * feed as a QoS 1 message; a failure is retried after 0.5 s, 1 s, 2 s, … (at most 10 minutes apart) until the feed's
 * attempts are spent, then the delivery is a dead letter, listed for the administrator and sent again on request.
 */
public final class HitFeeds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HitFeeds.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    /** How long a node holds the deliveries it took to send before another may take them. */
    static final Duration SEND_LEASE = Duration.ofMinutes(5);

    public enum Kind { WEBHOOK, MQTT, EMAIL, SYSLOG }

    /**
     * @param healthEvents  whether the feed also carries its organisation's camera health changes
     * @param caCertificate for syslog over TLS: the CA certificate(s) (PEM) its receiver's certificate must chain to;
     *                      null: the JVM's default trust store
     */
    public record Feed(long id, String organisation, String name, Kind kind, String target, String topic, String secret,
                       Long listId, int maxAttempts, Instant createdAt, boolean healthEvents, String caCertificate) {
    }

    /** @param hitId the id of the event delivered: a hit's, or a health change's */
    public record Delivery(long id, long feedId, String hitId, String state, int attempts, Instant nextAt, String lastError,
                           Instant createdAt, Instant deliveredAt, String event) {
    }

    private final DataSource db;
    private final CameraRegistry cameras;
    private final Function<String, Visibility> visibilityOf;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, MqttClient> mqtt = new ConcurrentHashMap<>();
    private final Map<Long, Syslog> syslogs = new ConcurrentHashMap<>();
    private final String hostname = hostname();
    private volatile List<Feed> feeds;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hit-feeds");
        t.setDaemon(true);
        return t;
    });

    public HitFeeds(DataSource db, CameraRegistry cameras, Function<String, Visibility> visibilityOf, Clock clock) {
        this(db, cameras, visibilityOf, clock, true);
    }

    /**
     * @param send whether this node also sends what is due; a Kafka worker only writes deliveries (its alert outbox's
     *             hits), the serve nodes send them
     */
    public HitFeeds(DataSource db, CameraRegistry cameras, Function<String, Visibility> visibilityOf, Clock clock, boolean send) {
        this.db = db;
        this.cameras = cameras;
        this.visibilityOf = visibilityOf;
        this.clock = clock;
        reload();
        if (send) worker.scheduleWithFixedDelay(this::sendDue, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Reads the feeds again (a node that did not make the change, such as a Kafka worker, looks now and then). */
    public void reload() {
        RequestTransaction.nowAndAtEnd(this::load); // a change request's feeds: what it committed, once it ends
    }

    private void load() {
        feeds = Sql.list(db, "select id, organisation, name, kind, target, topic, secret, list_id, max_attempts, created_at, health_events, ca_certificate from hit_feed order by id",
                rs -> new Feed(rs.getLong(1), rs.getString(2), rs.getString(3), Kind.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getString(6), rs.getString(7), (Long) rs.getObject(8), rs.getInt(9), rs.getTimestamp(10).toInstant(),
                        rs.getBoolean(11), rs.getString(12)));
    }

    List<Feed> feeds() {
        return feeds;
    }

    /** Called with each batch the alert outbox publishes, before it deletes them: writes the deliveries. */
    public void enqueue(List<Alert> alerts) {
        List<Feed> all = feeds;
        if (all.isEmpty() || alerts.isEmpty()) return;
        Instant now = clock.instant();
        Map<String, Visibility> visibility = new java.util.HashMap<>();
        for (Alert alert : alerts) {
            String cameraOrganisation = cameras.find(alert.hit().camera()).map(Camera::organisation).orElse(null);
            String body = null;
            for (Feed f : all) {
                if (f.listId() != null && f.listId() != alert.hit().listId()) continue;
                Visibility v = visibility.computeIfAbsent(f.organisation(), visibilityOf);
                if (!HitVisibility.sees(v, alert.hit(), cameraOrganisation)) continue;
                if (body == null) body = json(alert);
                Sql.update(db, "insert into hit_delivery (feed_id, hit_id, body, next_at, created_at) values (?, ?, ?, ?, ?) "
                        + "on conflict (feed_id, hit_id) do nothing", f.id(), alert.hit().id(), body, now, now);
            }
        }
    }

    /**
     * Another event than a hit for the feeds of an organisation that asked for it ({@code healthEvents}): a camera's
     * health change. Written as a delivery like a hit, so it too is delivered at least once and survives a restart.
     *
     * @param id the event's own id (a feed delivers it once)
     */
    public void enqueueEvent(String event, java.util.UUID id, String organisation, Object payload) {
        List<Feed> all = feeds;
        if (all.isEmpty() || organisation == null) return;
        String body = null;
        Instant now = clock.instant();
        for (Feed f : all) {
            if (!f.healthEvents() || !f.organisation().equals(organisation)) continue;
            if (body == null) {
                try {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("event", event);
                    m.put(event, payload);
                    body = Json.MAPPER.writeValueAsString(m);
                } catch (Exception e) {
                    throw new IllegalStateException("could not serialise " + event + " event " + id, e);
                }
            }
            Sql.update(db, "insert into hit_delivery (feed_id, hit_id, body, next_at, created_at, event) values (?, ?, ?, ?, ?, ?) "
                    + "on conflict (feed_id, hit_id) do nothing", f.id(), id, body, now, now, event);
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "openanpr";
        }
    }

    private static String json(Alert alert) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("event", "hit", "hit", alert.hit(),
                    "plateImage", alert.plateImageBase64() == null ? "" : alert.plateImageBase64()));
        } catch (Exception e) {
            throw new IllegalStateException("could not serialise hit " + alert.hit().id(), e);
        }
    }

    private void sendDue() {
        try {
            Instant now = clock.instant();
            // Claimed for a while (a lease): with several serve nodes each delivery is sent by one; one that dies
            // mid-send leaves it to be sent again when the lease runs out (at least once).
            List<Delivery> due = Sql.list(db, "update hit_delivery set next_at = ? where id in (select id from hit_delivery "
                    + "where state = 'PENDING' and next_at <= ? order by next_at limit 100 for update skip locked) "
                    + "returning id, feed_id, hit_id::text, state, attempts, next_at, last_error, created_at, delivered_at, event",
                    HitFeeds::delivery, now.plus(SEND_LEASE), now);
            Map<Long, Feed> byId = new java.util.HashMap<>();
            for (Feed f : feeds) byId.put(f.id(), f);
            if (due.stream().anyMatch(d -> !byId.containsKey(d.feedId()))) {
                reload();
                for (Feed f : feeds) byId.put(f.id(), f);
            }
            for (Delivery d : due) {
                Feed f = byId.get(d.feedId());
                if (f == null) continue;
                String body = Sql.list(db, "select body from hit_delivery where id = ?", rs -> rs.getString(1), d.id()).getFirst();
                String error = send(f, d, body);
                if (error == null) {
                    Sql.update(db, "update hit_delivery set state = 'DELIVERED', attempts = attempts + 1, delivered_at = ?, last_error = null where id = ?",
                            clock.instant(), d.id());
                } else {
                    int attempts = d.attempts() + 1;
                    boolean dead = attempts >= f.maxAttempts();
                    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(20, attempts - 1));
                    if (wait.compareTo(MAX_RETRY) > 0) wait = MAX_RETRY;
                    Sql.update(db, "update hit_delivery set state = ?, attempts = ?, next_at = ?, last_error = ? where id = ?",
                            dead ? "DEAD" : "PENDING", attempts, clock.instant().plus(wait), error, d.id());
                    if (dead) log.warn("hit feed {} ({}): hit {} is a dead letter after {} attempts: {}", f.id(), f.name(), d.hitId(), attempts, error);
                }
            }
        } catch (RuntimeException e) {
            log.warn("sending hit deliveries failed; retried shortly: {}", e.getMessage());
        }
    }

    /** Sends one delivery; null when the receiver took it, else what went wrong. */
    private String send(Feed f, Delivery d, String body) {
        return switch (f.kind()) {
            case WEBHOOK -> webhook(f, d, body);
            case MQTT -> mqtt(f, body);
            case EMAIL -> email(f, body);
            case SYSLOG -> syslog(f, body);
        };
    }

    /** The event as one RFC 5424 syslog message carrying a CEF line, to the control room's syslog receiver. */
    private String syslog(Feed f, String body) {
        try {
            Syslog s = syslogs.computeIfAbsent(f.id(), id -> Syslog.of(f.target(), hostname, f.caCertificate()));
            Cef.Line line = Cef.of(Json.MAPPER.readTree(body));
            s.send(s.message(clock.instant(), line.event(), line.severity(), line.text()));
            return null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "syslog: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * An e-mail to the feed's recipients through its SMTP server, given as
     * {@code smtp://[user:password@]host[:port][?from=address&starttls=true]}: the hit in a few lines of plain text
     * for a control room's mailbox, the JSON attached as text below them.
     */
    private String email(Feed f, String body) {
        try {
            URI uri = URI.create(f.target());
            java.util.Properties p = new java.util.Properties();
            p.put("mail.smtp.host", uri.getHost());
            p.put("mail.smtp.port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 25));
            p.put("mail.smtp.connectiontimeout", "5000");
            p.put("mail.smtp.timeout", "10000");
            Map<String, String> q = query(uri.getRawQuery());
            if ("true".equals(q.get("starttls"))) p.put("mail.smtp.starttls.required", "true");
            String user = null, password = null;
            if (uri.getRawUserInfo() != null) {
                String[] up = uri.getRawUserInfo().split(":", 2);
                user = java.net.URLDecoder.decode(up[0], StandardCharsets.UTF_8);
                password = up.length > 1 ? java.net.URLDecoder.decode(up[1], StandardCharsets.UTF_8) : "";
                p.put("mail.smtp.auth", "true");
            }
            jakarta.mail.Session session = jakarta.mail.Session.getInstance(p);
            JsonNodeView hit = JsonNodeView.of(body);
            jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session);
            m.setFrom(new jakarta.mail.internet.InternetAddress(q.getOrDefault("from", "openanpr@" + uri.getHost())));
            m.setRecipients(jakarta.mail.Message.RecipientType.TO, jakarta.mail.internet.InternetAddress.parse(f.topic()));
            if (hit.health()) {
                m.setSubject("ANPR camera " + hit.text("camera") + ": " + hit.text("state"), "UTF-8");
                m.setText("Camera: " + hit.text("camera") + "\nState: " + hit.text("state") + " (was " + hit.text("previous")
                        + ")\nSince: " + hit.text("at") + "\nReason: " + hit.text("reason") + "\n\n" + body + "\n", "UTF-8");
            } else {
                m.setSubject("ANPR hit " + hit.text("plate") + " — " + hit.text("listName") + " — " + hit.text("camera"), "UTF-8");
                m.setText("Plate: " + hit.text("plate") + " (" + hit.text("country") + ")\nTime: " + hit.text("time")
                        + "\nCamera: " + hit.text("camera") + "\nList: " + hit.text("listName") + "\nReason: " + hit.text("entryReason")
                        + "\nInstruction: " + hit.text("instruction") + "\nHit: " + hit.text("id") + "\n\n" + body + "\n", "UTF-8");
                m.setHeader("X-OpenANPR-Hit", hit.text("id"));
            }
            if (user != null) jakarta.mail.Transport.send(m, user, password);
            else jakarta.mail.Transport.send(m);
            return null;
        } catch (jakarta.mail.MessagingException | IllegalArgumentException e) {
            return "SMTP: " + e.getMessage();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The hit's fields from a delivery's JSON body, for the e-mail's text. */
    private record JsonNodeView(com.fasterxml.jackson.databind.JsonNode hit, boolean health) {
        static JsonNodeView of(String body) {
            try {
                com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(body);
                boolean health = "health".equals(root.path("event").asText());
                return new JsonNodeView(root.path(health ? "health" : "hit"), health);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("delivery body unreadable");
            }
        }

        String text(String field) {
            com.fasterxml.jackson.databind.JsonNode v = hit.get(field);
            return v == null || v.isNull() ? "–" : v.asText();
        }
    }

    private String webhook(Feed f, Delivery d, String body) {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(f.target())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-OpenANPR-Event", d.event() == null ? "hit" : d.event())
                    .header("X-OpenANPR-Delivery", String.valueOf(d.id()))
                    .header("X-OpenANPR-Timestamp", timestamp)
                    .header("X-OpenANPR-Signature", "sha256=" + sign(f.secret(), timestamp + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 == 2) return null;
            String text = res.body() == null ? "" : res.body();
            return "HTTP " + res.statusCode() + (text.isBlank() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private String mqtt(Feed f, String body) {
        try {
            MqttClient client = mqtt.computeIfAbsent(f.id(), id -> {
                try {
                    return new MqttClient(f.target(), "openanpr-hits-" + f.id(), new MemoryPersistence());
                } catch (MqttException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            if (!client.isConnected()) {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setConnectionTimeout(5);
                client.connect(o);
            }
            client.publish(f.topic(), body.getBytes(StandardCharsets.UTF_8), 1, false);
            return null;
        } catch (MqttException | IllegalStateException e) {
            return "MQTT: " + e.getMessage();
        }
    }

    /** HMAC-SHA256 of the message with the feed's secret, hex: what a receiver computes to check a webhook. */
    public static String sign(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Delivery> deliveries(long feed, String state, int limit) {
        return Sql.list(db, "select id, feed_id, hit_id::text, state, attempts, next_at, last_error, created_at, delivered_at, event "
                + "from hit_delivery where feed_id = ? and (?::text is null or state = ?) order by id desc limit ?",
                HitFeeds::delivery, feed, state, state, limit);
    }

    /** A dead letter sent again: pending now, its attempts counted afresh. */
    boolean retry(long feed, long delivery) {
        return Sql.update(db, "update hit_delivery set state = 'PENDING', attempts = 0, next_at = ? where id = ? and feed_id = ? and state = 'DEAD'",
                clock.instant(), delivery, feed) > 0;
    }

    private static Delivery delivery(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Delivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getTimestamp(8).toInstant(), Sql.instant(rs.getTimestamp(9)),
                rs.getString(10));
    }

    long create(Feed f) {
        long id = Sql.list(db, "insert into hit_feed (organisation, name, kind, target, topic, secret, list_id, max_attempts, health_events, "
                        + "ca_certificate) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id", rs -> rs.getLong(1),
                f.organisation(), f.name(), f.kind().name(), f.target(), f.topic(), f.secret(), f.listId(), f.maxAttempts(),
                f.healthEvents(), f.caCertificate()).getFirst();
        reload();
        return id;
    }

    boolean delete(long id) {
        int n = Sql.update(db, "delete from hit_feed where id = ?", id);
        Syslog s = syslogs.remove(id);
        if (s != null) s.close();
        MqttClient c = mqtt.remove(id);
        if (c != null) try {
            c.disconnectForcibly(1000);
            c.close();
        } catch (MqttException e) {
            log.debug("closing hit feed {}: {}", id, e.getMessage());
        }
        reload();
        return n > 0;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        syslogs.values().forEach(Syslog::close);
        for (MqttClient c : mqtt.values()) {
            try {
                if (c.isConnected()) c.disconnect(1000);
                c.close();
            } catch (MqttException e) {
                log.debug("closing an MQTT hit feed: {}", e.getMessage());
            }
        }
    }
}
