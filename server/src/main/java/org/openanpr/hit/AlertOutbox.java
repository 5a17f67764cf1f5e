package org.openanpr.hit;

import org.openanpr.passage.FindingStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Alerts delivered at least once. A hit is put in {@code alert_outbox} in the transaction that stores it; after the
 * commit it is handed to the alert hub and taken out. What a crash (or a failed hand-over) leaves there is handed over
 * again by {@link #replay}, which the server runs at start and every few seconds: an alert may then come twice, never
 * not at all.
 */
public final class AlertOutbox {
    private static final Logger log = LoggerFactory.getLogger(AlertOutbox.class);
    static final OutboxTable TABLE = new OutboxTable("alert_outbox", "hit_id", "uuid");

    private final DataSource db;
    private final HitStore hits;
    private final Consumer<List<Alert>> hub;

    /** @param hub where alerts go: {@link AlertHub#publish} */
    public AlertOutbox(DataSource db, HitStore hits, Consumer<List<Alert>> hub) {
        this.db = db;
        this.hits = hits;
        this.hub = hub;
    }

    /**
     * In the storing transaction: puts the new hits in the outbox and reads them back as alerts. The plate crops
     * (by passage) go inline. Returns what publishes them after the commit.
     */
    FindingStage.Publication record(Connection c, List<UUID> stored, Map<UUID, byte[]> plateImages) throws SQLException {
        if (stored.isEmpty()) return FindingStage.Publication.NONE;
        TABLE.put(c, stored);
        List<Alert> alerts = alertsFor(hits.find(c, stored), plateImages);
        return after -> {
            publish(after, alerts);
        };
    }

    /** Hands the alerts to the hub, then takes them out of the outbox; a failure leaves them for {@link #replay}. */
    private boolean publish(Connection c, List<Alert> alerts) {
        hub.accept(alerts);
        try {
            TABLE.take(c, alerts.stream().map(a -> a.hit().id()).toList());
            return true;
        } catch (SQLException e) {
            log.warn("alerts published but still in the outbox; they may be published again", e);
            return false;
        }
    }

    /**
     * Publishes what is in the outbox and older than {@link OutboxTable#IN_FLIGHT} (left by a crash or a failed hand-over),
     * oldest first, and returns how many.
     */
    public int replay() {
        int total = 0;
        try (Connection c = db.getConnection()) {
            while (true) {
                List<UUID> ids = TABLE.due(c, UUID.class, 500);
                if (ids.isEmpty()) return total;
                Map<UUID, byte[]> crops = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("select h.passage_id, i.jpeg from hit_image i join hit h on h.id = i.hit_id where i.hit_id = any(?) and i.kind = 'plate'")) {
                    ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) crops.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                    }
                }
                List<Alert> alerts = alertsFor(hits.find(c, ids), crops);
                log.info("publishing {} alerts left in the outbox", alerts.size());
                if (!publish(c, alerts)) return total;
                total += ids.size();
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("replaying the alert outbox failed; retried shortly", e);
            return total;
        }
    }

    static List<Alert> alertsFor(List<Hit> stored, Map<UUID, byte[]> plateImages) {
        List<Alert> out = new ArrayList<>(stored.size());
        for (Hit h : stored) {
            byte[] crop = plateImages.get(h.passageId());
            out.add(new Alert(h, crop == null ? null : Base64.getEncoder().encodeToString(crop),
                    h.hasOverview() ? "/api/v1/hits/" + h.id() + "/images/overview" : null));
        }
        return out;
    }
}
