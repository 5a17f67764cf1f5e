package org.openanpr.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openanpr.action.ActionStore;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hit.AlertOutbox;
import org.openanpr.hit.HitStore;
import org.openanpr.hotlist.ActivationStore;
import org.openanpr.hotlist.ListEntryStore;
import org.openanpr.hotlist.ListStore;
import org.openanpr.hotlist.Matcher;
import org.openanpr.kafka.HitTopic;
import org.openanpr.kafka.KafkaSettings;
import org.openanpr.kafka.ReadWorker;
import org.openanpr.passage.IngestLimits;
import org.openanpr.passage.IngestService;
import org.openanpr.passage.Partitions;
import org.openanpr.passage.PassageStore;
import org.openanpr.retention.RetentionPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code anpr worker}: the read pipeline's find, store and publish stages, composed as in {@link OpenAnprServer} (the
 * same {@link OpenAnprServer#findingStages}), fed by a {@link ReadWorker} from Kafka instead of by HTTP requests. Its
 * alerts go to the hits topic, from where every serve node's SSE streams get them.
 *
 * <p>A worker does not see the changes serve nodes make (lists imported, switched on, cameras, retention regimes), so
 * it looks for them in the database every {@value #REFRESH_SECONDS} seconds: a list whose version or definition
 * changed is loaded again, any change in activations, camera groups or actions remakes where lists are on.
 */
public final class WorkerNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);
    static final int REFRESH_SECONDS = 2;

    private final CameraRegistry cameras;
    private final Matcher matcher;
    private final IngestService pipeline;
    private final HitTopic hits;
    private final ReadWorker worker;
    private final AlertOutbox outbox;
    private final org.openanpr.investigation.Investigations investigations;
    private final org.openanpr.zone.ZoneEnforcement zones;
    private final org.openanpr.feed.HitFeeds feeds;
    private final org.openanpr.network.CameraActivity activity;
    private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker-chores");
        t.setDaemon(true);
        return t;
    });
    private final DataSource db;
    private final AtomicReference<RetentionPolicies> retention = new AtomicReference<>();
    private final ListFollower follower;
    private String retentionState;

    private final KafkaSettings settings;
    private final PrometheusRegistry metrics = new PrometheusRegistry();
    private org.openanpr.kafka.GroupMonitor group;
    private MetricsPort metricsPort;

    private WorkerNode(DataSource db, KafkaSettings settings, IngestLimits limits, Clock clock) {
        this.db = db;
        this.settings = settings;
        AuditLog audit = new AuditLog(db, clock);
        cameras = new CameraRegistry(db);
        Partitions partitions = new Partitions(db);
        LocalDate today = Partitions.dayOf(clock.instant());
        partitions.ensureRange(today.minusDays(1), today.plusDays(2));
        ListStore lists = new ListStore(db, audit);
        ListEntryStore listEntries = new ListEntryStore(db, audit);
        ActivationStore activations = new ActivationStore(db, audit);
        ActionStore actions = new ActionStore(db);
        retentionState = retentionState();
        matcher = new Matcher(lists, listEntries, activations, actions, cameras);
        follower = new ListFollower(db, matcher);
        HitStore hitStore = new HitStore(db);
        retention.set(new RetentionPolicies(db, cameras));
        hits = new HitTopic(settings);
        // The hits this worker stores go to the control rooms' feeds as they do from a serve node: a delivery row per
        // feed before the outbox lets go of them (the serve nodes send them). Without this, feeds got only the hits
        // of a serve node's own outbox, which under Kafka stores none.
        feeds = new org.openanpr.feed.HitFeeds(db, cameras, new org.openanpr.sharing.SharingStore(db, cameras, clock)::visibilityOf,
                clock, false);
        outbox = new AlertOutbox(db, hitStore, batch -> {
            hits.publish(batch);
            feeds.enqueue(batch);
        });
        activity = new org.openanpr.network.CameraActivity(clock);
        // Clone suspects this worker finds go to every serve node's stream over the findings topic, from their own outbox.
        investigations = new org.openanpr.investigation.Investigations(db, cameras, hits::publishFindings);
        // The same stages as a serve node's. Known limits: the clone stage remembers the sightings its own worker saw,
        // and a worker gets only its partitions' cameras; the camera activity counted here is written by the worker
        // itself: to camera_activity (learned rates, hourly) and, as what it saw lately (last arrival, clock offset,
        // confidence), to camera_observation, from which the serve nodes' health monitor judges its cameras.
        zones = new org.openanpr.zone.ZoneEnforcement(db, cameras, new org.openanpr.access.OrganisationStore(db), retention.get(),
                audit, clock);
        pipeline = new IngestService(db, cameras, new PassageStore(partitions),
                OpenAnprServer.findingStages(matcher, hitStore, outbox, zones, investigations, activity),
                camera -> retention.get().forCamera(camera).keepsNoHitReads(), limits, clock, metrics);
        worker = new ReadWorker(settings, pipeline::process, metrics);
        chores.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        chores.scheduleWithFixedDelay(outbox::replay, 0, 2, TimeUnit.SECONDS);
        chores.scheduleWithFixedDelay(investigations.cloneAlerts()::replay, 0, 2, TimeUnit.SECONDS);
        chores.scheduleWithFixedDelay(cameras::flush, 5, 5, TimeUnit.SECONDS);
        chores.scheduleWithFixedDelay(() -> {
            try {
                Instant now = clock.instant();
                activity.writeCounts(db, now);
                activity.writeObservations(db, now);
            } catch (RuntimeException e) {
                log.warn("writing camera activity failed; retried in 2 s: {}", e.getMessage());
            }
        }, 2, 2, TimeUnit.SECONDS);
    }

    /** Connects to Kafka (creating the topics where missing) and starts consuming. */
    public static WorkerNode start(DataSource db, KafkaSettings settings, IngestLimits limits, Clock clock) {
        WorkerNode node = new WorkerNode(db, settings, limits, clock);
        node.worker.start();
        return node;
    }

    /**
     * Serves {@code /metrics} on a port of its own: this worker's reads stored and duplicates, and the group's lag,
     * throughput (reads processed) and worker count, as a serve node shows them. Returns the port (for 0: the one
     * chosen).
     */
    public synchronized int serveMetrics(String host, int port) {
        if (metricsPort == null) {
            group = new org.openanpr.kafka.GroupMonitor(settings, metrics);
            metricsPort = new MetricsPort(host, port, metrics);
        }
        return metricsPort.port();
    }

    /** Follows what serve nodes changed since the last look. */
    private void refresh() {
        try {
            boolean camerasChanged = cameras.reload();
            follower.refresh(camerasChanged);
            String regimes = retentionState();
            if (camerasChanged || !regimes.equals(retentionState)) retention.set(new RetentionPolicies(db, cameras));
            retentionState = regimes;
            feeds.reload();
        } catch (RuntimeException e) {
            log.warn("could not look for changes; trying again shortly", e);
        }
    }

    private String retentionState() {
        StringBuilder sb = new StringBuilder();
        query("select coalesce(md5(string_agg(t::text, ',' order by t::text)), '') from retention_policy t", rs -> sb.append(rs.getString(1)));
        return sb.toString();
    }

    private interface Row {
        void take(ResultSet rs) throws java.sql.SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) row.take(rs);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (metricsPort != null) metricsPort.close();
        if (group != null) group.close();
        worker.close();
        chores.shutdownNow();
        pipeline.close();
        hits.close();
        feeds.close();
        matcher.close();
        activity.writeCounts(db, java.time.Instant.now());
        cameras.flush();
    }
}
