package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.hit.AlertFilter;
import org.openanpr.hit.FindingAlert;
import org.openanpr.hit.MissedFindings;
import org.openanpr.hit.OutboxTable;
import org.openanpr.passage.FindingStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Clone suspects as live alerts to the organisation that found them, delivered at least once the way hits are
 * ({@link org.openanpr.hit.AlertOutbox}): a suspect is put in {@code clone_outbox} in the transaction that stores it;
 * after the commit it is handed over (to this node's alert hub, or under Kafka to the findings topic every serve node
 * reads) and taken out. What a crash or a failed hand-over leaves there is handed over again by {@link #replay}, which
 * the server and the workers run every few seconds: an alert may come twice, never not at all. It is also where the
 * stream finds the clone alerts a reconnecting listener missed.
 */
public final class CloneAlerts implements MissedFindings {
    private static final Logger log = LoggerFactory.getLogger(CloneAlerts.class);
    /** The SSE event name: clients that listen only for {@code hit} events are not disturbed. */
    public static final String KIND = "clone";
    /** Event ids are "clone-" and the suspect's id: never a hit's UUID, so a Last-Event-ID says which it names. */
    private static final String ID_PREFIX = KIND + "-";
    private static final OutboxTable TABLE = new OutboxTable("clone_outbox", "clone_id", "bigint");

    private final DataSource db;
    private final CloneStore store;
    private final Consumer<List<FindingAlert>> out;

    /** @param out where alerts go: the alert hub's {@code publishFindings}, or the Kafka findings topic */
    public CloneAlerts(DataSource db, Consumer<List<FindingAlert>> out) {
        this.db = db;
        this.store = new CloneStore(db);
        this.out = out;
    }

    static FindingAlert alert(CloneSuspect s) {
        // both cameras are the organisation's own (pairs across organisations are not suspects): it is the region too
        return new FindingAlert(KIND, ID_PREFIX + s.id(), s.organisation(), s.organisation(), s);
    }

    /** In the storing transaction: puts the new suspects in the outbox. Returns what hands them over after the commit. */
    FindingStage.Publication record(Connection c, List<Long> stored) throws SQLException {
        if (stored.isEmpty()) return FindingStage.Publication.NONE;
        TABLE.put(c, stored);
        List<FindingAlert> alerts = CloneStore.find(c, stored).stream().map(CloneAlerts::alert).toList();
        return after -> publish(after, alerts);
    }

    /** Hands the alerts over, then takes them out of the outbox; a failure leaves them for {@link #replay}. */
    private boolean publish(Connection c, List<FindingAlert> alerts) {
        try {
            out.accept(alerts);
        } catch (RuntimeException e) {
            log.warn("clone alerts not handed over; they stay in the outbox and are tried again", e);
            return false;
        }
        try {
            TABLE.take(c, alerts.stream().map(a -> id(a.id())).toList());
            return true;
        } catch (SQLException e) {
            log.warn("clone alerts published but still in the outbox; they may be published again", e);
            return false;
        }
    }

    /**
     * Hands over what is in the outbox and older than {@link OutboxTable#IN_FLIGHT} (left by a crash or a failed hand-over),
     * oldest first, and returns how many.
     */
    public int replay() {
        int total = 0;
        try (Connection c = db.getConnection()) {
            while (true) {
                List<Long> ids = TABLE.due(c, Long.class, 500);
                if (ids.isEmpty()) return total;
                List<FindingAlert> alerts = CloneStore.find(c, ids).stream().map(CloneAlerts::alert).toList();
                log.info("publishing {} clone alerts left in the outbox", alerts.size());
                if (!publish(c, alerts)) return total;
                total += ids.size();
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("replaying the clone alert outbox failed; retried shortly", e);
            return total;
        }
    }

    @Override
    public Optional<Instant> storedAt(String eventId) {
        Long id = eventId.startsWith(ID_PREFIX) ? parse(eventId.substring(ID_PREFIX.length())) : null;
        return id == null ? Optional.empty() : store.createdAt(id);
    }

    @Override
    public List<FindingAlert> since(Instant since, String except, AlertFilter f, Visibility v, int limit) {
        if (f.listId() != null || f.actionId() != null) return List.of();
        Long skip = except != null && except.startsWith(ID_PREFIX) ? parse(except.substring(ID_PREFIX.length())) : null;
        return store.storedSince(since, skip, f.region(), v, limit).stream().map(CloneAlerts::alert).toList();
    }

    private static long id(String eventId) {
        return Long.parseLong(eventId.substring(ID_PREFIX.length()));
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
