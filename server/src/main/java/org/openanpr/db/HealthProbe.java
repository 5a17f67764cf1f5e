package org.openanpr.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the database answers, told within a bound: a health check that waited for the pool's connection timeout
 * would tell a load balancer nothing for seconds. One probe runs at a time; callers meanwhile wait on the same one,
 * so a flood of health checks opens no flood of connections.
 */
public final class HealthProbe {
    private final DataSource db;
    private final Duration limit;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "database-health");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<String> inFlight;

    public HealthProbe(DataSource db, Duration limit) {
        this.db = db;
        this.limit = limit;
    }

    /** Null when the database answered in time; otherwise what went wrong. */
    public String problem() {
        CompletableFuture<String> probe;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) inFlight = CompletableFuture.supplyAsync(this::check, probes);
            probe = inFlight;
        }
        try {
            return probe.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "the database did not answer within " + limit.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private String check() {
        try (Connection c = db.getConnection()) {
            return c.isValid((int) Math.max(1, limit.toSeconds())) ? null : "the database connection is not valid";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    public void close() {
        probes.shutdownNow();
    }
}
