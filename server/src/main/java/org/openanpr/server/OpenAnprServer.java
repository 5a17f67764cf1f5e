package org.openanpr.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.access.AccessFilter;
import org.openanpr.access.ClientAddress;
import org.openanpr.access.LoginThrottle;
import org.openanpr.access.OrganisationStore;
import org.openanpr.access.Passwords;
import org.openanpr.access.SessionRoutes;
import org.openanpr.access.UserRoutes;
import org.openanpr.access.UserStore;
import org.openanpr.sharing.SharingRoutes;
import org.openanpr.sharing.SharingStore;
import org.openanpr.access.TokenStore;
import org.openanpr.access.Tokens;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.camera.CameraRoutes;
import org.openanpr.connector.ConnectorRoutes;
import org.openanpr.connector.ConnectorService;
import org.openanpr.feed.FeedRoutes;
import org.openanpr.feed.HitFeeds;
import org.openanpr.network.CameraActivity;
import org.openanpr.network.CameraHealth;
import org.openanpr.network.NetworkRoutes;
import org.openanpr.db.HealthProbe;
import org.openanpr.http.ApiException;
import org.openanpr.http.Json;
import org.openanpr.http.RequestGuard;
import org.openanpr.passage.IngestLimits;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openanpr.action.ActionRoutes;
import org.openanpr.audit.AuditCheckpoints;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.ChangeRecorder;
import org.openanpr.audit.RefusedProbeRecorder;
import org.openanpr.audit.AuditRoutes;
import org.openanpr.action.ActionStore;
import org.openanpr.hit.AlertHub;
import org.openanpr.hit.AlertOutbox;
import org.openanpr.hit.HistoricalHits;
import org.openanpr.hit.HitRoutes;
import org.openanpr.hit.HitStage;
import org.openanpr.investigation.Investigations;
import org.openanpr.passage.FindingStage;
import org.openanpr.hit.HitStats;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.ActivationStore;
import org.openanpr.hotlist.ListRoutes;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.passage.IngestService;
import org.openanpr.recognition.RecognitionPool;
import org.openanpr.recognition.RecognitionResult;
import org.openanpr.recognition.RecognitionRoutes;
import org.openanpr.passage.PassageRoutes;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.passage.SearchRequestRoutes;
import org.openanpr.passage.SearchRequestStore;
import org.openanpr.passage.SearchUsage;
import org.openanpr.passage.PassageStore;
import org.openanpr.passage.Partitions;
import org.openanpr.retention.Purger;
import org.openanpr.retention.RetentionPolicies;
import org.openanpr.retention.RetentionReport;
import org.openanpr.retention.RetentionRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The back office: every capability's routes on one Javalin server, over one database. This is the one place
 * where the parts are wired together.
 */
public final class OpenAnprServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenAnprServer.class);

    private final Javalin app;
    private final CameraRegistry cameras;
    private final IngestService ingest;
    private final RecognitionPool recognition;
    private final Matcher matcher;
    private final Purger purger;
    private final AlertHub alerts;
    private final Maintenance maintenance;
    private final org.openanpr.profile.ProfileSchedules profileSchedules;
    private final String generatedAdminToken;
    private final boolean tls;
    private final AuditLog audit;
    private final HealthProbe health;
    private final org.openanpr.zone.ZoneEnforcement zones;
    private final ConnectorService connectors;
    /** Null unless {@code serve --kafka}: then reads and alerts go through Kafka (org.openanpr.kafka). */
    private final org.openanpr.kafka.KafkaNode kafka;
    private final org.openanpr.federation.Federation federation;
    private final java.util.concurrent.ScheduledExecutorService listFollower;
    private final org.openanpr.exchange.Exchange exchange;
    private final CameraHealth cameraHealth;
    private final HitFeeds hitFeeds;
    private final ChangeRecorder changes;
    private final PrometheusRegistry metrics;

    private OpenAnprServer(DataSource pool, ServerConfig config, org.openanpr.kafka.KafkaSettings kafkaSettings) {
        // The stores' database: on a thread serving a change, that request's one transaction (ChangeRecorder).
        DataSource db = org.openanpr.db.RequestTransaction.joining(pool);
        tls = config.tls() != null;
        // Worked out once, first: a bad tile URL stops the start instead of failing every request.
        String csp = contentSecurityPolicy(config);
        PrometheusRegistry metrics = new PrometheusRegistry();
        this.metrics = metrics;
        JvmMetrics.builder().register(metrics);
        TokenStore tokens = new TokenStore(db, config.clock());
        audit = new AuditLog(pool, config.clock()); // its own transactions, or the request's when asked
        generatedAdminToken = bootstrapAdmin(tokens, config.adminToken(), audit);

        cameras = new CameraRegistry(db);
        OrganisationStore organisations = new OrganisationStore(db);
        UserStore users = new UserStore(db, new Passwords(config.passwordCost()), tokens, config.clock());
        SharingStore sharing = new SharingStore(db, cameras, config.clock());
        Partitions partitions = new Partitions(db);
        LocalDate today = Partitions.dayOf(config.clock().instant());
        partitions.ensureRange(today.minusDays(config.limits().retention().toDays()), today.plusDays(2));
        PassageSearch search = new PassageSearch(db);
        ListStore lists = new ListStore(db, audit);
        ListEntryStore listEntries = new ListEntryStore(db, audit);
        ActivationStore activations = new ActivationStore(db, audit);
        ActionStore actions = new ActionStore(db);
        matcher = new Matcher(lists, listEntries, activations, actions, cameras);
        HitStore hits = new HitStore(db);
        HitStats hitStats = new HitStats(db);
        health = new HealthProbe(pool, Duration.ofSeconds(1));
        alerts = new AlertHub(cameras);
        RetentionPolicies retention = new RetentionPolicies(db, cameras);
        purger = new Purger(db, partitions, cameras, retention, config.clock());
        hitFeeds = new HitFeeds(db, cameras, sharing::visibilityOf, config.clock());
        // With --kafka, reads go to workers through Kafka and every alert through the hits topic to every node's hub.
        kafka = kafkaSettings == null ? null : org.openanpr.kafka.KafkaNode.serve(kafkaSettings, metrics);
        java.util.function.Consumer<List<org.openanpr.hit.Alert>> live = kafka == null ? alerts::publish : kafka.alerts();
        // Hits out: to the live stream first (officers), then as durable deliveries to the control rooms' feeds, before
        // the outbox lets go of them (a failure leaves them in the outbox, replayed: at least once).
        AlertOutbox outbox = new AlertOutbox(pool, hits, batch -> {
            live.accept(batch);
            hitFeeds.enqueue(batch);
        });
        if (kafka != null) kafka.feedAlerts(alerts::publish, alerts::publishFindings);
        zones = new org.openanpr.zone.ZoneEnforcement(db, cameras, organisations, retention, audit, config.clock());
        // Clone suspects go out as live alerts the same way: to this hub, or through Kafka to every node's.
        Investigations investigations = new Investigations(db, cameras, kafka == null ? alerts::publishFindings : kafka.findings());
        CameraActivity activity = new CameraActivity(config.clock());
        recognition = RecognitionPool.defaults(metrics);
        // A read that is only an image is recognised while it is validated, in its own pool, before any hand-off.
        // The read pipeline owns its transactions, also for reads a change request imports (a connector's CSV job).
        ingest = new IngestService(pool, cameras, new PassageStore(partitions),
                findingStages(matcher, hits, outbox, zones, investigations, activity),
                camera -> retention.forCamera(camera).keepsNoHitReads(), config.limits(), config.clock(), metrics,
                recognition, kafka == null ? null : kafka.ingest());
        HistoricalHits historical = new HistoricalHits(db, search, listEntries, matcher, hits, outbox, config.limits().retention(),
                config.clock(), sharing::visibilityOf, retention, audit);

        boolean servesEquipment = config.tls() != null && config.tls().equipmentPort() != null;
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            // Sizes are enforced on what is actually read, per route, by the RequestGuard; this is only Javalin's own cap.
            c.http.maxRequestSize = Math.max(config.limits().maxBodyBytes(), config.limits().maxImportBytes());
            RequestGuard guard = requestGuard(config.limits());
            // Enough threads for every lane full at once: one lane's slow clients never take another's threads.
            QueuedThreadPool threads = new QueuedThreadPool(guard.threadsNeeded(), 8, 60_000);
            threads.setName("http");
            c.jetty.threadPool = threads;
            c.jetty.modifyServletContextHandler(h -> {
                FilterHolder holder = new FilterHolder(guard);
                holder.setAsyncSupported(true);
                h.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            if (config.tls() != null) c.jetty.addConnector((server, http) -> Tls.connector(server, http, config));
            if (servesEquipment)
                c.jetty.addConnector((server, http) -> Tls.equipment(server, http, config));
            c.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/web";
                s.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            // Front-end libraries (Leaflet) from WebJars on the classpath: /webjars/<name>/<version>/...
            c.staticFiles.enableWebjars();
        });
        AccessFilter access = new AccessFilter(tokens, sharing);
        app.before(ctx -> {
            securityHeaders(ctx, csp);
            // The equipment port delivers reads and nothing else: what an agent's certificate opens is that one route.
            // Asked of every request (reads come thousands a second) only where there is an equipment port to ask about.
            if (servesEquipment && throughEquipmentPort(ctx) && !ctx.path().startsWith(ConnectorRoutes.INGEST_PREFIX))
                throw ApiException.notFound("the equipment port serves only POST " + ConnectorRoutes.INGEST_PREFIX + "{connector}");
            access.authenticate(ctx);
        });
        changes = new ChangeRecorder(audit, access, pool, metrics);
        app.beforeMatched(changes::begin);
        app.after(changes::end);
        app.after(new RefusedProbeRecorder(audit, access)::after);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.fields()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("request failed: {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error; nothing was acknowledged");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) error(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path());
        });
        app.error(405, ctx -> error(ctx, 405, "method not allowed"));

        app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("/web/index.html")));
        app.get("/health", ctx -> health(ctx, health));
        app.get("/metrics", ctx -> {
            AccessFilter.requireSystem(ctx);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PrometheusTextFormatWriter(false).write(out, metrics.scrape());
            ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
        });
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(resource("/openapi.json")));
        app.get("/api/v1/config", ctx -> {
            // The equipment port, so that a connector's page can name where its equipment delivers with a certificate.
            com.fasterxml.jackson.databind.node.ObjectNode web = Json.MAPPER.valueToTree(config.web());
            int equipment = equipmentPort();
            if (equipment > 0) web.put("equipmentPort", equipment); else web.putNull("equipmentPort");
            ctx.json(web);
        });
        // Reads come thousands of times a second: their routes go first, since Javalin tries a request's path against
        // the routes of its method in the order they were added, a regex each (trying the ones added before the reads'
        // took 4 % of a single-read request's CPU).
        SearchRequestStore searchRequests = new SearchRequestStore(db);
        SearchAuthorisation authorisation = new SearchAuthorisation(searchRequests, new SearchUsage(db),
                config.searchThreshold(), config.clock());
        new PassageRoutes(ingest, search, authorisation, config.limits(), config.clock(), audit).register(app);
        connectors = new ConnectorService(db, ingest, config.clock(), metrics);
        new ConnectorRoutes(connectors, cameras, audit, config.limits().maxBodyBytes()).register(app);
        new SessionRoutes(users, tokens, organisations, new LoginThrottle(config.clock()),
                new ClientAddress(config.accounts().trustedProxies()), audit, config.tls() != null).register(app);
        new UserRoutes(users, organisations, tokens, audit, config.accounts().tokenLifetime(), config.tls() != null, config.clock())
                .register(app);
        new SharingRoutes(sharing, cameras, organisations, audit, config.clock()).register(app);
        new CameraRoutes(cameras, tokens, () -> org.openanpr.db.RequestTransaction.atEnd(matcher::activationsChanged)).register(app);
        investigations.register(app, search, authorisation, retention, organisations, audit, config.clock());
        org.openanpr.profile.ProfileStore profileStore = new org.openanpr.profile.ProfileStore(db);
        new org.openanpr.profile.ProfileRoutes(profileStore, cameras, organisations, authorisation, audit, config.clock()).register(app);
        profileSchedules = new org.openanpr.profile.ProfileSchedules(db, profileStore, organisations, sharing::visibilityOf, audit, config.clock());
        new org.openanpr.profile.ScheduleRoutes(profileSchedules, profileStore, audit, config.clock()).register(app);
        new RecognitionRoutes(recognition, audit).register(app);
        new SearchRequestRoutes(searchRequests, authorisation, config.limits(), audit, config.clock()).register(app);
        new ListRoutes(lists, listEntries, activations, cameras, matcher, historical, audit, config.limits().maxImportBytes()).register(app);
        new AuditRoutes(audit, access).register(app);
        new ActionRoutes(actions, cameras, lists, matcher, hitStats, hits, organisations, config.clock(), audit).register(app);
        new HitRoutes(hits, hitStats, alerts, cameras, lists, actions, config.clock(), audit, investigations.cloneAlerts()).register(app);
        federation = new org.openanpr.federation.Federation(db, lists, listEntries, matcher, hits, audit, Duration.ofSeconds(30),
                sharing::visibilityOf, authorisation, config.limits().retention());
        federation.register(app);
        exchange = new org.openanpr.exchange.Exchange(db, lists, listEntries, matcher, hits, audit, config.clock(),
                config.limits().retention()).start();
        exchange.register(app);
        new RetentionRoutes(retention, purger, new RetentionReport(db, partitions, cameras, retention, config.clock()), cameras)
                .register(app);
        zones.register(app);

        cameraHealth = new CameraHealth(db, cameras, activity, config.clock());
        cameraHealth.onChange(change -> hitFeeds.enqueueEvent("health", change.id(), change.organisation(), change));
        new NetworkRoutes(cameraHealth, cameras, new org.openanpr.network.RoadNetworks(db), config.limits().maxImportBytes()).register(app);
        new FeedRoutes(hitFeeds).register(app);

        maintenance = new Maintenance(new Maintenance.Parts(config.clock(), cameras, alerts, audit, purger, hitStats, partitions, outbox, zones,
                investigations.cloneAlerts(), profileSchedules, connectors.imports(),
                new org.openanpr.investigation.TrafficRollup(db, config.clock())));
        maintenance.start();
        // Several serve nodes may share the database: each follows the list changes the others make, as workers do.
        listFollower = ListFollower.every(db, matcher, Duration.ofSeconds(WorkerNode.REFRESH_SECONDS));
        federation.start();

        app.start(config.host(), config.port());
    }

    /**
     * Anchors the audit log outside the database: a signed checkpoint now, every 5 minutes and at stop, so that at
     * most the last few minutes of records could be cut off unnoticed.
     */
    public void anchorAuditLog(AuditCheckpoints checkpoints) {
        maintenance.anchorAuditLog(checkpoints);
    }

    /** Ingest requests handled at once: a shared network's cameras each post a read at once. */
    static final int INGEST_IN_FLIGHT = 256;
    /** What the ingest requests in flight may announce together, in bodies of the largest size. */
    static final int INGEST_FULL_BODIES = 32;

    /**
     * The lanes requests are admitted in (see {@link RequestGuard}): logging in, with a small body that must arrive
     * within seconds, before anyone is known; camera ingest, where a request waits a few milliseconds for its group's
     * commit, holding a thread and its body (many places, bounded by the bytes they announce); bulk imports, one at a
     * time since each is held whole in memory; health and the alert stream, never queued behind anything; and
     * everything else.
     */
    static RequestGuard requestGuard(IngestLimits limits) {
        RequestGuard.Lane login = new RequestGuard.Lane("login", 64, 8 * 1024, Duration.ofSeconds(5));
        RequestGuard.Lane ingest = new RequestGuard.Lane("ingest", INGEST_IN_FLIGHT, limits.maxBodyBytes(), Duration.ofSeconds(60),
                INGEST_FULL_BODIES * limits.maxBodyBytes());
        RequestGuard.Lane bulk = new RequestGuard.Lane("import", 1, limits.maxImportBytes(), Duration.ofMinutes(10));
        RequestGuard.Lane live = new RequestGuard.Lane("health and alert stream", 0, 8 * 1024, Duration.ofSeconds(60));
        RequestGuard.Lane other = new RequestGuard.Lane("other", 128, 1024 * 1024, Duration.ofSeconds(60));
        RequestGuard.Lane recognise = new RequestGuard.Lane("recognition", 8, RecognitionResult.MAX_IMAGE_BYTES, Duration.ofSeconds(30));
        return new RequestGuard(List.of(login, ingest, bulk, live, other, recognise), req -> {
            String path = req.getRequestURI();
            if (path.equals("/api/v1/session")) return login;
            if (path.equals("/api/v1/reads") || path.startsWith(ConnectorRoutes.INGEST_PREFIX)) return ingest;
            if (path.equals("/api/v1/recognize")) return recognise;
            if (path.equals("/api/v1/cameras/import") || path.startsWith("/api/v1/connectors/") && path.endsWith("/imports") && req.getMethod().equals("POST")
                    || path.equals("/api/v1/exchange/imports")
                    || path.startsWith("/api/v1/lists/") && path.endsWith("/entries")
                    && req.getMethod().equals("POST")
                    || (path.equals("/api/v1/road-networks") || path.equals("/api/v1/road-networks/osm-pbf")) && req.getMethod().equals("POST")) return bulk;
            if (path.equals("/health") || path.equals("/api/v1/alerts/stream")) return live;
            return other;
        });
    }

    public static OpenAnprServer start(DataSource db, ServerConfig config) {
        return new OpenAnprServer(db, config, null);
    }

    /** As {@link #start(DataSource, ServerConfig)}, handing reads to workers through Kafka ({@code serve --kafka}). */
    public static OpenAnprServer start(DataSource db, ServerConfig config, org.openanpr.kafka.KafkaSettings kafka) {
        return new OpenAnprServer(db, config, kafka);
    }

    /**
     * The read pipeline's finding stages, in order; the one list for this server and for {@code anpr worker}
     * ({@link WorkerNode}), so that both run the same pipeline.
     */
    /**
     * The read pipeline's finding stages, in order, composed here for the server and its Kafka workers alike:
     * validate → match lists → zones → section speed → cloned plates → count camera activity (health) → store → publish.
     */
    static List<FindingStage> findingStages(Matcher matcher, HitStore hits, AlertOutbox outbox,
                                            org.openanpr.zone.ZoneEnforcement zones, Investigations investigations,
                                            CameraActivity activity) {
        List<FindingStage> stages = new java.util.ArrayList<>(List.of(new HitStage(matcher, hits, outbox), zones.stage()));
        stages.addAll(investigations.stages());
        stages.add(activity);
        return List.copyOf(stages);
    }

    /** Changes answered as done with no audit record in their transaction since the start (see {@link ChangeRecorder}). */
    public long unrecordedChanges() {
        return changes.unrecorded();
    }

    public int port() {
        return app.port();
    }

    /** The equipment port ({@code serve --equipment-port}); -1 when there is none. */
    public int equipmentPort() {
        for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors())
            if (Tls.EQUIPMENT.equals(c.getName()) && c instanceof org.eclipse.jetty.server.ServerConnector s) return s.getLocalPort();
        return -1;
    }

    private static boolean throughEquipmentPort(io.javalin.http.Context ctx) {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
        return base != null && Tls.EQUIPMENT.equals(base.getHttpChannel().getConnector().getName());
    }

    /**
     * Every HTTP route this server registered, as "METHOD /path" (e.g. "GET /api/v1/lists/{id}"): no before/after
     * filters, HEAD or OPTIONS, and not the static files. For checking the OpenAPI document against the routes.
     */
    public java.util.List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(io.javalin.router.ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .filter(e -> e.getMethod() != io.javalin.http.HandlerType.HEAD && e.getMethod() != io.javalin.http.HandlerType.OPTIONS)
                .map(e -> e.getMethod().name() + " " + e.getPath())
                .distinct()
                .toList();
    }

    /** Where this server answers on this machine, for in-process clients such as the demo set-up. */
    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public CameraRegistry cameras() {
        return cameras;
    }

    /** The matcher ingest uses, for {@code bench match}. */
    public Matcher matcher() {
        return matcher;
    }

    /**
     * Hit-list federation over Kafka as well as HTTP ({@code serve --federation-kafka}): published versions also go to
     * the cluster, and subscriptions may read it. Its consumer lag is in {@code /metrics}.
     */
    public void useFederationKafka(org.openanpr.kafka.KafkaSettings settings) {
        federation.useKafka(settings, metrics);
    }

    /** Zone enforcement: its stage, its purge, and the key that signs its evidence packages. */
    public org.openanpr.zone.ZoneEnforcement zones() {
        return zones;
    }

    /** The scheduled profile runs, for tests that run what is due without waiting for the minute. */
    public org.openanpr.profile.ProfileSchedules profileSchedules() {
        return profileSchedules;
    }

    public Purger purger() {
        return purger;
    }

    /** The connectors' way into the read pipeline, for the demo and {@code bench connectors}. */
    public ConnectorService connectors() {
        return connectors;
    }

    public IngestService ingest() {
        return ingest;
    }

    /** The admin token generated at this start, or null when one already existed or was given. */
    public String generatedAdminToken() {
        return generatedAdminToken;
    }

    /**
     * The system token at start. A given one (ANPR_ADMIN_TOKEN) is the only one: any other is revoked, so changing
     * the variable and restarting rotates it; a given one that was revoked (by {@code anpr admin-token}) stops the
     * start rather than coming back to life. Without one, one is generated when none is live.
     */
    private static String bootstrapAdmin(TokenStore tokens, String given, AuditLog audit) {
        if (given != null && !given.isEmpty()) {
            if (tokens.adminTokenState(given) == TokenStore.AdminTokenState.REVOKED)
                throw new IllegalArgumentException("ANPR_ADMIN_TOKEN was revoked; set a new one (at least "
                        + org.openanpr.access.SystemToken.MIN_LENGTH + " characters) or leave it out to have one generated");
            tokens.registerAdmin(given, "admin (ANPR_ADMIN_TOKEN)");
            int revoked = tokens.revokeAdminTokens(given);
            if (revoked > 0) {
                log.info("revoked {} other system token(s): ANPR_ADMIN_TOKEN is the system token", revoked);
                audit.record(new org.openanpr.audit.AuditEntry("anpr serve (ANPR_ADMIN_TOKEN)", null,
                        org.openanpr.audit.AuditEntry.Action.ADMIN, "system token", null, null, null, null,
                        Map.of("action", "rotate", "revoked", revoked)));
            }
            return null;
        }
        if (tokens.anyAdminToken()) return null;
        String token = Tokens.generate("adm");
        tokens.registerAdmin(token, "admin (generated at first start)");
        return token;
    }

    private static void health(Context ctx, HealthProbe probe) {
        Map<String, Object> body = new LinkedHashMap<>();
        String problem = probe.problem();
        if (problem == null) {
            body.put("status", "ok");
            body.put("database", "ok");
            ctx.json(body);
        } else {
            body.put("status", "unavailable");
            body.put("database", problem);
            ctx.status(503).json(body);
        }
    }

    private static String contentSecurityPolicy(ServerConfig config) {
        String tiles = config.web().tileUrl() == null ? "" : " " + tileOrigin(config.web().tileUrl());
        return "default-src 'self'; img-src 'self' data: blob:" + tiles
                + "; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";
    }

    private void securityHeaders(Context ctx, String csp) {
        ctx.header("Content-Security-Policy", csp);
        if (tls) ctx.header("Strict-Transport-Security", "max-age=31536000");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** The scheme and host of a tile URL template ({s} subdomains become a wildcard), for the Content-Security-Policy. */
    static String tileOrigin(String template) {
        int start = template.indexOf("://");
        if (start < 0) throw new IllegalArgumentException("tile URL must start with http:// or https://: " + template);
        int end = template.indexOf('/', start + 3);
        return template.substring(0, start) + "://" + template.substring(start + 3, end < 0 ? template.length() : end)
                .replace("{s}", "*");
    }

    private static void error(Context ctx, int status, String reason) {
        error(ctx, status, reason, Map.of());
    }

    private static void error(Context ctx, int status, String reason, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", io.javalin.http.HttpStatus.forStatus(status).getMessage());
        body.put("reason", reason);
        body.putAll(fields);
        ctx.status(status).json(body);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = OpenAnprServer.class.getResourceAsStream(path)) {
            if (in == null) throw ApiException.notFound("missing resource " + path);
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        listFollower.shutdownNow();
        exchange.close();
        maintenance.stop();
        federation.close();
        health.close();
        app.stop();
        connectors.close();
        cameraHealth.close();
        ingest.close();
        if (kafka != null) kafka.close();
        recognition.close();
        hitFeeds.close();
        alerts.close();
        matcher.close();
        maintenance.finish();
    }
}
