package org.openanpr.zone;

import io.javalin.Javalin;
import org.openanpr.access.OrganisationStore;
import org.openanpr.audit.AuditLog;
import org.openanpr.audit.CheckpointKey;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.registry.MemoryRegistry;
import org.openanpr.registry.VehicleRegistry;
import org.openanpr.retention.RetentionPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Zone enforcement, wired as one part: its stores, its stage in the read pipeline, its routes and the purge of
 * compliant and exempt decisions (run hourly by the server's maintenance, not by a Kafka worker).
 */
public final class ZoneEnforcement {
    private static final Logger log = LoggerFactory.getLogger(ZoneEnforcement.class);
    private final ZoneStage stage;
    private final ZoneRoutes routes;
    private final ZoneRetention retention;

    public ZoneEnforcement(DataSource db, CameraRegistry cameras, OrganisationStore organisations, RetentionPolicies policies,
                           AuditLog audit, Clock clock) {
        this(db, registry(db, System.getenv(), clock), cameras, organisations, policies, audit, clock);
    }

    public ZoneEnforcement(DataSource db, VehicleRegistry registry, CameraRegistry cameras, OrganisationStore organisations,
                           RetentionPolicies policies, AuditLog audit, Clock clock) {
        ZoneStore zones = new ZoneStore(db);
        ExemptionStore exemptions = new ExemptionStore(db);
        stage = new ZoneStage(zones, exemptions, registry, cameras, organisations, clock);
        routes = new ZoneRoutes(zones, exemptions, new CaseStore(db), stage, cameras, organisations, audit, clock);
        retention = new ZoneRetention(db, policies, clock);
        // taken into memory at start only where a zone needs it; otherwise at the first lookup
        if (registry instanceof MemoryRegistry memory && stage.hasZones()) memory.refreshInBackground();
    }

    /**
     * The registry chosen by configuration: {@code ANPR_REGISTRY=offline} (the default: the RDW open data loaded by
     * {@code anpr registry load}, held in memory) or {@code rdw-api} (the live RDW open-data API, cached, with a time-out).
     */
    static VehicleRegistry registry(DataSource db, java.util.Map<String, String> env, Clock clock) {
        String source = env.getOrDefault("ANPR_REGISTRY", "offline");
        return switch (source) {
            case "offline" -> new MemoryRegistry(db);
            case "rdw-api" -> org.openanpr.registry.RdwApiRegistry.fromEnvironment(env, clock);
            default -> throw new IllegalArgumentException("ANPR_REGISTRY: offline or rdw-api, not '" + source + "'");
        };
    }

    public ZoneStage stage() {
        return stage;
    }

    public ZoneRetention retention() {
        return retention;
    }

    public void register(Javalin app) {
        routes.register(app);
    }

    /** The key that signs evidence packages. */
    public void useEvidenceKey(CheckpointKey key) {
        routes.useEvidenceKey(key);
    }

    /** Purges what the zone retention no longer allows to keep, and says so in the log when there was any. */
    public void purge() {
        ZoneRetention.Purged p = retention.purge();
        if (p.decisions() + p.rejectedImages() > 0)
            log.info("zone purge: {} compliant or exempt decisions, {} passages, images of {} rejected cases", p.decisions(), p.passages(), p.rejectedImages());
    }
}
