package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Passages flowing up to the publishing (national) node as the regions' sharing agreements allow. A regional node
 * sends the passages of the cameras shared for passages with the publisher's organisation (its {@link Visibility} on
 * this node: only while an agreement holds, and only passages from the agreement's start), in the order they were
 * stored, with a cursor per publisher; the publisher keeps them with the region (the camera's owner) that produced
 * them and the peer that sent them. Both sides audit each batch ({@code FEDERATION}); searching them at the
 * publisher is a passage search with a legal basis.
 */
final class SharedPassages {
    static final int PER_PUSH = 1000;
    /** How late a read may arrive and still be sent: older ones are not looked for (the passages' partitions are by time). */
    static final Duration LATE = Duration.ofDays(1);

    /** A passage as it goes up. */
    record Shared(UUID id, String region, String camera, String plate, String country, float confidence, Double lat, Double lon,
                  Instant time) {
    }

    /** Passages to send, and where the cursor moves once the publisher has them (the last one's stored time and id). */
    record Batch(List<Shared> passages, Instant lastStoredAt) {
        static final Batch EMPTY = new Batch(List.of(), null);
    }

    /** A passage as the publishing organisation sees it. */
    record Received(UUID id, String peer, String region, String camera, String plate, String country, float confidence,
                    Double lat, Double lon, Instant time, Instant receivedAt) {
    }

    /** What each region shared, for the publisher's overview (no personal data). */
    record RegionFigures(String peer, String region, long passages, Instant first, Instant last, Instant lastReceived) {
    }

    private final DataSource db;
    private final AuditLog audit;
    private final Function<String, Visibility> visibilityOf;

    SharedPassages(DataSource db, AuditLog audit, Function<String, Visibility> visibilityOf) {
        this.db = db;
        this.audit = audit;
        this.visibilityOf = visibilityOf;
    }

    // --- the regional side ---

    /** The next passages to send to a publisher whose organisation is {@code publisher}, after its cursor; empty when none. */
    Batch next(String publisherUrl, String publisher) {
        Map<String, Instant> shared = visibilityOf.apply(publisher).sharedPassagesFrom();
        if (shared.isEmpty()) return Batch.EMPTY;
        List<String> cameras = new ArrayList<>(shared.keySet());
        List<Instant> since = cameras.stream().map(shared::get).toList();
        Instant afterAt = Instant.EPOCH;
        UUID afterId = new UUID(0, 0);
        List<Object[]> cursor = Sql.list(db, "select received_at, passage_id from federation_passage_cursor where publisher_url = ?",
                rs -> new Object[] {rs.getTimestamp(1).toInstant(), rs.getObject(2, UUID.class)}, publisherUrl);
        Instant lowest = since.stream().min(Instant::compareTo).orElseThrow();
        if (!cursor.isEmpty()) {
            afterAt = (Instant) cursor.getFirst()[0];
            afterId = (UUID) cursor.getFirst()[1];
            Instant late = afterAt.minus(LATE);
            if (late.isAfter(lowest)) lowest = late;
        }
        try (var c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select p.id, cam.organisation, p.camera_id, p.plate, p.country, p.confidence, p.lat, p.lon, p.observed_at, p.received_at
                from passage p
                join unnest(?::text[], ?::timestamptz[]) as s(camera, since) on s.camera = p.camera_id and p.observed_at >= s.since
                join camera cam on cam.id = p.camera_id
                where p.observed_at >= ? and (p.received_at, p.id) > (?, ?)
                order by p.received_at, p.id limit ?""")) {
            ps.setArray(1, c.createArrayOf("text", cameras.toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz", since.stream().map(Timestamp::from).toArray()));
            ps.setTimestamp(3, Timestamp.from(lowest));
            ps.setTimestamp(4, Timestamp.from(afterAt));
            ps.setObject(5, afterId);
            ps.setInt(6, PER_PUSH);
            List<Shared> out = new ArrayList<>();
            Instant lastStored = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Shared(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getFloat(6), (Double) rs.getObject(7), (Double) rs.getObject(8), rs.getTimestamp(9).toInstant()));
                    lastStored = rs.getTimestamp(10).toInstant();
                }
            }
            return new Batch(out, lastStored);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the passages to share", e);
        }
    }

    /** Moves the cursor past what was sent and audits it, in one transaction. */
    void sent(String publisherUrl, String publisher, String subscriptionOrganisation, Batch batch) {
        Shared last = batch.passages().getLast();
        Map<String, Long> perRegion = new LinkedHashMap<>();
        for (Shared s : batch.passages()) perRegion.merge(s.region(), 1L, Long::sum);
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into federation_passage_cursor (publisher_url, received_at, passage_id) values (?, ?, ?)
                        on conflict (publisher_url) do update set received_at = excluded.received_at, passage_id = excluded.passage_id""")) {
                    ps.setString(1, publisherUrl);
                    ps.setTimestamp(2, Timestamp.from(batch.lastStoredAt()));
                    ps.setObject(3, last.id());
                    ps.executeUpdate();
                }
                for (Map.Entry<String, Long> region : perRegion.entrySet())
                    audit.record(c, new AuditEntry("federation: " + publisherUrl, region.getKey(), AuditEntry.Action.FEDERATION,
                            "passages", null, null, "passages shared with " + publisher + " under sharing agreements",
                            region.getValue().intValue(), Map.of("publisher", publisherUrl, "sharedWith", publisher,
                                    "via", subscriptionOrganisation)));
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the shared passages", e);
        }
    }

    // --- the publishing side ---

    static Shared parse(JsonNode h) {
        UUID id = UUID.fromString(h.path("id").asText());
        String region = text(h, "region", 100);
        String camera = text(h, "camera", 100);
        String plate = text(h, "plate", 20);
        if (!plate.matches("[A-Z0-9]+")) throw new IllegalArgumentException("plate: a normalised plate (capitals and digits)");
        String country = h.path("country").isTextual() ? h.path("country").asText() : null;
        if (country != null && !country.matches("[A-Z]{1,3}")) throw new IllegalArgumentException("country: an ISO code");
        double confidence = h.path("confidence").asDouble(-1);
        if (confidence < 0 || confidence > 1) throw new IllegalArgumentException("confidence: from 0 to 1");
        Double lat = coordinate(h.path("lat"), "lat", 90);
        Double lon = coordinate(h.path("lon"), "lon", 180);
        Instant time = OffsetDateTime.parse(h.path("time").asText()).toInstant();
        return new Shared(id, region, camera, plate, country, (float) confidence, lat, lon, time);
    }

    /** Stores the passages a peer shared (a passage sent twice is kept once); returns how many were new. */
    int receive(Peers.Peer peer, List<Shared> batch) {
        try {
            return Tx.sql(db, c -> {
                int fresh = 0;
                Map<String, Long> perRegion = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into federation_passage (id, peer_id, organisation, region, camera, plate, country, confidence, lat, lon, observed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")) {
                    for (Shared s : batch) {
                        Sql.bind(c, ps, s.id(), peer.id(), peer.organisation(), s.region(), s.camera(), s.plate(), s.country(),
                                s.confidence(), s.lat(), s.lon(), s.time());
                        fresh += ps.executeUpdate();
                        perRegion.merge(s.region(), 1L, Long::sum);
                    }
                }
                audit.record(c, new AuditEntry("federation peer " + peer.name(), peer.organisation(), AuditEntry.Action.FEDERATION,
                        "passages", null, null, "passages shared by a subscriber node under its sharing agreements", batch.size(),
                        Map.of("peer", peer.name(), "received", batch.size(), "new", fresh, "regions", perRegion)));
                return fresh;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the shared passages", e);
        }
    }

    /** The organisation's shared passages of a plate within a period (all organisations for null), newest first. */
    List<Received> search(String organisation, String plate, String region, Instant from, Instant to, int limit) {
        return Sql.list(db, """
                select f.id, p.name, f.region, f.camera, f.plate, f.country, f.confidence, f.lat, f.lon, f.observed_at, f.received_at
                from federation_passage f join federation_peer p on p.id = f.peer_id
                where (?::text is null or f.organisation = ?) and f.plate = ? and (?::text is null or f.region = ?)
                  and f.observed_at >= ? and f.observed_at < ? order by f.observed_at desc limit ?""",
                rs -> new Received(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getFloat(7), (Double) rs.getObject(8), (Double) rs.getObject(9),
                        rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()),
                organisation, organisation, plate, region, region, from, to, limit);
    }

    /** Per peer and region: how many passages, observed when, last received when. */
    List<RegionFigures> figures(String organisation) {
        return Sql.list(db, """
                select p.name, f.region, count(*), min(f.observed_at), max(f.observed_at), max(f.received_at)
                from federation_passage f join federation_peer p on p.id = f.peer_id
                where ?::text is null or f.organisation = ? group by p.name, f.region order by p.name, f.region""",
                rs -> new RegionFigures(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()), organisation, organisation);
    }

    /** Removes shared passages observed before {@code before}: they live no longer than passages here. */
    int purge(Instant before) {
        return Sql.update(db, "delete from federation_passage where observed_at < ?", before);
    }

    private static String text(JsonNode h, String field, int max) {
        String v = h.path(field).asText("");
        if (v.isBlank() || v.length() > max || v.chars().anyMatch(ch -> ch < 0x20))
            throw new IllegalArgumentException(field + ": required, at most " + max + " characters");
        return v;
    }

    private static Double coordinate(JsonNode n, String field, double limit) {
        if (n.isMissingNode() || n.isNull()) return null;
        if (!n.isNumber() || Math.abs(n.asDouble()) > limit) throw new IllegalArgumentException(field + ": from -" + (int) limit + " to " + (int) limit);
        return n.asDouble();
    }
}
