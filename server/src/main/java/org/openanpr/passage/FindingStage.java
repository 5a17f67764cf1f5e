package org.openanpr.passage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A stage of the read pipeline that may add findings to reads: hits on reference lists today; zone and section-speed
 * violations and clone alerts later. It examines a request's reads in memory, before any transaction; what it found is
 * written in the transaction that stores the reads (so a finding is as durable as its read), and published after the
 * commit. No HTTP and no connection of its own: the pipeline runs the same way in an HTTP server or a queue worker.
 */
public interface FindingStage {
    /** The stage's name, for logs and docs. */
    String name();

    /** Examines one request's valid reads (ids distinct); must not touch the database. */
    Findings examine(List<Passage> passages);

    /**
     * Writes what was found in a group of requests' reads inside the group's transaction: for each request, only about
     * the reads it claimed (new ones; a resend or a read another request of the group carried is not new). Returns
     * what to publish once the transaction is committed.
     */
    Publication write(Connection c, List<Claimed> group) throws SQLException;

    /** What one stage found in one request's reads. */
    interface Findings {
        /**
         * Whether the read has a finding that makes it worth keeping where no-finding reads are not kept (a "hits
         * only" regime: such a read is matched and counted, never written).
         */
        boolean found(Passage p);
    }

    /** One request's findings and the ids of its reads that were new in this transaction. */
    record Claimed(Findings findings, List<Passage> passages, Set<UUID> ids) {
    }

    /** Runs after the commit, on the connection that committed (autocommit on again), never throwing at the caller. */
    interface Publication {
        Publication NONE = c -> { };

        void publish(Connection c);
    }
}
