package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.Permission;
import org.openanpr.access.Principal;
import org.openanpr.access.Visibility;
import org.openanpr.audit.AuditEntry;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.ChangeRecorder;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.ListConflict;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.hotlist.ReferenceList;
import org.openanpr.http.ApiException;
import org.openanpr.http.Json;
import org.openanpr.http.Params;
import org.openanpr.passage.AuthorisedSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hit-list federation between nodes (a national hit-list service and regional back offices): a node publishes lists
 * of its organisation to subscriber nodes ({@code peers}, each with a federation token); a subscriber node mirrors
 * such a list in a local one, applies its versions in order, reports the version it runs with every pull, and sends
 * back the hits it produces on it. The publishing node sees which subscriber runs which version and which region
 * produced which hit. Everything exchanged is audited on both sides ({@code FEDERATION}, and the list imports'
 * {@code LIST_IMPORT}).
 *
 * <p>Routes for people ({@code /api/v1/federation/...}) go through the usual access rules; the feed that other nodes
 * call ({@code /api/v1/federation/feed/...}) takes only a federation token, and a peer sees only the lists its
 * organisation published.
 */
public final class Federation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Federation.class);
    public static final String FEED = "/api/v1/federation/feed/";
    private static final int MAX_HITS_PER_POST = 1000;
    private static final Duration PUBLISH_CHECK = Duration.ofSeconds(1);
    private static final Duration KAFKA_READ = Duration.ofSeconds(2);

    private final DataSource db;
    private final ListStore lists;
    private final Peers peers;
    private final Publications publications;
    private final FederatedHits reported;
    private final Subscriptions subscriptions;
    private final SharedPassages passages;
    private final SearchAuthorisation search;
    private final AuditLog audit;
    private final Duration retention;
    private final Duration syncEvery;
    private final Function<String, Visibility> visibilityOf;
    private volatile KafkaPublisher kafkaPublisher;
    private org.openanpr.kafka.FederationTopic kafkaTopic;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "federation");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService kafkaReader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "federation-kafka");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param syncEvery    how often subscriptions are synced (and published lists checked for changes)
     * @param visibilityOf what an organisation may see on this node (its sharing agreements): which passages go up
     * @param search       the gate for searching passages shared up (legal basis, threshold, approval)
     * @param retention    how long passages shared up are kept at the publisher
     */
    public Federation(DataSource db, ListStore lists, ListEntryStore entries, Matcher matcher, HitStore hits, AuditLog audit,
                      Duration syncEvery, Function<String, Visibility> visibilityOf, SearchAuthorisation search, Duration retention) {
        this.db = db;
        this.lists = lists;
        this.peers = new Peers(db);
        this.publications = new Publications(db, audit);
        this.reported = new FederatedHits(db, audit);
        this.passages = new SharedPassages(db, audit, visibilityOf);
        this.subscriptions = new Subscriptions(db, lists, entries, matcher, hits, audit, passages);
        this.syncEvery = syncEvery;
        this.search = search;
        this.audit = audit;
        this.retention = retention;
        this.visibilityOf = visibilityOf;
    }

    /**
     * Federation over Kafka as well ({@code serve --federation-kafka}, or the {@code --kafka} cluster): every version
     * of a published list also goes to the topic of its organisation, and subscriptions with transport {@code kafka}
     * read that topic. @throws IllegalStateException when the signing key cannot be loaded
     */
    public synchronized void useKafka(org.openanpr.kafka.KafkaSettings settings, io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        if (kafkaTopic != null) throw new IllegalStateException("federation already uses Kafka");
        kafkaTopic = new org.openanpr.kafka.FederationTopic(settings);
        kafkaPublisher = new KafkaPublisher(db, audit, kafkaTopic, id -> description(lists.find(id).orElseThrow()));
        subscriptions.useKafka(kafkaTopic);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("anpr_federation_kafka_lag")
                .help("Records on the publisher's federation topic a Kafka subscription has not read yet, as of its last read")
                .labelNames("subscription")
                .callback(cb -> subscriptions.lag.forEach((id, lag) -> cb.call(lag, Long.toString(id)))).register(registry);
    }

    /** Starts the periodic publish check and subscription sync. */
    public Federation start() {
        // Every import becomes a published version of its own when imports are further apart than this check.
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                publications.publishPending();
                KafkaPublisher kafka = kafkaPublisher;
                if (kafka != null) kafka.sendPending();
            } catch (RuntimeException e) {
                log.warn("federation publication check failed", e);
            }
        }, PUBLISH_CHECK.toMillis(), PUBLISH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        // Kafka subscriptions read their topic often (it is cheap when nothing is new); the full sync stays slower. On a
        // thread of their own: an unreachable cluster must not hold up publishing and the HTTP syncs.
        kafkaReader.scheduleWithFixedDelay(() -> {
            try {
                subscriptions.consumeAll();
            } catch (RuntimeException e) {
                log.warn("reading the federation topics failed", e);
            }
        }, KAFKA_READ.toMillis(), KAFKA_READ.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                subscriptions.syncAll();
            } catch (RuntimeException e) {
                log.warn("federation sync failed; next in {} s", syncEvery.toSeconds(), e);
            }
        }, syncEvery.toMillis(), syncEvery.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                passages.purge(Instant.now().minus(retention));
                reported.purgeShared(Instant.now().minus(retention));
            } catch (RuntimeException e) {
                log.warn("purging shared passages failed", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    public void register(Javalin app) {
        app.post("/api/v1/federation/publications", this::publish);
        app.get("/api/v1/federation/publications", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_LISTS);
            ctx.json(publications.of(who.organisation()));
        });
        app.post("/api/v1/federation/peers", this::createPeer);
        app.get("/api/v1/federation/peers", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_LISTS);
            ctx.json(peers.of(who.organisation()));
        });
        app.delete("/api/v1/federation/peers/{id}", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
            if (!peers.revoke(Params.id(ctx, "id"), who.organisation())) throw ApiException.notFound("no such peer");
            ctx.status(204);
        });
        app.get("/api/v1/federation/hits", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_HITS);
            ctx.json(reported.of(who.organisation(), Params.optionalLong(ctx, "list"), 1000));
        });
        app.post("/api/v1/federation/subscriptions", this::subscribe);
        app.get("/api/v1/federation/subscriptions", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_LISTS);
            ctx.json(subscriptions.of(who.organisation()));
        });
        app.post("/api/v1/federation/subscriptions/{id}/sync", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
            long id = Params.id(ctx, "id");
            subscriptions.find(id, who.organisation()).orElseThrow(() -> ApiException.notFound("no such subscription"));
            Object synced = subscriptions.sync(id);
            ChangeRecorder.recordedInStore(ctx); // a new version, if any, with its FEDERATION record
            ctx.json(synced);
        });
        app.get("/api/v1/federation/passages", this::searchPassages);
        app.get("/api/v1/federation/passages/regions", ctx -> {
            Principal who = AccessFilter.require(ctx, Permission.VIEW_STATS);
            ctx.json(passages.figures(who.organisation()));
        });
        app.post(FEED + "passages", this::receivePassages);
        app.get(FEED + "lists/{id}", ctx -> ctx.json(description(published(ctx, peer(ctx)))));
        app.get(FEED + "lists/{id}/versions", this::versions);
        app.post(FEED + "lists/{id}/hits", this::receiveHits);
        app.post(FEED + "hits", this::receiveSharedHits);
        app.put(FEED + "lists/{id}/version", this::reportVersion);
    }

    private void publish(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        JsonNode body = Params.body(ctx, JsonNode.class, "a JSON object with listId");
        if (!body.path("listId").canConvertToLong()) throw ApiException.badRequest("listId: required, the id of a list of your organisation");
        ReferenceList list = ownList(who, body.path("listId").asLong());
        boolean created = publications.publish(list.id(), who.label());
        KafkaPublisher kafka = kafkaPublisher;
        if (kafka != null) {
            try {
                kafka.sendPending();
            } catch (RuntimeException e) {
                log.warn("publishing list {} on Kafka failed; retried within seconds: {}", list.id(), e.getMessage());
            }
        }
        ctx.status(created ? 201 : 200).json(publications.of(list.organisation()).stream().filter(p -> p.listId() == list.id()).findFirst().orElseThrow());
    }

    private void createPeer(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        JsonNode body = Params.body(ctx, JsonNode.class, "a JSON object with name (and organisation for the system token)");
        String name = body.path("name").asText("").strip();
        if (name.isEmpty() || name.length() > 100 || !name.matches("[\\p{L}\\p{N} ._-]+"))
            throw ApiException.badRequest("name: required, up to 100 letters, digits, spaces, . _ -");
        String organisation = AccessFilter.ownOrganisation(who, body.path("organisation").isTextual() ? body.path("organisation").asText() : null,
                "a federation peer");
        String token;
        try {
            token = peers.create(organisation, name, who.label());
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("organisation", organisation);
        out.put("token", token);
        ctx.status(201).json(out);
    }

    private void subscribe(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.MANAGE_LISTS);
        JsonNode body = Params.body(ctx, JsonNode.class, "a JSON object with publisherUrl, token, remoteListId (and transport)");
        String url = body.path("publisherUrl").asText("").replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("publisherUrl: not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null || url.length() > 300)
            throw ApiException.badRequest("publisherUrl: an http(s) URL of the publishing node, e.g. https://landelijk.example.nl");
        String token = body.path("token").asText("");
        if (token.length() < 20 || token.length() > 200) throw ApiException.badRequest("token: the federation token the publishing node gave");
        if (!body.path("remoteListId").canConvertToLong()) throw ApiException.badRequest("remoteListId: required");
        String transport = body.path("transport").isMissingNode() || body.path("transport").isNull() ? Subscriptions.HTTP
                : body.path("transport").asText("");
        if (!transport.equals(Subscriptions.HTTP) && !transport.equals(Subscriptions.KAFKA))
            throw ApiException.badRequest("transport: http (pull the publisher's feed) or kafka (read the publisher's Kafka topic)");
        String organisation = AccessFilter.ownOrganisation(who, body.path("organisation").isTextual() ? body.path("organisation").asText() : null,
                "a subscription");
        try {
            ctx.status(201).json(subscriptions.create(organisation, url, token, body.path("remoteListId").asLong(), transport, who.label(),
                    ChangeRecorder.inTransaction(ctx, who, 201)));
        } catch (Subscriptions.PublisherError e) {
            throw new ApiException(502, e.getMessage());
        } catch (Subscriptions.TransportRefused e) {
            throw new ApiException(409, e.getMessage());
        } catch (ListConflict e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    // --- the feed, for other nodes ---

    private Peers.Peer peer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "a federation token is required: 'Authorization: Bearer <token>'");
        }
        return peers.resolve(header.substring(7).trim())
                .orElseThrow(() -> new ApiException(401, "invalid or revoked federation token"));
    }

    /** A list published by the peer's organisation, else 404 (another organisation's list is not named to it). */
    private ReferenceList published(Context ctx, Peers.Peer peer) {
        long id = Params.id(ctx, "id");
        String owner = publications.ownerOf(id);
        if (owner == null || !owner.equals(peer.organisation())) throw ApiException.notFound("no such published list");
        return lists.find(id).orElseThrow(() -> ApiException.notFound("no such published list"));
    }

    /**
     * A Kafka subscriber reports the version it runs; the answer is the list's description, its latest version and the
     * latest on Kafka (what the topic should have brought).
     */
    private void reportVersion(Context ctx) {
        Peers.Peer peer = peer(ctx);
        ReferenceList list = published(ctx, peer);
        JsonNode body = Params.body(ctx, JsonNode.class, "a JSON object with version and transport");
        if (!body.path("version").isInt() || body.path("version").asInt() < 0)
            throw ApiException.badRequest("version: required, the version this node runs (0 or more)");
        String transport = body.path("transport").asText("kafka");
        if (!transport.equals(Subscriptions.HTTP) && !transport.equals(Subscriptions.KAFKA))
            throw ApiException.badRequest("transport: http or kafka");
        Publications.Latest latest = publications.report(peer, list.id(), body.path("version").asInt(), transport);
        audit.recordChange(new AuditEntry("federation peer " + peer.name(), peer.organisation(), AuditEntry.Action.FEDERATION,
                "list " + list.id(), null, null, "the version a subscriber node runs", null,
                Map.of("peer", peer.name(), "version", body.path("version").asInt(), "transport", transport)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("list", description(list));
        out.put("version", latest.version());
        out.put("onKafka", latest.onKafka());
        ctx.json(out);
    }

    private Map<String, Object> description(ReferenceList l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("category", l.category().name());
        m.put("purpose", l.purpose());
        m.put("legalBasis", l.legalBasis());
        m.put("organisation", l.organisation());
        m.put("instruction", l.instruction());
        m.put("priority", l.priority());
        m.put("fuzzy", l.fuzzy());
        m.put("hitRetentionDays", l.hitRetentionDays());
        m.put("conditions", l.conditions());
        KafkaPublisher kafka = kafkaPublisher;
        if (kafka != null) m.put("kafka", Map.of("topic", kafka.topicOf(l.organisation()), "publicKey", kafka.publicKey()));
        return m;
    }

    private void versions(Context ctx) {
        Peers.Peer peer = peer(ctx);
        ReferenceList list = published(ctx, peer);
        int after = Params.integer(ctx, "after", 0, 0, Integer.MAX_VALUE);
        int limit = Params.integer(ctx, "limit", 10, 1, 100);
        List<Publications.Version> versions = publications.feed(peer, list.id(), after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("list", description(list));
        out.put("versions", versions);
        ctx.json(out);
    }

    private void receiveHits(Context ctx) {
        Peers.Peer peer = peer(ctx);
        ReferenceList list = published(ctx, peer);
        List<FederatedHits.Reported> hits = reportedHits(ctx);
        int fresh = reported.receive(peer, list.id(), list.organisation(), hits);
        ChangeRecorder.recordedInStore(ctx); // the hits, if any were new, with their FEDERATION record
        ctx.json(Map.of("received", hits.size(), "new", fresh));
    }

    /** Hits a subscriber node shares with the peer's organisation under its sharing agreements (on its own lists). */
    private void receiveSharedHits(Context ctx) {
        Peers.Peer peer = peer(ctx);
        List<FederatedHits.Reported> hits = reportedHits(ctx);
        int fresh = hits.isEmpty() ? 0 : reported.receive(peer, null, peer.organisation(), hits);
        ChangeRecorder.recordedInStore(ctx); // the hits, if any were new, with their FEDERATION record
        ctx.json(Map.of("received", hits.size(), "new", fresh));
    }

    private List<FederatedHits.Reported> reportedHits(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("not JSON: an array of hits");
        }
        if (body == null || !body.isArray()) throw ApiException.badRequest("expected a JSON array of hits");
        if (body.size() > MAX_HITS_PER_POST) throw new ApiException(413, "at most " + MAX_HITS_PER_POST + " hits per request");
        List<FederatedHits.Reported> hits = new ArrayList<>();
        int i = 0;
        for (JsonNode h : body) {
            int item = i++;
            hits.add(Params.valid(() -> {
                try {
                    UUID id = UUID.fromString(h.path("id").asText());
                    String region = text(h, "region", 100);
                    String plate = text(h, "plate", 20);
                    String camera = text(h, "camera", 100);
                    Instant time = OffsetDateTime.parse(h.path("time").asText()).toInstant();
                    String country = h.path("country").isTextual() ? h.path("country").asText() : null;
                    if (country != null && country.length() > 3) throw new IllegalArgumentException("country: an ISO code");
                    return new FederatedHits.Reported(id, region, plate, country, camera, time, h.path("hit"));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("item " + item + ": " + e.getMessage());
                }
            }));
        }
        return hits;
    }

    private void receivePassages(Context ctx) {
        Peers.Peer peer = peer(ctx);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("not JSON: an array of passages");
        }
        if (body == null || !body.isArray()) throw ApiException.badRequest("expected a JSON array of passages");
        if (body.size() > SharedPassages.PER_PUSH) throw new ApiException(413, "at most " + SharedPassages.PER_PUSH + " passages per request");
        List<SharedPassages.Shared> batch = new ArrayList<>();
        int i = 0;
        for (JsonNode p : body) {
            int item = i++;
            batch.add(Params.valid(() -> {
                try {
                    return SharedPassages.parse(p);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("item " + item + ": " + e.getMessage());
                }
            }));
        }
        int fresh = batch.isEmpty() ? 0 : passages.receive(peer, batch);
        ChangeRecorder.recordedInStore(ctx); // the passages, if any were new, with their FEDERATION record
        ctx.json(Map.of("received", batch.size(), "new", fresh));
    }

    /** Passages the regions shared up, of one plate: a passage search, with its legal basis, threshold and record. */
    private void searchPassages(Context ctx) {
        Principal who = AccessFilter.require(ctx, Permission.SEARCH_PASSAGES);
        String plate = Params.plate(ctx.queryParam("plate"));
        if (plate == null) throw ApiException.badRequest("plate: required");
        Instant now = Instant.now();
        Instant to = Params.instant(ctx, "to") == null ? now : Params.instant(ctx, "to");
        Instant from = Params.instant(ctx, "from") == null ? to.minus(Duration.ofDays(1)) : Params.instant(ctx, "from");
        SearchScope scope = Params.valid(() -> new SearchScope(plate, false, null, from, to));
        String region = ctx.queryParam("region");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("federation", "passages shared by regions");
        if (region != null) details.put("region", region);
        details.put("from", from.toString());
        details.put("to", to.toString());
        AuthorisedSearch authorised = AuthorisedSearch.authorise(ctx, who, search, audit, scope, plate, details);
        List<SharedPassages.Received> found = passages.search(who.organisation(), plate, region, from, to, 1000);
        authorised.recordResults(found.size());
        ctx.json(found);
    }

    private static String text(JsonNode h, String field, int max) {
        String v = h.path(field).asText("");
        if (v.isBlank() || v.length() > max) throw new IllegalArgumentException(field + ": required, at most " + max + " characters");
        return v;
    }

    private ReferenceList ownList(Principal who, long id) {
        ReferenceList list = lists.find(id).orElseThrow(() -> ApiException.notFound("no such list"));
        if (who.organisation() != null && !who.organisation().equals(list.organisation())) throw ApiException.notFound("no such list");
        return list;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        kafkaReader.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            kafkaReader.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriptions.close();
        if (kafkaTopic != null) kafkaTopic.close();
    }
}
