package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Tx;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hits that subscriber nodes produced on this node's published lists and sent back up: who (which region) produced
 * what. They belong to the list's organisation, as a hit on its own list does; a hit sent twice is kept once.
 */
final class FederatedHits {
    /** A hit as the subscriber reported it; {@code hit} is its hit record as JSON. */
    record Reported(UUID id, String region, String plate, String country, String camera, Instant time, JsonNode hit) {
    }

    /** A reported hit as the publishing organisation sees it. */
    record Received(UUID id, Long listId, String peer, String region, String plate, String country, String camera, Instant time,
                    Instant receivedAt, JsonNode hit) {
    }

    private final DataSource db;
    private final AuditLog audit;

    FederatedHits(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /**
     * Stores the reported hits of one published list, or (listId null) hits the subscriber shares with the
     * organisation under sharing agreements; returns how many were new.
     */
    int receive(Peers.Peer peer, Long listId, String organisation, List<Reported> hits) {
        try {
            return Tx.sql(db, c -> {
                int fresh = 0;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into federation_hit (id, peer_id, list_id, organisation, region, plate, country, camera, observed_at, hit)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (id) do nothing""")) {
                    for (Reported h : hits) {
                        ps.setObject(1, h.id());
                        ps.setLong(2, peer.id());
                        ps.setObject(3, listId);
                        ps.setString(4, organisation);
                        ps.setString(5, h.region());
                        ps.setString(6, h.plate());
                        ps.setString(7, h.country());
                        ps.setString(8, h.camera());
                        ps.setTimestamp(9, Timestamp.from(h.time()));
                        ps.setString(10, Json.MAPPER.writeValueAsString(h.hit()));
                        fresh += ps.executeUpdate();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                audit.record(c, new AuditEntry("federation peer " + peer.name(), organisation, AuditEntry.Action.FEDERATION,
                        listId == null ? "hits" : "list " + listId, null, null, listId == null
                                ? "hits shared by a subscriber node under its sharing agreements" : "hits reported by a subscriber node", hits.size(),
                        Map.of("peer", peer.name(), "received", hits.size(), "new", fresh)));
                return fresh;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the reported hits", e);
        }
    }

    /** Removes hits shared under agreements observed before {@code before}: they live no longer than passages here. */
    int purgeShared(Instant before) {
        return org.openanpr.db.Sql.update(db, "delete from federation_hit where list_id is null and observed_at < ?", before);
    }

    /** The hits reported on the organisation's lists and shared with it (all, for null), newest first. */
    List<Received> of(String organisation, Long listId, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select h.id, h.list_id, p.name, h.region, h.plate, h.country, h.camera, h.observed_at, h.received_at, h.hit::text
                from federation_hit h join federation_peer p on p.id = h.peer_id
                where (?::text is null or h.organisation = ?) and (?::bigint is null or h.list_id = ?)
                order by h.observed_at desc limit ?""")) {
            ps.setString(1, organisation);
            ps.setString(2, organisation);
            ps.setObject(3, listId);
            ps.setObject(4, listId);
            ps.setInt(5, limit);
            List<Received> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new Received(rs.getObject(1, UUID.class), (Long) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                            Json.MAPPER.readTree(rs.getString(10))));
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not read the reported hits", e);
        }
    }
}
