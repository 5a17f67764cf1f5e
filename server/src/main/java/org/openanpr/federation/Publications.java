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
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The publishing side: the lists a node publishes, as numbered versions. The first is FULL (every entry), and so is
 * the one after the list was replaced; after a delta import it is a DELTA (entries added or changed, entries removed).
 * A version is made by comparing the list's entries now with those last published, in SQL, in one transaction,
 * whenever the list's own version has moved on ({@link #publishPending}, run every few seconds and before a feed is
 * served), so an import needs nothing of federation.
 */
final class Publications {
    /** One published version as the feed serves it: added and removed as arrays of list-file entries. */
    record Version(int version, String kind, JsonNode added, JsonNode removed, Instant createdAt) {
    }

    /** A list's latest published version, and the latest Kafka acknowledged (0: none). */
    record Latest(int version, int onKafka) {
    }

    /** A published list and who runs which version of it. */
    record Publication(long listId, String name, String organisation, int version, Instant createdAt, List<Subscriber> subscribers) {
    }

    record Subscriber(long peerId, String name, int version, Instant reportedAt, String transport) {
    }

    private static final String CURRENT = """
            create temp table fed_current on commit drop as
            select plate || '/' || country as identity,
                   jsonb_strip_nulls(jsonb_build_object('plate', plate, 'country', nullif(country, ''), 'reason', reason,
                       'amount', amount, 'validFrom', valid_from, 'validUntil', valid_until, 'attributes', attributes)) as entry
            from list_entry where list_id = ?""";

    private final DataSource db;
    private final AuditLog audit;

    Publications(DataSource db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Starts publishing a list: its version 1 (FULL) now. False when it is published already. */
    boolean publish(long listId, String by) {
        try {
            boolean created = Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into federation_publication (list_id, created_by) values (?, ?) on conflict do nothing")) {
                    ps.setLong(1, listId);
                    ps.setString(2, by);
                    return ps.executeUpdate() == 1;
                }
            });
            publishPending();
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("could not publish list " + listId, e);
        }
    }

    /** Makes a version of every published list whose entries changed since its last version. */
    void publishPending() {
        List<Long> due = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select p.list_id from federation_publication p
                where p.source_version < (select coalesce(max(v.version), 0) from list_version v where v.list_id = p.list_id)
                   or p.version = 0""")) {
            while (rs.next()) due.add(rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException("could not look for list changes to publish", e);
        }
        for (long listId : due) publishVersion(listId);
    }

    private void publishVersion(long listId) {
        try {
            Tx.sql(db, c -> {
                int version;
                int sourceVersion;
                try (PreparedStatement lock = c.prepareStatement(
                        "select version, (select coalesce(max(v.version), 0) from list_version v where v.list_id = p.list_id), "
                                + "(select kind from list_version v where v.list_id = p.list_id order by version desc limit 1), "
                                + "p.source_version from federation_publication p where list_id = ? for update")) {
                    lock.setLong(1, listId);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) return null;
                        version = rs.getInt(1);
                        sourceVersion = rs.getInt(2);
                        // Another check (the scheduled one, or another serve node's) published this list version while
                        // this one waited for the lock: nothing is left to publish.
                        if (version > 0 && sourceVersion <= rs.getInt(4)) return null;
                        boolean full = version == 0 || "REPLACE".equals(rs.getString(3));
                        try (PreparedStatement cur = c.prepareStatement(CURRENT)) {
                            cur.setLong(1, listId);
                            cur.execute();
                        }
                        String added;
                        String removed;
                        if (full) {
                            added = "select coalesce(jsonb_agg(entry), '[]') from fed_current";
                            removed = "select '[]'::jsonb";
                        } else {
                            added = "select coalesce(jsonb_agg(c.entry), '[]') from fed_current c left join federation_published_entry p "
                                    + "on p.list_id = ? and p.identity = c.identity where p.entry is distinct from c.entry";
                            removed = "select coalesce(jsonb_agg(p.entry), '[]') from federation_published_entry p where p.list_id = ? "
                                    + "and not exists (select 1 from fed_current c where c.identity = p.identity)";
                        }
                        String a = single(c, added, full ? null : listId);
                        String r = single(c, removed, full ? null : listId);
                        if (!full && a.equals("[]") && r.equals("[]")) {
                            // The list's version moved without a change in what is published (an empty delta).
                            update(c, "update federation_publication set source_version = ? where list_id = ?", sourceVersion, listId);
                            return null;
                        }
                        try (PreparedStatement ins = c.prepareStatement(
                                "insert into federation_version (list_id, version, kind, added, removed) values (?, ?, ?, ?::jsonb, ?::jsonb)")) {
                            ins.setLong(1, listId);
                            ins.setInt(2, version + 1);
                            ins.setString(3, full ? "FULL" : "DELTA");
                            ins.setString(4, a);
                            ins.setString(5, r);
                            ins.executeUpdate();
                        }
                        if (full) update(c, "delete from federation_published_entry where list_id = ?", listId);
                        else update(c, "delete from federation_published_entry p where p.list_id = ? "
                                + "and not exists (select 1 from fed_current c where c.identity = p.identity)", listId);
                        update(c, "insert into federation_published_entry (list_id, identity, entry) select ?, identity, entry from fed_current "
                                + "on conflict (list_id, identity) do update set entry = excluded.entry", listId);
                        update(c, "update federation_publication set version = ?, source_version = ? where list_id = ?",
                                version + 1, sourceVersion, listId);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not publish a version of list " + listId, e);
        }
    }

    private static String single(Connection c, String sql, Long param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) ps.setLong(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.executeUpdate();
        }
    }

    /** The organisation owning a published list, or null when the list is not published. */
    String ownerOf(long listId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select l.organisation from federation_publication p join reference_list l on l.id = p.list_id where p.list_id = ?")) {
            ps.setLong(1, listId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The versions after {@code after}, oldest first, at most {@code limit}; when a FULL version lies among them, from
     * the latest FULL on (what came before it is replaced by it). Records that the peer runs {@code after}.
     */
    List<Version> feed(Peers.Peer peer, long listId, int after, int limit) {
        publishPending();
        try {
            return Tx.sql(db, c -> {
                if (after > 0) {
                    try (PreparedStatement ps = c.prepareStatement("""
                            insert into federation_peer_version (peer_id, list_id, version, reported_at) values (?, ?, ?, now())
                            on conflict (peer_id, list_id) do update set version = excluded.version, reported_at = excluded.reported_at""")) {
                        ps.setLong(1, peer.id());
                        ps.setLong(2, listId);
                        ps.setInt(3, after);
                        ps.executeUpdate();
                    }
                }
                List<Version> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("""
                        select version, kind, added::text, removed::text, created_at from federation_version
                        where list_id = ? and version > greatest(?, coalesce((select max(version) - 1 from federation_version
                            where list_id = ? and kind = 'FULL' and version > ?), 0))
                        order by version limit ?""")) {
                    ps.setLong(1, listId);
                    ps.setInt(2, after);
                    ps.setLong(3, listId);
                    ps.setInt(4, after);
                    ps.setInt(5, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next())
                            out.add(new Version(rs.getInt(1), rs.getString(2), Json.MAPPER.readTree(rs.getString(3)),
                                    Json.MAPPER.readTree(rs.getString(4)), rs.getTimestamp(5).toInstant()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!out.isEmpty())
                    audit.record(c, new AuditEntry("federation peer " + peer.name(), peer.organisation(), AuditEntry.Action.FEDERATION,
                            "list " + listId, null, null, "list versions sent to a subscriber node", out.size(),
                            Map.of("peer", peer.name(), "after", after, "to", out.getLast().version())));
                return out;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the versions of list " + listId, e);
        }
    }

    /**
     * Records the version a subscriber runs, as it reported it (a Kafka subscriber reports here; an HTTP one with every
     * pull), and returns the latest published version of the list and the latest on Kafka.
     */
    Latest report(Peers.Peer peer, long listId, int version, String transport) {
        publishPending();
        try {
            return Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into federation_peer_version (peer_id, list_id, version, reported_at, transport) values (?, ?, ?, now(), ?)
                        on conflict (peer_id, list_id) do update set version = excluded.version, reported_at = excluded.reported_at,
                            transport = excluded.transport""")) {
                    ps.setLong(1, peer.id());
                    ps.setLong(2, listId);
                    ps.setInt(3, version);
                    ps.setString(4, transport);
                    ps.executeUpdate();
                }
                return new Latest(Integer.parseInt(single(c, "select version::text from federation_publication where list_id = ?", listId)),
                        Integer.parseInt(single(c, "select coalesce(max(version), 0)::text from federation_version where list_id = ? "
                                + "and kafka_sent_at is not null", listId)));
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the version of a subscriber", e);
        }
    }

    /** The organisation's published lists (all, for null) with the version each subscriber runs. */
    List<Publication> of(String organisation) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select p.list_id, l.name, l.organisation, p.version, p.created_at from federation_publication p
                join reference_list l on l.id = p.list_id where ?::text is null or l.organisation = ? order by p.list_id""");
             PreparedStatement subs = c.prepareStatement("""
                select f.id, f.name, v.version, v.reported_at, v.transport from federation_peer_version v join federation_peer f on f.id = v.peer_id
                where v.list_id = ? order by f.name""")) {
            ps.setString(1, organisation);
            ps.setString(2, organisation);
            List<Publication> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Subscriber> s = new ArrayList<>();
                    subs.setLong(1, rs.getLong(1));
                    try (ResultSet r2 = subs.executeQuery()) {
                        while (r2.next()) s.add(new Subscriber(r2.getLong(1), r2.getString(2), r2.getInt(3), r2.getTimestamp(4).toInstant(),
                                r2.getString(5)));
                    }
                    out.add(new Publication(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getTimestamp(5).toInstant(), s));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the publications", e);
        }
    }
}
