package org.openanpr.passage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The match step of a read's path, between validation and storage: matching happens before the transaction, what it
 * found is written inside it (so a hit is as durable as its read), and alerts go out after the commit.
 */
public interface MatchStage {
    Pending match(List<Passage> passages);

    interface Pending {
        /**
         * Whether the passage is to be stored: under a "hits only" regime a read without a hit is matched and
         * counted, never written.
         */
        default boolean keep(Passage p) {
            return true;
        }

        /** Writes what matching found for the passages that were new, in the storing transaction. */
        void record(Connection c, Set<UUID> inserted) throws SQLException;

        /** Runs once the transaction is committed. */
        void afterCommit();
    }
}
