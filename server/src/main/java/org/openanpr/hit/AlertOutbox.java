package org.openanpr.hit;

import org.openanpr.passage.FindingStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
    /** An outbox row younger than this may still be on its way out after its commit: replay leaves it alone. */
    public static final Duration IN_FLIGHT = Duration.ofSeconds(5);

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
        try (PreparedStatement ps = c.prepareStatement("insert into alert_outbox (hit_id) select unnest(?::uuid[])")) {
            ps.setArray(1, c.createArrayOf("uuid", stored.toArray()));
            ps.executeUpdate();
        }
        List<Alert> alerts = alertsFor(hits.find(c, stored), plateImages);
        return after -> {
            publish(after, alerts);
        };
    }

    /** Hands the alerts to the hub, then takes them out of the outbox; a failure leaves them for {@link #replay}. */
    private boolean publish(Connection c, List<Alert> alerts) {
        hub.accept(alerts);
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            // Losing this delete in a crash only means one more alert: not worth a flush.
            try (Statement st = c.createStatement()) {
                st.execute("set local synchronous_commit = off");
            }
            try (PreparedStatement ps = c.prepareStatement("delete from alert_outbox where hit_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", alerts.stream().map(a -> a.hit().id()).toArray()));
                ps.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(auto);
            return true;
        } catch (SQLException e) {
            log.warn("alerts published but still in the outbox; they may be published again", e);
            return false;
        }
    }

    /**
     * Publishes what is in the outbox and older than {@link #IN_FLIGHT} (left by a crash or a failed hand-over),
     * oldest first, and returns how many.
     */
    public int replay() {
        int total = 0;
        try (Connection c = db.getConnection()) {
            while (true) {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select hit_id from alert_outbox where created_at < now() - ? * interval '1 millisecond' order by created_at limit 500")) {
                    ps.setLong(1, IN_FLIGHT.toMillis());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getObject(1, UUID.class));
                    }
                }
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
