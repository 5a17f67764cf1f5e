package org.openanpr.investigation;

import io.javalin.Javalin;
import org.openanpr.access.OrganisationStore;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.passage.PassageSearch;
import org.openanpr.passage.SearchAuthorisation;
import org.openanpr.retention.RetentionPolicies;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Investigations on passage data, wired in one place: the section speed stage for the read pipeline
 * ({@link #sectionStage()}) and the HTTP routes (route of a plate, sections and their violations).
 */
public final class Investigations {
    private final SectionStore sections;
    private final SectionStage stage;
    private final CameraRegistry cameras;

    public Investigations(DataSource db, CameraRegistry cameras) {
        this.sections = new SectionStore(db);
        this.cameras = cameras;
        this.stage = new SectionStage(sections, cameras);
    }

    public SectionStage sectionStage() {
        return stage;
    }

    public void register(Javalin app, PassageSearch search, SearchAuthorisation authorisation, RetentionPolicies retention,
                         OrganisationStore organisations, AuditLog audit, Clock clock) {
        new RouteRoutes(search, authorisation, cameras, audit, clock).register(app);
        new SectionRoutes(sections, stage, cameras, retention, organisations, audit, clock).register(app);
    }
}
