package org.openanpr.server;

import org.openanpr.audit.AuditCheckpoints;
import org.openanpr.audit.AuditLog;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.hit.AlertHub;
import org.openanpr.hit.AlertOutbox;
import org.openanpr.hit.OutboxTable;
import org.openanpr.hit.HitStats;
import org.openanpr.passage.Partitions;
import org.openanpr.retention.Purger;
import org.openanpr.zone.ZoneEnforcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every job the server runs on a schedule, in one place and on one thread: camera last-read flushes, alert-stream
 * heartbeats, the alert outbox's replay, audit burst summaries, the retention purge, the zone purge, scan-count roll-ups,
 * scheduled profile runs, abandoned CSV imports, the traffic statistics' roll-up (on a thread of its own), tomorrow's
 * partitions and (once the audit log is anchored) signed audit checkpoints. A job that fails is logged and runs again
 * at its next turn.
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    /** The parts the jobs work on. */
    record Parts(Clock clock, CameraRegistry cameras, AlertHub alerts, AuditLog audit, Purger purger, HitStats hitStats,
                 Partitions partitions, AlertOutbox outbox, ZoneEnforcement zones,
                 org.openanpr.investigation.CloneAlerts cloneAlerts, org.openanpr.profile.ProfileSchedules profileSchedules,
                 org.openanpr.connector.CsvImports imports, org.openanpr.investigation.TrafficRollup trafficRollup) {
    }

    private final Parts parts;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maintenance");
        t.setDaemon(true);
        return t;
    });
    /**
     * The traffic roll-up's own thread: its first run over a large passage table takes minutes, which would hold up
     * the heartbeats and outbox replays of the main one.
     */
    private final ScheduledExecutorService slow = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maintenance-rollup");
        t.setDaemon(true);
        return t;
    });
    private volatile AuditCheckpoints checkpoints;
    private volatile boolean stopping;

    Maintenance(Parts parts) {
        this.parts = parts;
    }

    void start() {
        every(5, 5, TimeUnit.SECONDS, "flushing camera last-read times failed; retried in 5 s", parts.cameras()::flush);
        every(15, 15, TimeUnit.SECONDS, "alert-stream heartbeat failed", parts.alerts()::heartbeat);
        // What a crash between a commit and its alerts left in the outbox, once listeners had time to reconnect.
        every(OutboxTable.IN_FLIGHT.toSeconds(), 2, TimeUnit.SECONDS, "replaying the alert outbox failed; retried in 2 s",
                parts.outbox()::replay);
        every(OutboxTable.IN_FLIGHT.toSeconds(), 2, TimeUnit.SECONDS, "replaying the clone alert outbox failed; retried in 2 s",
                parts.cloneAlerts()::replay);
        every(30, 30, TimeUnit.SECONDS, "writing audit burst summaries failed; retried in 30 s",
                () -> parts.audit().writeEndedBursts(false));
        // At start (catching up on whatever a stop or crash left) and every hour after.
        // A full roll-up refresh right after each purge: the roll-up holds nothing of what the purge removed.
        every(0, 1, TimeUnit.HOURS, "purge failed; it is retried within the hour", () -> {
            try {
                parts.purger().purge();
            } finally {
                slow.execute(() -> rollUp(true));
            }
        });
        slow.scheduleWithFixedDelay(() -> rollUp(false), 10, 10, TimeUnit.MINUTES);
        every(10, 3600, TimeUnit.SECONDS, "the zone purge failed; next try in an hour", parts.zones()::purge);
        every(10, 10, TimeUnit.MINUTES, "rolling up scan counts failed; the statistics stay correct, the table only grows", () -> {
            LocalDate d = Partitions.dayOf(parts.clock().instant());
            parts.hitStats().rollUp(d.minusDays(1));
            parts.hitStats().rollUp(d);
        });
        // Profiles under a standing approval: due ones run within a minute of their time (hourly or daily).
        every(30, 60, TimeUnit.SECONDS, "scheduled profile runs failed; retried in a minute", parts.profileSchedules()::runDue);
        // A connector's CSV import whose server crashed or stopped mid-way: taken up again from its last committed chunk.
        every(30, 30, TimeUnit.SECONDS, "taking up abandoned CSV imports failed; retried in 30 s", parts.imports()::resumeAbandoned);
        every(1, 1, TimeUnit.HOURS, "creating tomorrow's partitions failed; ingest creates them on demand", () -> {
            LocalDate d = Partitions.dayOf(parts.clock().instant());
            parts.partitions().ensureRange(d, d.plusDays(2));
        });
    }

    /** A signed checkpoint of the audit log now and every 5 minutes, and a last one at {@link #finish}. */
    void anchorAuditLog(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
        executor.scheduleWithFixedDelay(checkpoints::writeLogged, 0, 5, TimeUnit.MINUTES);
    }

    /** Stops the schedule; the server then stops its parts and calls {@link #finish}. */
    void stop() {
        stopping = true;
        executor.shutdownNow();
        slow.shutdownNow();
    }

    /** The traffic statistics' roll-up: closed hours and days of the last 2 days, or of every day ({@code full}). */
    private void rollUp(boolean full) {
        try {
            parts.trafficRollup().refresh(full);
        } catch (RuntimeException e) {
            // A refresh of a large table still running when the server stops loses its connection: nothing is wrong.
            if (stopping) log.info("the traffic roll-up stopped with the server; the next start refreshes it");
            else log.error("refreshing the traffic roll-up failed; the statistics read the passages for what it misses", e);
        }
    }

    /**
     * The last turn of the jobs whose work would otherwise be lost at a stop: last-read times, audit bursts still
     * open, and the audit records of the last minutes. The checkpoint is best effort, as on a signal the embedded
     * database's own shutdown hook may already have stopped it (the next start's checkpoint then covers them).
     */
    void finish() {
        parts.cameras().flush();
        parts.audit().writeEndedBursts(true);
        AuditCheckpoints last = checkpoints;
        if (last != null) last.writeLogged();
    }

    private void every(long initialDelay, long period, TimeUnit unit, String onFailure, Runnable job) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                // An exception would end the schedule of this job for good; the next turn may well succeed.
                log.error(onFailure, e);
            }
        }, initialDelay, period, unit);
    }
}
