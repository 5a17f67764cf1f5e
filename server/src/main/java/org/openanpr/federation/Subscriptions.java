package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.db.Sql;
import org.openanpr.db.Tx;
import org.openanpr.hit.Hit;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.EntryFile;
import org.openanpr.hotlist.EntryRow;
import org.openanpr.hotlist.ImportException;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribing side: lists this node takes from a publishing node, each mirrored in a local list of the
 * subscribing organisation (switched on like any other list). A sync pulls the versions after the one it runs and
 * applies them in order: a FULL version replaces the list, a DELTA must be the next version, else it is refused as a
 * gap and nothing more is applied until the publisher offers a version that fits (the error is kept on the
 * subscription). Every version is imported through {@link ListEntryStore} with its audit record, and handed to the
 * matcher as an import is. Then the hits on the mirrored list that were not sent back yet are sent to the publisher.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
    private static final int VERSIONS_PER_PULL = 10;
    private static final int HITS_PER_PUSH = 500;
    private static final int MAX_PASSAGE_BATCHES_PER_SYNC = 50;

    record Subscription(long id, String organisation, String publisherUrl, long remoteListId, long localListId, int version,
                        Instant lastSyncAt, String lastError, Instant createdAt) {
    }

    private final DataSource db;
    private final ListStore lists;
    private final ListEntryStore entries;
    private final Matcher matcher;
    private final HitStore hits;
    private final AuditLog audit;
    private final SharedPassages passages;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    Subscriptions(DataSource db, ListStore lists, ListEntryStore entries, Matcher matcher, HitStore hits, AuditLog audit,
                  SharedPassages passages) {
        this.passages = passages;
        this.db = db;
        this.lists = lists;
        this.entries = entries;
        this.matcher = matcher;
        this.hits = hits;
        this.audit = audit;
    }

    /** A publisher answered something other than what the federation API promises, or not at all. */
    static final class PublisherError extends RuntimeException {
        PublisherError(String message) {
            super(message);
        }
    }

    /**
     * Subscribes: reads the list's description from the publisher, creates the local list of the organisation
     * (its name, category, purpose, legal basis and instruction as published), then syncs it.
     */
    Subscription create(String organisation, String publisherUrl, String token, long remoteListId, String by,
                        AuditEntry record) {
        JsonNode meta = get(publisherUrl, token, "/api/v1/federation/feed/lists/" + remoteListId);
        ReferenceList local = new ReferenceList(0, meta.path("name").asText() + " (" + host(publisherUrl) + ")",
                org.openanpr.hotlist.ListCategory.valueOf(meta.path("category").asText()), meta.path("purpose").asText(),
                meta.path("legalBasis").asText(), organisation, "federation: " + publisherUrl + " list " + remoteListId,
                meta.path("instruction").isMissingNode() || meta.path("instruction").isNull() ? null : meta.path("instruction").asText(),
                meta.path("priority").asInt(0), meta.path("fuzzy").asBoolean(false), meta.path("hitRetentionDays").asInt(28), false,
                org.openanpr.hotlist.ListConditions.NONE, 0, null);
        ReferenceList created = lists.create(local, record);
        matcher.listChanged(created.id());
        long id;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into federation_subscription (organisation, publisher_url, token, remote_list_id, local_list_id, created_by)
                values (?, ?, ?, ?, ?, ?) returning id""")) {
            ps.setString(1, organisation);
            ps.setString(2, publisherUrl);
            ps.setString(3, token);
            ps.setLong(4, remoteListId);
            ps.setLong(5, created.id());
            ps.setString(6, by);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the subscription", e);
        }
        return sync(id);
    }

    List<Subscription> of(String organisation) {
        return query("where ?::text is null or organisation = ?", organisation);
    }

    Optional<Subscription> find(long id, String organisation) {
        return query("where id = " + id + " and (?::text is null or organisation = ?)", organisation).stream().findFirst();
    }

    /** Syncs every subscription; a failing one does not stop the others. */
    void syncAll() {
        for (Subscription s : of(null)) {
            try {
                sync(s.id());
            } catch (RuntimeException e) {
                log.warn("federation sync of subscription {} failed: {}", s.id(), e.getMessage());
            }
        }
    }

    /** Pulls and applies what the publisher has after the version this node runs, then sends back new hits. */
    Subscription sync(long id) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            // Several serve nodes share the database: one of them syncs a subscription at a time.
            try (Connection lock = db.getConnection()) {
                if (!advisory(lock, "pg_try_advisory_lock", id)) return find(id, null).orElseThrow();
                try {
                    return syncLocked(id);
                } finally {
                    advisory(lock, "pg_advisory_unlock", id);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean advisory(Connection c, String function, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + function + "(hashtext('federation_subscription'), ?::int)")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private Subscription syncLocked(long id) {
        {
            Subscription s = find(id, null).orElseThrow();
            String error = null;
            try {
                int held = s.version();
                String publisher = null;
                while (true) {
                    JsonNode feed = get(s.publisherUrl(), token(id), "/api/v1/federation/feed/lists/" + s.remoteListId()
                            + "/versions?after=" + held + "&limit=" + VERSIONS_PER_PULL);
                    if (publisher == null) publisher = feed.path("list").path("organisation").asText(null);
                    JsonNode versions = feed.path("versions");
                    if (!versions.isArray() || versions.isEmpty()) break;
                    for (JsonNode v : versions) {
                        int version = v.path("version").asInt();
                        String kind = v.path("kind").asText();
                        if (kind.equals("DELTA") && version != held + 1)
                            throw new GapRefused("gap: this node runs version " + held + ", the publisher offered delta "
                                    + version + "; nothing applied (a FULL version will resolve it)");
                        if (!kind.equals("DELTA") && !kind.equals("FULL")) throw new PublisherError("unknown version kind '" + kind + "'");
                        if (version <= held) throw new PublisherError("version " + version + " is not after " + held);
                        apply(s, version, kind, v.path("added"), v.path("removed"));
                        held = version;
                    }
                }
                forwardHits(s);
                if (publisher != null && sharesPassages(s)) forwardPassages(s, publisher);
            } catch (GapRefused | PublisherError | ImportException e) {
                error = e instanceof ImportException ie ? "refused a version: " + ie.getMessage() : e.getMessage();
                log.warn("federation subscription {}: {}", id, error);
            }
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "update federation_subscription set last_sync_at = now(), last_error = ? where id = ?")) {
                ps.setString(1, error);
                ps.setLong(2, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return find(id, null).orElseThrow();
        }
    }

    private static final class GapRefused extends RuntimeException {
        GapRefused(String message) {
            super(message);
        }
    }

    /** One version into the local list, through the list store (its own transaction and audit record), then the matcher. */
    private void apply(Subscription s, int version, String kind, JsonNode added, JsonNode removed) {
        List<EntryRow> add = rows(added);
        List<EntryRow> remove = rows(removed);
        ReferenceList list = lists.find(s.localListId()).orElseThrow(() -> new PublisherError("the local list is gone"));
        String by = "federation: " + s.publisherUrl() + " list " + s.remoteListId();
        java.util.function.Function<org.openanpr.hotlist.ListVersion, AuditEntry> record = v -> new AuditEntry(by, s.organisation(),
                AuditEntry.Action.LIST_IMPORT, "list " + list.id(), list.legalBasis(), null, list.purpose(), v.total(),
                Map.of("mode", kind.equals("FULL") ? "replace" : "delta", "version", v.version(), "federationVersion", version,
                        "added", v.added(), "removed", v.removed()));
        ListEntryStore.Imported imported = kind.equals("FULL") ? entries.replace(list.id(), add, by, record)
                : entries.delta(list.id(), add, remove, by, record);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update federation_subscription set version = ? where id = ?")) {
            ps.setInt(1, version);
            ps.setLong(2, s.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (kind.equals("FULL")) matcher.listReplaced(list.id(), imported);
        else matcher.entriesChanged(list.id(), imported);
        log.info("federation: list {} now at version {} of {} list {}", list.id(), version, s.publisherUrl(), s.remoteListId());
    }

    /** Entries from outside, checked as an uploaded list file is. */
    private static List<EntryRow> rows(JsonNode array) {
        if (array == null || array.isMissingNode() || array.isEmpty()) return List.of();
        try {
            return EntryFile.parse(Json.MAPPER.writeValueAsBytes(array), "application/json");
        } catch (IOException e) {
            throw new PublisherError("unreadable entries");
        }
    }

    /** Sends the publisher the hits on the mirrored list it has not had yet. */
    private void forwardHits(Subscription s) {
        while (true) {
            List<UUID> ids = new ArrayList<>();
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    select h.id from hit h where h.list_id = ? and not exists
                        (select 1 from federation_forwarded_hit f where f.subscription_id = ? and f.hit_id = h.id)
                    order by h.created_at limit ?""")) {
                ps.setLong(1, s.localListId());
                ps.setLong(2, s.id());
                ps.setInt(3, HITS_PER_PUSH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getObject(1, UUID.class));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (ids.isEmpty()) return;
            List<Hit> found = hits.find(ids);
            List<Map<String, Object>> body = new ArrayList<>();
            for (Hit h : found) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("region", s.organisation());
                m.put("plate", h.plate());
                m.put("country", h.country());
                m.put("camera", h.camera());
                m.put("time", h.time());
                m.put("hit", h);
                body.add(m);
            }
            post(s.publisherUrl(), token(s.id()), "/api/v1/federation/feed/lists/" + s.remoteListId() + "/hits", body);
            try {
                Tx.sql(db, c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "insert into federation_forwarded_hit (subscription_id, hit_id) select ?, unnest(?::uuid[]) on conflict do nothing")) {
                        ps.setLong(1, s.id());
                        ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                        ps.executeUpdate();
                    }
                    audit.record(c, new AuditEntry("federation: " + s.publisherUrl(), s.organisation(), AuditEntry.Action.FEDERATION,
                            "list " + s.localListId(), null, null, "hits sent back to the publishing node", ids.size(),
                            Map.of("publisher", s.publisherUrl(), "remoteList", s.remoteListId())));
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One subscription per publishing node carries the passages shared with it: the first one made. */
    private boolean sharesPassages(Subscription s) {
        return Sql.list(db, "select min(id) from federation_subscription where publisher_url = ?", rs -> rs.getLong(1),
                s.publisherUrl()).getFirst() == s.id();
    }

    /** Sends the publisher the passages shared with its organisation under sharing agreements, in batches. */
    private void forwardPassages(Subscription s, String publisher) {
        for (int round = 0; round < MAX_PASSAGE_BATCHES_PER_SYNC; round++) {
            SharedPassages.Batch batch = passages.next(s.publisherUrl(), publisher);
            if (batch.passages().isEmpty()) return;
            post(s.publisherUrl(), token(s.id()), "/api/v1/federation/feed/passages", batch.passages());
            passages.sent(s.publisherUrl(), publisher, s.organisation(), batch);
        }
    }

    private String token(long id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select token from federation_subscription where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String base, String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    private void post(String base, String token, String path, Object body) {
        try {
            send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))), token);
        } catch (IOException e) {
            throw new PublisherError(e.getMessage());
        }
    }

    private JsonNode send(HttpRequest.Builder b, String token) {
        try {
            HttpResponse<byte[]> res = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() / 100 != 2)
                throw new PublisherError("the publisher answered " + res.statusCode() + ": "
                        + new String(res.body(), 0, Math.min(300, res.body().length), StandardCharsets.UTF_8));
            return Json.MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new PublisherError("the publisher cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherError("interrupted");
        }
    }

    private static String host(String url) {
        String h = URI.create(url).getHost();
        return h == null ? url : h;
    }

    private List<Subscription> query(String where, String organisation) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, organisation, publisher_url, remote_list_id, local_list_id, version, last_sync_at, last_error, created_at
                from federation_subscription
                """ + where + " order by id")) {
            ps.setString(1, organisation);
            ps.setString(2, organisation);
            List<Subscription> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(7);
                    out.add(new Subscription(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getInt(6), last == null ? null : last.toInstant(), rs.getString(8), rs.getTimestamp(9).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the subscriptions", e);
        }
    }
}
