package org.openanpr.connector;

import org.openanpr.db.RequestTransaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.openanpr.access.Tokens;
import org.openanpr.db.Sql;
import org.openanpr.http.Json;
import org.openanpr.passage.IncomingRead;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connectors, their camera mappings, what they have seen, the reads held for unmapped cameras and the payloads they
 * could not read. Connectors and mappings are few and asked for on every message, so they are held in memory and
 * reloaded after every change made through this store.
 */
public final class ConnectorStore {
    /** The rejected payloads kept per connector: enough to find the pattern, bounded against a flood. */
    static final int REJECTED_KEPT = 100;
    /** The reads held per connector for unmapped cameras; beyond it an unmapped camera's reads are refused. */
    static final int HELD_MAX = 100_000;

    private final DataSource db;
    private volatile Snapshot snapshot;

    /** @param certificate null: the equipment authenticates with the token */
    private record Entry(Connector connector, byte[] tokenHash, ClientCertificate certificate) {
    }

    private record Snapshot(Map<String, Entry> connectors, Map<String, Map<String, String>> mappings) {
    }

    public record Mapping(String vendorCamera, String camera) {
    }

    public record SeenCamera(String vendorCamera, String vendorName, String camera, Instant firstSeen, Instant lastSeen,
                             long reads, long held, Instant lastHeartbeat, Boolean streaming) {
    }

    public record Rejected(long id, Instant receivedAt, String reason, String contentType, int size) {
    }

    public record HeldRead(long id, IncomingRead read) {
    }

    public ConnectorStore(DataSource db) {
        this.db = db;
        reload();
    }

    /** Loaded now and again when a change request's transaction ends: the snapshot holds what is committed. */
    private void reload() {
        RequestTransaction.nowAndAtEnd(this::load);
    }

    private void load() {
        Map<String, Entry> connectors = new HashMap<>();
        for (Entry e : Sql.list(db, """
                        select id, organisation, kind, name, camera_id, created_at, token_hash, settings::text,
                               client_cert_sha256, client_cert_subject, client_cert_not_after
                        from connector""",
                rs -> new Entry(new Connector(rs.getString(1), rs.getString(2), ConnectorKind.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), settings(rs.getString(8))), rs.getBytes(7),
                        rs.getBytes(9) == null ? null
                                : new ClientCertificate(rs.getBytes(9), rs.getString(10), rs.getTimestamp(11).toInstant()))))
            connectors.put(e.connector().id(), e);
        Map<String, Map<String, String>> mappings = new HashMap<>();
        for (String[] m : Sql.list(db, "select connector_id, vendor_camera, camera_id from connector_camera",
                rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}))
            mappings.computeIfAbsent(m[0], k -> new HashMap<>()).put(m[1], m[2]);
        snapshot = new Snapshot(Map.copyOf(connectors), mappings);
    }

    private static com.fasterxml.jackson.databind.JsonNode settings(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("connector settings unreadable", e);
        }
    }

    public Optional<Connector> find(String id) {
        Entry e = snapshot.connectors().get(id);
        return e == null ? Optional.empty() : Optional.of(e.connector());
    }

    /**
     * The connector the token belongs to, compared in constant time; empty for an unknown connector, a wrong token, or
     * a connector whose equipment must present its client certificate instead.
     */
    public Optional<Connector> authenticate(String id, String token) {
        Entry e = snapshot.connectors().get(id);
        byte[] given = Tokens.hash(token == null ? "" : token);
        if (e == null || !MessageDigest.isEqual(given, e.tokenHash()) || e.certificate() != null) return Optional.empty();
        return Optional.of(e.connector());
    }

    /** The connector whose pinned client certificate this connection presented (and which has not expired). */
    public Optional<Connector> authenticate(String id, java.security.cert.X509Certificate presented, Instant now) {
        Entry e = snapshot.connectors().get(id);
        if (e == null || e.certificate() == null || presented == null || !e.certificate().admits(presented, now)) return Optional.empty();
        return Optional.of(e.connector());
    }

    /** The client certificate the connector's equipment must present; empty when it authenticates with its token. */
    public Optional<ClientCertificate> certificate(String id) {
        Entry e = snapshot.connectors().get(id);
        return e == null ? Optional.empty() : Optional.ofNullable(e.certificate());
    }

    /** Every connector with a pinned client certificate, and when that certificate expires. */
    Map<String, Instant> certificateExpiries() {
        Map<String, Instant> out = new HashMap<>();
        for (Entry e : snapshot.connectors().values())
            if (e.certificate() != null) out.put(e.connector().id(), e.certificate().notAfter());
        return out;
    }

    /** Pins the equipment's client certificate: from now on its token is refused. */
    public void pinCertificate(String id, ClientCertificate c) {
        Sql.update(db, "update connector set client_cert_sha256 = ?, client_cert_subject = ?, client_cert_not_after = ? where id = ?",
                c.sha256(), c.subject(), c.notAfter(), id);
        reload();
    }

    /** Takes the pin away (the token works again); false when there was none. */
    public boolean unpinCertificate(String id) {
        int n = Sql.update(db, "update connector set client_cert_sha256 = null, client_cert_subject = null, client_cert_not_after = null "
                + "where id = ? and client_cert_sha256 is not null", id);
        reload();
        return n > 0;
    }

    public List<Connector> all() {
        return snapshot.connectors().values().stream().map(Entry::connector)
                .sorted(java.util.Comparator.comparing(Connector::id)).toList();
    }

    /** Creates a connector; returns its token, shown once. */
    public String create(Connector c) {
        String token = Tokens.generate("con");
        Sql.update(db, "insert into connector (id, organisation, kind, name, camera_id, token_hash, settings) values (?, ?, ?, ?, ?, ?, ?::jsonb)",
                c.id(), c.organisation(), c.kind().name(), c.name(), c.camera(), Tokens.hash(token), c.settings().toString());
        reload();
        return token;
    }

    public String rotateToken(String id) {
        String token = Tokens.generate("con");
        Sql.update(db, "update connector set token_hash = ? where id = ?", Tokens.hash(token), id);
        reload();
        return token;
    }

    public boolean delete(String id) {
        int n = Sql.update(db, "delete from connector where id = ?", id);
        reload();
        return n > 0;
    }

    /** Our camera for a vendor camera of the connector; null when not mapped. */
    public String cameraFor(Connector c, String vendorCamera) {
        if (c.camera() != null) return c.camera();
        Map<String, String> m = snapshot.mappings().get(c.id());
        return m == null || vendorCamera == null ? null : m.get(vendorCamera);
    }

    public void map(String connector, String vendorCamera, String camera) {
        Sql.update(db, "insert into connector_camera (connector_id, vendor_camera, camera_id) values (?, ?, ?) "
                + "on conflict (connector_id, vendor_camera) do update set camera_id = excluded.camera_id", connector, vendorCamera, camera);
        reload();
    }

    public boolean unmap(String connector, String vendorCamera) {
        int n = Sql.update(db, "delete from connector_camera where connector_id = ? and vendor_camera = ?", connector, vendorCamera);
        reload();
        return n > 0;
    }

    public List<Mapping> mappings(String connector) {
        Map<String, String> m = snapshot.mappings().getOrDefault(connector, Map.of());
        return m.entrySet().stream().map(e -> new Mapping(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(Mapping::vendorCamera)).toList();
    }

    /** Counts what was seen of vendor cameras (reads per vendor camera since the last call) at {@code at}. */
    void seen(String connector, Map<String, Long> readsPerCamera, Instant at) {
        for (Map.Entry<String, Long> e : readsPerCamera.entrySet()) {
            Sql.update(db, """
                    insert into connector_seen_camera (connector_id, vendor_camera, first_seen, last_seen, reads)
                    values (?, ?, ?, ?, ?)
                    on conflict (connector_id, vendor_camera) do update
                    set last_seen = greatest(connector_seen_camera.last_seen, excluded.last_seen),
                        reads = connector_seen_camera.reads + excluded.reads""", connector, e.getKey(), at, at, e.getValue());
        }
    }

    void heartbeat(String connector, Heartbeat h, Instant receivedAt) {
        Instant at = h.at() != null ? h.at() : receivedAt;
        Sql.update(db, """
                insert into connector_seen_camera (connector_id, vendor_camera, first_seen, last_seen, last_heartbeat, streaming, vendor_name)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (connector_id, vendor_camera) do update
                set last_seen = greatest(connector_seen_camera.last_seen, excluded.last_seen),
                    last_heartbeat = excluded.last_heartbeat, streaming = excluded.streaming,
                    vendor_name = coalesce(excluded.vendor_name, connector_seen_camera.vendor_name)""",
                connector, h.vendorCamera(), receivedAt, receivedAt, at, h.streaming(), h.vendorName());
    }

    /** Every vendor camera the connector has heard of, with our camera where mapped; unmapped ones first. */
    public List<SeenCamera> seenCameras(Connector c) {
        Map<String, String> m = snapshot.mappings().getOrDefault(c.id(), Map.of());
        return Sql.list(db, """
                        select s.vendor_camera, s.vendor_name, s.first_seen, s.last_seen, s.reads, s.last_heartbeat, s.streaming,
                               (select count(*) from connector_held_read h where h.connector_id = s.connector_id and h.vendor_camera = s.vendor_camera)
                        from connector_seen_camera s where s.connector_id = ? order by s.vendor_camera""",
                        rs -> new SeenCamera(rs.getString(1), rs.getString(2),
                                c.camera() != null ? c.camera() : m.get(rs.getString(1)), rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(8), Sql.instant(rs.getTimestamp(6)),
                                (Boolean) rs.getObject(7)), c.id())
                .stream().sorted(java.util.Comparator.comparing((SeenCamera s) -> s.camera() != null)).toList();
    }

    /** Holds reads of an unmapped camera; false when the connector already holds its maximum. */
    boolean hold(String connector, String vendorCamera, List<IncomingRead> reads, Instant at) {
        long held = Sql.list(db, "select count(*) from connector_held_read where connector_id = ?", rs -> rs.getLong(1), connector).getFirst();
        if (held + reads.size() > HELD_MAX) return false;
        for (IncomingRead r : reads) {
            try {
                Sql.update(db, "insert into connector_held_read (connector_id, vendor_camera, received_at, read) values (?, ?, ?, ?::jsonb)",
                        connector, vendorCamera, at, Json.MAPPER.writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    List<HeldRead> held(String connector, String vendorCamera, int limit) {
        return Sql.list(db, "select id, read::text from connector_held_read where connector_id = ? and vendor_camera = ? order by id limit ?",
                rs -> {
                    try {
                        return new HeldRead(rs.getLong(1), Json.MAPPER.readValue(rs.getString(2), IncomingRead.class));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("held read " + rs.getLong(1) + " unreadable", e);
                    }
                }, connector, vendorCamera, limit);
    }

    void release(List<Long> ids) {
        Sql.update(db, "delete from connector_held_read where id = any(?)", (Object) ids.toArray(Long[]::new));
    }

    long reject(String connector, String reason, Payload p, Instant at) {
        long id = Sql.list(db, "insert into connector_rejected (connector_id, received_at, reason, content_type, size, body) "
                        + "values (?, ?, ?, ?, ?, ?) returning id", rs -> rs.getLong(1),
                connector, at, reason, p.contentType(), p.body().length, p.body()).getFirst();
        Sql.update(db, "delete from connector_rejected where connector_id = ? and id <= ?", connector, id - REJECTED_KEPT);
        return id;
    }

    public List<Rejected> rejected(String connector) {
        return Sql.list(db, "select id, received_at, reason, content_type, size from connector_rejected where connector_id = ? order by id desc",
                rs -> new Rejected(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getInt(5)), connector);
    }

    public Optional<Payload> rejectedPayload(String connector, long id) {
        return Sql.list(db, "select content_type, body from connector_rejected where connector_id = ? and id = ?",
                rs -> new Payload(rs.getString(1), rs.getBytes(2)), connector, id).stream().findFirst();
    }
}
