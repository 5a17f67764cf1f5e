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
import org.openanpr.kafka.FederationTopic;
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
                        Instant lastSyncAt, String lastError, Instant createdAt, String transport, String kafkaTopic) {
        boolean overKafka() {
            return KAFKA.equals(transport);
        }
    }

    static final String HTTP = "http";
    static final String KAFKA = "kafka";

    private final DataSource db;
    private final ListStore lists;
    private final ListEntryStore entries;
    private final Matcher matcher;
    private final HitStore hits;
    private final AuditLog audit;
    private final SharedPassages passages;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /** Null unless this node reaches a Kafka cluster for federation. */
    private volatile FederationTopic kafka;
    private final Map<Long, FederationTopic.Reader> readers = new ConcurrentHashMap<>();
    /** Records on a Kafka subscription's partition not read yet, as of its last read (for /metrics). */
    final Map<Long, Long> lag = new ConcurrentHashMap<>();

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

    void useKafka(FederationTopic topic) {
        this.kafka = topic;
    }

    /** Over Kafka where this node or the publisher cannot: the subscription is refused (409), nothing is stored. */
    static final class TransportRefused extends RuntimeException {
        TransportRefused(String message) {
            super(message);
        }
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
    Subscription create(String organisation, String publisherUrl, String token, long remoteListId, String transport, String by,
                        AuditEntry record) {
        if (KAFKA.equals(transport) && kafka == null)
            throw new TransportRefused("transport kafka: this node has no Kafka for federation (start it with --federation-kafka BOOTSTRAP)");
        JsonNode meta = get(publisherUrl, token, "/api/v1/federation/feed/lists/" + remoteListId);
        String topic = null;
        byte[] publisherKey = null;
        if (KAFKA.equals(transport)) {
            topic = meta.path("kafka").path("topic").asText("");
            if (topic.isEmpty()) throw new TransportRefused("transport kafka: the publisher does not publish this list over Kafka");
            if (!topic.matches("[A-Za-z0-9._-]{1,249}")) throw new PublisherError("the publisher named an invalid topic");
            try {
                publisherKey = java.util.Base64.getDecoder().decode(meta.path("kafka").path("publicKey").asText(""));
            } catch (IllegalArgumentException e) {
                throw new PublisherError("the publisher's federation key is not base64");
            }
            if (publisherKey.length == 0) throw new PublisherError("the publisher gave no federation key");
        }
        ReferenceList local = localList(meta, organisation, publisherUrl, remoteListId);
        ReferenceList created = lists.create(local, record);
        matcher.listChanged(created.id());
        long id;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into federation_subscription (organisation, publisher_url, token, remote_list_id, local_list_id, created_by,
                    transport, kafka_topic, publisher_key)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
            ps.setString(1, organisation);
            ps.setString(2, publisherUrl);
            ps.setString(3, token);
            ps.setLong(4, remoteListId);
            ps.setLong(5, created.id());
            ps.setString(6, by);
            ps.setString(7, transport);
            ps.setString(8, topic);
            ps.setBytes(9, publisherKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the subscription", e);
        }
        return sync(id);
    }

    /**
     * The local list mirroring a published one, as the publisher describes it: its name, category, purpose, legal
     * basis, instruction, priority, fuzzy matching, hit retention and conditions (directions, hours, area), each
     * checked as a list created here is. Not its look-back over past passages: that is a passage search, for the
     * subscribing organisation to decide on its own list.
     */
    private static ReferenceList localList(JsonNode meta, String organisation, String publisherUrl, long remoteListId) {
        try {
            JsonNode c = meta.path("conditions");
            org.openanpr.hotlist.ListConditions conditions = c.isObject() ? Json.MAPPER.treeToValue(c, org.openanpr.hotlist.ListConditions.class) : null;
            return new org.openanpr.hotlist.ListInput(meta.path("name").asText() + " (" + host(publisherUrl) + ")",
                    meta.path("category").asText(), meta.path("purpose").asText(), meta.path("legalBasis").asText(), organisation,
                    "federation: " + publisherUrl + " list " + remoteListId,
                    meta.path("instruction").isTextual() ? meta.path("instruction").asText() : null,
                    meta.path("priority").asInt(0), meta.path("fuzzy").asBoolean(false), meta.path("hitRetentionDays").asInt(28), false,
                    conditions).validate();
        } catch (IllegalArgumentException | IOException e) {
            throw new PublisherError("the publisher's list description is refused: " + e.getMessage());
        }
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
        Subscription s = find(id, null).orElseThrow();
        String error = null;
        try {
            String publisher;
            if (s.overKafka()) {
                Consumed got;
                boolean kafkaAway = false;
                try {
                    got = consume(s);
                } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
                    got = new Consumed(find(id, null).orElseThrow().version(), "Kafka: " + e.getMessage());
                    kafkaAway = true;
                    dropReader(id);
                }
                error = got.problem();
                int held = got.held();
                // Reporting the version also tells this node the publisher's latest version and the latest it has on
                // Kafka: one the topic should have brought and did not (past its retention, lost), or any newer one
                // while Kafka cannot be read, comes from the HTTP feed instead. Hits and passages go up regardless.
                String report = "/api/v1/federation/feed/lists/" + s.remoteListId() + "/version";
                JsonNode reply = put(s.publisherUrl(), token(id), report, Map.of("version", held, "transport", KAFKA));
                publisher = reply.path("list").path("organisation").asText(null);
                int behind = kafkaAway ? reply.path("version").asInt(0) : reply.path("onKafka").asInt(0);
                if (behind > held) {
                    try {
                        int pulled = pull(s, held).held();
                        if (pulled > held) {
                            put(s.publisherUrl(), token(id), report, Map.of("version", pulled, "transport", KAFKA));
                            if (!kafkaAway) error = null;
                        }
                    } catch (GapRefused e) {
                        if (error == null) error = e.getMessage();
                    }
                }
            } else {
                publisher = pull(s, s.version()).publisher();
            }
            forwardHits(s);
            if (publisher != null && sharesPassages(s)) {
                forwardPassages(s, publisher);
                forwardSharedHits(s, publisher);
            }
        } catch (GapRefused | PublisherError | ImportException | TransportRefused e) {
            error = e instanceof ImportException ie ? "refused a version: " + ie.getMessage() : e.getMessage();
        }
        if (error != null) log.warn("federation subscription {}: {}", id, error);
        setError(id, error, true);
        return find(id, null).orElseThrow();
    }

    private void setError(long id, String error, boolean synced) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update federation_subscription set " + (synced ? "last_sync_at = now(), " : "") + "last_error = ? where id = ?")) {
            ps.setString(1, error);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Pulled(int held, String publisher) {
    }

    /**
     * Pulls from the HTTP feed the versions after {@code held} and applies them in order (the feed records that this
     * node runs {@code held}). @throws GapRefused when a DELTA is not the next version
     */
    private Pulled pull(Subscription s, int held) {
        String publisher = null;
        while (true) {
            JsonNode feed = get(s.publisherUrl(), token(s.id()), "/api/v1/federation/feed/lists/" + s.remoteListId()
                    + "/versions?after=" + held + "&limit=" + VERSIONS_PER_PULL);
            if (publisher == null) publisher = feed.path("list").path("organisation").asText(null);
            JsonNode versions = feed.path("versions");
            if (!versions.isArray() || versions.isEmpty()) return new Pulled(held, publisher);
            for (JsonNode v : versions) {
                int version = v.path("version").asInt();
                String kind = v.path("kind").asText();
                if (kind.equals("DELTA") && version != held + 1)
                    throw new GapRefused("gap: this node runs version " + held + ", the publisher offered delta "
                            + version + "; nothing applied (a FULL version will resolve it)");
                if (!kind.equals("DELTA") && !kind.equals("FULL")) throw new PublisherError("unknown version kind '" + kind + "'");
                if (version <= held) throw new PublisherError("version " + version + " is not after " + held);
                apply(s, version, kind, v.path("added"), v.path("removed"), HTTP);
                held = version;
            }
        }
    }

    /** What one read of a Kafka subscription's topic left: the version run now, and a problem to show (null: none). */
    private record Consumed(int held, String problem) {
    }

    /** The parts of one version read so far, and the offset of its first (where to read again when it stays incomplete). */
    private static final class Parts {
        final int version;
        final String kind;
        final int parts;
        final long firstOffset;
        final Map<Integer, JsonNode> got = new java.util.TreeMap<>();

        Parts(int version, String kind, int parts, long firstOffset) {
            this.version = version;
            this.kind = kind;
            this.parts = parts;
            this.firstOffset = firstOffset;
        }

        JsonNode entries(String field) {
            com.fasterxml.jackson.databind.node.ArrayNode all = Json.MAPPER.createArrayNode();
            for (JsonNode v : got.values()) all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) v.withArray(field));
            return all;
        }
    }

    /** Reads every Kafka subscription's topic (every few seconds; the full sync, with hits and reports, is slower). */
    void consumeAll() {
        if (kafka == null) return;
        for (Subscription s : of(null)) {
            if (!s.overKafka()) continue;
            synchronized (locks.computeIfAbsent(s.id(), k -> new Object())) {
                try (Connection lock = db.getConnection()) {
                    if (!advisory(lock, "pg_try_advisory_lock", s.id())) continue;
                    try {
                        Subscription now = find(s.id(), null).orElseThrow();
                        Consumed got = consume(now);
                        if (got.problem() != null || got.held() != now.version()) setError(s.id(), got.problem(), false);
                    } catch (RuntimeException e) {
                        log.warn("federation subscription {}: reading Kafka failed: {}", s.id(), e.getMessage());
                        dropReader(s.id());
                    } finally {
                        advisory(lock, "pg_advisory_unlock", s.id());
                    }
                } catch (SQLException e) {
                    log.warn("federation subscription {}: {}", s.id(), e.getMessage());
                }
            }
        }
    }

    /**
     * Reads the subscription's records on the publisher's topic from the stored offset to the end as it was when the
     * read began, and applies the versions through the same path as the HTTP feed: a version run already is skipped,
     * a FULL applies, a DELTA applies when it is the next version. A DELTA after a gap (records past the topic's
     * retention, or lost) is first filled from the publisher's HTTP feed; what that cannot fill is refused (the
     * record is passed over, and the problem shown) until a FULL version comes. A record not signed by the publisher
     * this subscription was made with, or not of its list, is passed over and shown.
     */
    private Consumed consume(Subscription s) {
        FederationTopic topic = kafka;
        if (topic == null) throw new TransportRefused("this node has no Kafka for federation any more (--federation-kafka)");
        String key = Long.toString(s.remoteListId());
        FederationTopic.Reader reader = readers.computeIfAbsent(s.id(), k -> topic.reader(s.kafkaTopic(), key));
        byte[] publisherKey = Sql.list(db, "select publisher_key from federation_subscription where id = ?", rs -> rs.getBytes(1), s.id()).getFirst();
        Long stored = Sql.list(db, "select kafka_offset from federation_subscription where id = ?",
                rs -> rs.getObject(1) == null ? null : rs.getLong(1), s.id()).getFirst();
        long start = reader.start();
        long commit = stored == null ? start : Math.max(stored, start);
        long next = commit;
        long end = reader.end();
        int held = s.version();
        String problem = null;
        Parts pending = null;
        while (next < end) {
            List<FederationTopic.Incoming> batch = reader.read(next, Duration.ofSeconds(5));
            if (batch.isEmpty()) break;
            for (FederationTopic.Incoming in : batch) {
                next = in.offset() + 1;
                if (!key.equals(in.key())) {
                    if (pending == null) commit = next;
                    continue;
                }
                JsonNode v = null;
                if (!KafkaPublisher.verify(publisherKey, in.value(), in.headers().get(KafkaPublisher.SIGNATURE))) {
                    problem = "a record at offset " + in.offset() + " of " + s.kafkaTopic() + " is not signed by the publisher; passed over";
                } else {
                    try {
                        JsonNode doc = Json.MAPPER.readTree(in.value());
                        if (doc.path("list").path("id").asLong() == s.remoteListId()) v = doc.path("versions").path(0);
                    } catch (IOException e) {
                        problem = "an unreadable record at offset " + in.offset() + "; passed over";
                    }
                }
                if (v == null || !v.isObject()) {
                    if (pending == null) commit = next;
                    continue;
                }
                int version = v.path("version").asInt();
                if (pending == null || pending.version != version)
                    pending = new Parts(version, v.path("kind").asText(), Math.max(1, v.path("parts").asInt(1)), in.offset());
                pending.got.put(v.path("part").asInt(1), v);
                if (pending.got.size() < pending.parts) continue;
                Parts done = pending;
                pending = null;
                if (done.version > held) {
                    if (!done.kind.equals("FULL") && !done.kind.equals("DELTA")) {
                        problem = "unknown version kind '" + done.kind + "' at offset " + done.firstOffset + "; passed over";
                    } else if (done.kind.equals("DELTA") && done.version != held + 1) {
                        String filled = null;
                        try {
                            held = pull(s, held).held();
                        } catch (GapRefused | PublisherError e) {
                            filled = e.getMessage();
                        }
                        if (done.version > held && done.version != held + 1) {
                            problem = "gap: this node runs version " + held + ", the topic offered delta " + done.version
                                    + " and the publisher's HTTP feed did not fill it" + (filled == null ? "" : " (" + filled + ")")
                                    + "; nothing applied (a FULL version will resolve it)";
                        } else if (done.version == held + 1) {
                            apply(s, done.version, done.kind, done.entries("added"), done.entries("removed"), KAFKA);
                            held = done.version;
                            problem = null;
                        }
                    } else {
                        apply(s, done.version, done.kind, done.entries("added"), done.entries("removed"), KAFKA);
                        held = done.version;
                        if (done.kind.equals("FULL")) problem = null;
                    }
                }
                commit = next;
                storeOffset(s.id(), commit);
            }
        }
        if (pending == null) commit = Math.max(commit, Math.min(next, end));
        storeOffset(s.id(), commit);
        lag.put(s.id(), Math.max(0, end - commit));
        return new Consumed(held, problem);
    }

    /** A reader that failed is made anew on the next read (its consumer may be left in any state). */
    private void dropReader(long id) {
        FederationTopic.Reader r = readers.remove(id);
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException ignored) {
                // closing a broken consumer: nothing more to do
            }
        }
    }

    private void storeOffset(long id, long offset) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update federation_subscription set kafka_offset = ? where id = ?")) {
            ps.setLong(1, offset);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class GapRefused extends RuntimeException {
        GapRefused(String message) {
            super(message);
        }
    }

    /** One version into the local list, through the list store (its own transaction and audit record), then the matcher. */
    private void apply(Subscription s, int version, String kind, JsonNode added, JsonNode removed, String transport) {
        List<EntryRow> add = rows(added);
        List<EntryRow> remove = rows(removed);
        ReferenceList list = lists.find(s.localListId()).orElseThrow(() -> new PublisherError("the local list is gone"));
        String by = "federation: " + s.publisherUrl() + " list " + s.remoteListId();
        java.util.function.Function<org.openanpr.hotlist.ListVersion, AuditEntry> record = v -> new AuditEntry(by, s.organisation(),
                AuditEntry.Action.LIST_IMPORT, "list " + list.id(), list.legalBasis(), null, list.purpose(), v.total(),
                Map.of("mode", kind.equals("FULL") ? "replace" : "delta", "version", v.version(), "federationVersion", version,
                        "added", v.added(), "removed", v.removed(), "transport", transport));
        ListEntryStore.Imported imported = kind.equals("FULL")
                ? entries.replace(list.id(), add, by, record, (prepared, v) -> matcher.prepareReplace(list.id(), v, prepared))
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
            List<UUID> ids = Sql.list(db, """
                    select h.id from hit h where h.list_id = ? and not exists
                        (select 1 from federation_forwarded_hit f where f.subscription_id = ? and f.hit_id = h.id)
                    order by h.created_at limit ?""", rs -> rs.getObject(1, UUID.class), s.localListId(), s.id(), HITS_PER_PUSH);
            if (ids.isEmpty()) return;
            sendHits(s, ids, "/api/v1/federation/feed/lists/" + s.remoteListId() + "/hits", "list " + s.localListId(),
                    "hits sent back to the publishing node");
        }
    }

    /**
     * Sends the publisher's organisation the hits it may see here under sharing agreements, as a person of it on this
     * node would see them (HitVisibility's shared-camera rule): hits on cameras the camera's owner shares with it (for
     * hits or passages, while the agreement holds, observed from its start on), on the camera owner's own lists. Hits
     * on mirrored lists are not among them: they go up with their list. Sent once.
     */
    private void forwardSharedHits(Subscription s, String publisher) {
        Instant now = Instant.now();
        while (true) {
            List<UUID> ids = Sql.list(db, """
                    with shared as (
                        select sc.camera_id, min(a.valid_from) as since from sharing_agreement a
                        join sharing_camera sc on sc.agreement_id = a.id
                        join camera cam on cam.id = sc.camera_id and cam.organisation = a.from_organisation
                        where a.to_organisation = ? and a.revoked_at is null and a.valid_from <= ? and a.valid_until > ?
                        group by sc.camera_id)
                    select h.id from hit h
                    join shared on shared.camera_id = h.camera_id and h.observed_at >= shared.since
                    join reference_list l on l.id = h.list_id
                    join camera cam on cam.id = h.camera_id and cam.organisation = l.organisation
                    where not exists (select 1 from federation_subscription fs where fs.local_list_id = h.list_id)
                      and not exists (select 1 from federation_forwarded_hit f where f.subscription_id = ? and f.hit_id = h.id)
                    order by h.created_at limit ?""", rs -> rs.getObject(1, UUID.class), publisher, now, now, s.id(), HITS_PER_PUSH);
            if (ids.isEmpty()) return;
            sendHits(s, ids, "/api/v1/federation/feed/hits", "hits", "hits shared with " + publisher + " under sharing agreements");
        }
    }

    /** Posts hits to the publisher, then marks them sent and audits it (per region: the organisation whose hits they are). */
    private void sendHits(Subscription s, List<UUID> ids, String path, String target, String purpose) {
        List<Hit> found = hits.find(ids);
        List<Map<String, Object>> body = new ArrayList<>();
        Map<String, Integer> perRegion = new LinkedHashMap<>();
        for (Hit h : found) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("region", h.organisation());
            m.put("plate", h.plate());
            m.put("country", h.country());
            m.put("camera", h.camera());
            m.put("time", h.time());
            m.put("hit", h);
            body.add(m);
            perRegion.merge(h.organisation(), 1, Integer::sum);
        }
        post(s.publisherUrl(), token(s.id()), path, body);
        try {
            Tx.sql(db, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into federation_forwarded_hit (subscription_id, hit_id) select ?, unnest(?::uuid[]) on conflict do nothing")) {
                    ps.setLong(1, s.id());
                    ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                    ps.executeUpdate();
                }
                for (Map.Entry<String, Integer> region : perRegion.entrySet())
                    audit.record(c, new AuditEntry("federation: " + s.publisherUrl(), region.getKey(), AuditEntry.Action.FEDERATION,
                            target, null, null, purpose, region.getValue(),
                            Map.of("publisher", s.publisherUrl(), "remoteList", s.remoteListId())));
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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

    private JsonNode put(String base, String token, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))), token);
        } catch (IOException e) {
            throw new PublisherError(e.getMessage());
        }
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
                select id, organisation, publisher_url, remote_list_id, local_list_id, version, last_sync_at, last_error, created_at,
                       transport, kafka_topic
                from federation_subscription
                """ + where + " order by id")) {
            ps.setString(1, organisation);
            ps.setString(2, organisation);
            List<Subscription> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(7);
                    out.add(new Subscription(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getInt(6), last == null ? null : last.toInstant(), rs.getString(8), rs.getTimestamp(9).toInstant(),
                            rs.getString(10), rs.getString(11)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the subscriptions", e);
        }
    }

    /** Closes the Kafka readers (the topic itself is the caller's). */
    void close() {
        readers.values().forEach(FederationTopic.Reader::close);
        readers.clear();
    }
}
