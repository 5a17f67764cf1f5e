package org.openanpr.investigation;

import io.javalin.Javalin;
import org.openanpr.access.OrganisationStore;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hit.FindingAlert;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.retention.RetentionPolicies;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Investigations on passage data, wired in one place: the section speed stage for the read pipeline
 * ({@link #stages()}) and the HTTP routes (route of a plate, convoy, sections and their violations, clone suspects,
 * stakeout and partial plates, traffic statistics).
 */
public final class Investigations {
    private final SectionStore sections;
    private final SectionStage stage;
    private final CameraRegistry cameras;
    private final CloneStage clones;
    private final CloneAlerts cloneAlerts;
    private final DataSource db;

    /** @param live where clone alerts go after their commit: the alert hub's {@code publishFindings}, or Kafka */
    public Investigations(DataSource db, CameraRegistry cameras, java.util.function.Consumer<java.util.List<FindingAlert>> live) {
        this.db = db;
        this.sections = new SectionStore(db);
        this.cameras = cameras;
        this.stage = new SectionStage(sections, cameras);
        this.cloneAlerts = new CloneAlerts(db, live);
        this.clones = new CloneStage(cameras, cloneAlerts);
    }

    /** The clone alerts: their outbox's replay (run every few seconds) and what a reconnecting stream missed. */
    public CloneAlerts cloneAlerts() {
        return cloneAlerts;
    }

    /** Every vehicle in an area and window, at one scene or several: the service the stakeout route and bench call. */
    public StakeoutSearch stakeouts() {
        return new StakeoutSearch(db, cameras);
    }

    /** The read pipeline's investigation stages, in order: section speed, cloned plates. */
    public java.util.List<org.openanpr.passage.FindingStage> stages() {
        return java.util.List.of(stage, clones);
    }

    public void register(Javalin app, PassageSearch search, SearchAuthorisation authorisation, RetentionPolicies retention,
                         OrganisationStore organisations, AuditLog audit, Clock clock) {
        new RouteRoutes(search, authorisation, cameras, audit, clock).register(app);
        new SectionRoutes(sections, stage, cameras, retention, organisations, audit, clock).register(app);
        new CloneRoutes(new CloneStore(db), authorisation, audit, clock).register(app);
        new ConvoyRoutes(db, search, authorisation, audit, clock).register(app);
        new StakeoutRoutes(stakeouts(), new StakeoutRequests(db), new org.openanpr.passage.SearchRequestStore(db), authorisation, audit).register(app);
        new PartialPlateRoutes(search, cameras, authorisation, audit, clock).register(app);
        new StatisticsRoutes(db, cameras, retention, organisations, authorisation, audit, clock).register(app);
    }
}
