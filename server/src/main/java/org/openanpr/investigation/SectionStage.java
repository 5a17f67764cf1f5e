package org.openanpr.investigation;

import org.openanpr.db.RequestTransaction;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.passage.FindingStage;
import org.openanpr.passage.Passage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The "section speed" stage of the read pipeline. {@link #examine} only picks, in memory, the reads at a section's
 * entry or exit camera (a snapshot of the sections, swapped after every change). {@link #write}, inside the storing
 * transaction, pairs each such read with the other end from the database: for an exit read the latest entry passage of
 * the same plate within the section's longest journey before it; for an entry read that arrives late (cameras
 * deliver out of order) the earliest exit passage after it. The passage table is the index: the lookup is one probe
 * of {@code (plate_key, observed_at)} per read at a section camera, it sees the reads of the same transaction (stored
 * before the stages write), and it survives restarts and works with several servers, which an in-memory index of
 * recent entries would not. Only violations are stored (with their evidence): a measurement within the limit leaves
 * nothing behind. A pair found from both ends, or an exit read by two cameras, is one violation (unique keys).
 */
public final class SectionStage implements FindingStage {
    /** A read received longer than this after it was taken, or taken after it was received, has an unverified clock. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);
    private final SectionStore store;
    private final CameraRegistry cameras;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(Map.of(), Map.of()));

    public SectionStage(SectionStore store, CameraRegistry cameras) {
        this.store = store;
        this.cameras = cameras;
        reload();
    }

    private record Snapshot(Map<String, List<Section>> byEntry, Map<String, List<Section>> byExit) {
    }

    /** Takes the sections from the database again; called after every change. */
    public void reload() {
        RequestTransaction.nowAndAtEnd(this::load); // a change request's sections: what it committed, once it ends
    }

    private void load() {
        Map<String, List<Section>> entry = new HashMap<>();
        Map<String, List<Section>> exit = new HashMap<>();
        for (Section s : store.all()) {
            entry.computeIfAbsent(s.entryCamera(), k -> new ArrayList<>()).add(s);
            exit.computeIfAbsent(s.exitCamera(), k -> new ArrayList<>()).add(s);
        }
        snapshot.set(new Snapshot(Map.copyOf(entry), Map.copyOf(exit)));
    }

    @Override
    public String name() {
        return "section speed";
    }

    /** A read at a section's camera, and the sections it is an end of. */
    private record AtSection(Passage passage, List<Section> asEntry, List<Section> asExit) {
    }

    private record Candidates(List<AtSection> reads) implements Findings {
        @Override
        public boolean found(Passage p) {
            return false; // whether it is a violation is known only in write(); sections need cameras that keep reads
        }
    }

    @Override
    public Findings examine(List<Passage> passages) {
        Snapshot s = snapshot.get();
        if (s.byEntry().isEmpty()) return new Candidates(List.of());
        List<AtSection> found = new ArrayList<>();
        for (Passage p : passages) {
            List<Section> asEntry = s.byEntry().getOrDefault(p.cameraId(), List.of());
            List<Section> asExit = s.byExit().getOrDefault(p.cameraId(), List.of());
            if (!asEntry.isEmpty() || !asExit.isEmpty()) found.add(new AtSection(p, asEntry, asExit));
        }
        return new Candidates(found);
    }

    @Override
    public Publication write(Connection c, List<Claimed> group) throws SQLException {
        for (Claimed claimed : group) {
            for (AtSection at : ((Candidates) claimed.findings()).reads()) {
                Passage p = at.passage();
                if (!claimed.ids().contains(p.id())) continue; // a resend was measured the first time
                for (Section s : at.asExit()) {
                    End entry = find(c, p, s.entryCamera(), p.observedAt().minus(s.speed().longestJourney()), p.observedAt(), false);
                    if (entry != null) measure(c, s, p, entry, new End(p.id(), p.observedAt(), null));
                }
                for (Section s : at.asEntry()) {
                    End exit = find(c, p, s.exitCamera(), p.observedAt(), p.observedAt().plus(s.speed().longestJourney()), true);
                    if (exit != null) measure(c, s, p, new End(p.id(), p.observedAt(), null), exit);
                }
            }
        }
        return Publication.NONE;
    }

    private record End(UUID id, Instant time, Instant receivedAt) {
    }

    /**
     * The passage of the same plate at {@code camera} strictly between {@code from} and {@code to}: the latest one
     * (an entry before an exit) or, with {@code earliest}, the first one (an exit after an entry).
     */
    private static End find(Connection c, Passage p, String camera, Instant from, Instant to, boolean earliest) throws SQLException {
        String sql = "select id, observed_at from passage where plate_key = ? and plate = ? and camera_id = ?"
                + " and observed_at > ? and observed_at < ? order by observed_at " + (earliest ? "asc" : "desc") + " limit 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.plateKey());
            ps.setString(2, p.plate());
            ps.setString(3, camera);
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new End(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), null) : null;
            }
        }
    }

    private void measure(Connection c, Section s, Passage p, End entry, End exit) throws SQLException {
        SectionSpeed.Measurement m = s.speed().measure(entry.time(), exit.time());
        if (!m.violation()) return;
        Instant entryReceived = received(c, entry);
        Instant exitReceived = received(c, exit);
        String entryClock = clock("entry", entry.time(), entryReceived);
        String exitClock = clock("exit", exit.time(), exitReceived);
        boolean suspect = suspect(entry.time(), entryReceived) || suspect(exit.time(), exitReceived);
        String clockCheck = entryClock + "; " + exitClock + (suspect ? "; CLOCK NOT VERIFIED: check the camera's time source before"
                + " using this measurement" : "; both clocks agree with the server within " + CLOCK_TOLERANCE.toSeconds() + " s");
        try (PreparedStatement ps = c.prepareStatement("""
                insert into section_violation (section_id, section_name, organisation, plate, country,
                    entry_passage, entry_time, entry_camera, entry_received_at, entry_camera_status,
                    exit_passage, exit_time, exit_camera, exit_received_at, exit_camera_status,
                    distance_m, limit_kmh, margin_kmh, elapsed_ms, measured_kmh, corrected_kmh, calculation, clock_check, clock_suspect)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
            int i = 0;
            ps.setLong(++i, s.id());
            ps.setString(++i, s.name());
            ps.setString(++i, s.organisation());
            ps.setString(++i, p.plate());
            ps.setString(++i, p.country());
            ps.setObject(++i, entry.id());
            ps.setTimestamp(++i, Timestamp.from(entry.time()));
            ps.setString(++i, s.entryCamera());
            ps.setTimestamp(++i, entryReceived == null ? null : Timestamp.from(entryReceived));
            ps.setString(++i, status(s.entryCamera()));
            ps.setObject(++i, exit.id());
            ps.setTimestamp(++i, Timestamp.from(exit.time()));
            ps.setString(++i, s.exitCamera());
            ps.setTimestamp(++i, exitReceived == null ? null : Timestamp.from(exitReceived));
            ps.setString(++i, status(s.exitCamera()));
            ps.setDouble(++i, s.distanceMetres());
            ps.setInt(++i, s.limitKmh());
            ps.setInt(++i, s.marginKmh());
            ps.setLong(++i, m.elapsed().toMillis());
            ps.setDouble(++i, m.measuredKmh());
            ps.setInt(++i, m.correctedKmh());
            ps.setString(++i, m.calculation());
            ps.setString(++i, clockCheck);
            ps.setBoolean(++i, suspect);
            ps.executeUpdate();
        }
    }

    private static Instant received(Connection c, End end) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select received_at from passage where id = ? and observed_at = ?")) {
            ps.setObject(1, end.id());
            ps.setTimestamp(2, Timestamp.from(end.time()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private String status(String camera) {
        return cameras.find(camera).map(Camera::status).map(Enum::name).orElse("UNKNOWN");
    }

    static boolean suspect(Instant taken, Instant received) {
        if (received == null) return true;
        Duration lag = Duration.between(taken, received);
        return lag.compareTo(CLOCK_TOLERANCE) > 0 || lag.compareTo(Duration.ofSeconds(-2)) < 0;
    }

    private static String clock(String end, Instant taken, Instant received) {
        if (received == null) return end + " taken " + taken + ", receipt unknown";
        double lag = Duration.between(taken, received).toMillis() / 1000.0;
        return String.format(java.util.Locale.ROOT, "%s taken %s, received %s (%+.1f s)", end, taken, received, lag);
    }
}
