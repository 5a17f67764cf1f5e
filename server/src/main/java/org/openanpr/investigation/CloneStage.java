package org.openanpr.investigation;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "cloned plates" stage of the read pipeline. {@link #examine} compares each confident read with the plate's
 * previous confident sighting, kept in memory ({@link RecentSightings}: the last sighting of up to a million plates
 * over the last two hours, about 200 MB at most; no database lookup per read). A pair that cannot be one vehicle
 * ({@link CloneCheck}) is written in the storing transaction as a {@code clone_suspect} of the organisation whose
 * cameras saw both (pairs across organisations are left alone: neither may see the other's passage), once the earlier
 * read is found stored (the memory may hold a read whose transaction failed), and put in the clone alerts' outbox
 * ({@link CloneAlerts}): after the commit it goes out as a live alert to that organisation. What the memory lost to a
 * restart the after-the-fact check finds ({@code GET /api/v1/investigations/clones/check}).
 *
 * <p>Under a "hits only" regime the earlier read, without a finding when it came, was matched and not kept: its id
 * is claimed all the same ({@code read_id}), which is what "stored" means here, and the suspect copies the evidence of
 * both sightings, so it stands without that passage. The later read is kept ({@link Findings#found}).
 */
public final class CloneStage implements FindingStage {
    private final CameraRegistry cameras;
    private final CloneCheck check;
    private final RecentSightings recent;
    private final CloneAlerts alerts;

    public CloneStage(CameraRegistry cameras, CloneCheck check, RecentSightings recent, CloneAlerts alerts) {
        this.cameras = cameras;
        this.check = check;
        this.recent = recent;
        this.alerts = alerts;
    }

    public CloneStage(CameraRegistry cameras, CloneAlerts alerts) {
        this(cameras, CloneCheck.DEFAULT, new RecentSightings(Duration.ofHours(2), 1_000_000), alerts);
    }

    @Override
    public String name() {
        return "cloned plates";
    }

    private record Found(RecentSightings.Pair pair, CloneCheck.Finding finding, String organisation, String country) {
    }

    private record Suspects(List<Found> found) implements Findings {
        @Override
        public boolean found(Passage p) {
            for (Found f : found)
                if (f.pair().later().sighting().id().equals(p.id()) || f.pair().earlier().sighting().id().equals(p.id())) return true;
            return false;
        }
    }

    @Override
    public Findings examine(List<Passage> passages) {
        List<Map.Entry<String, CloneCheck.Seen>> confident = new ArrayList<>(passages.size());
        Map<java.util.UUID, Passage> byId = java.util.HashMap.newHashMap(passages.size());
        for (Passage p : passages) {
            if (p.confidence() < check.minConfidence()) continue;
            Double lat = p.lat();
            Double lon = p.lon();
            if (lat == null || lon == null) {
                Camera c = cameras.find(p.cameraId()).orElse(null);
                if (c != null) {
                    lat = c.lat();
                    lon = c.lon();
                }
            }
            confident.add(Map.entry(p.plate(), new CloneCheck.Seen(new Sighting(p.id(), p.observedAt(), p.cameraId(), lat, lon),
                    p.vehicle(), p.confidence())));
            byId.put(p.id(), p);
        }
        if (confident.isEmpty()) return new Suspects(List.of());
        List<Found> found = new ArrayList<>();
        for (RecentSightings.Pair pair : recent.record(confident)) {
            CloneCheck.Finding f = check.check(pair.earlier(), pair.later());
            if (!f.suspect()) continue;
            String a = cameras.find(pair.earlier().sighting().camera()).map(Camera::organisation).orElse(null);
            String b = cameras.find(pair.later().sighting().camera()).map(Camera::organisation).orElse(null);
            if (a == null || !a.equals(b)) continue;
            Passage p = byId.getOrDefault(pair.later().sighting().id(), byId.get(pair.earlier().sighting().id()));
            found.add(new Found(pair, f, a, p == null ? null : p.country()));
        }
        return new Suspects(found);
    }

    @Override
    public Publication write(Connection c, List<Claimed> group) throws SQLException {
        List<Long> stored = new ArrayList<>();
        for (Claimed claimed : group) {
            for (Found f : ((Suspects) claimed.findings()).found()) {
                CloneCheck.Seen first = f.pair().earlier();
                CloneCheck.Seen second = f.pair().later();
                // the new read must be stored by this request, the other one stored at all
                boolean mineFirst = claimed.ids().contains(first.sighting().id());
                boolean mineSecond = claimed.ids().contains(second.sighting().id());
                if (!mineFirst && !mineSecond) continue;
                if (!mineFirst && !stored(c, first.sighting()) || !mineSecond && !stored(c, second.sighting())) continue;
                Long id = insert(c, f.organisation(), f.pair().plate(), f.country(), f.finding(), first, second);
                if (id != null) stored.add(id);
            }
        }
        return alerts.record(c, stored);
    }

    /** Whether the read was stored: claimed by a committed transaction, whether or not its passage was kept. */
    private static boolean stored(Connection c, Sighting s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from read_id where id = ?")) {
            ps.setObject(1, s.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Stores a suspect; returns its id, or null when the pair was stored before (a read sent again). */
    static Long insert(Connection c, String organisation, String plate, String country, CloneCheck.Finding f,
                       CloneCheck.Seen first, CloneCheck.Seen second) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into clone_suspect (organisation, plate, country, reasons, first_passage, first_time, first_camera, first_lat,
                    first_lon, first_vehicle, second_passage, second_time, second_camera, second_lat, second_lon, second_vehicle,
                    metres, seconds, needed_kmh, calculation, description)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id""")) {
            int i = 0;
            ps.setString(++i, organisation);
            ps.setString(++i, plate);
            ps.setString(++i, country);
            ps.setArray(++i, c.createArrayOf("text", f.reasons().stream().map(Enum::name).toArray()));
            for (CloneCheck.Seen s : List.of(first, second)) {
                ps.setObject(++i, s.sighting().id());
                ps.setTimestamp(++i, Timestamp.from(s.sighting().time()));
                ps.setString(++i, s.sighting().camera());
                ps.setObject(++i, s.sighting().lat());
                ps.setObject(++i, s.sighting().lon());
                ps.setString(++i, s.vehicle().isEmpty() ? null : describe(s));
            }
            ps.setObject(++i, f.travel() == null ? null : f.travel().metres());
            ps.setLong(++i, Duration.between(first.sighting().time(), second.sighting().time()).abs().toSeconds());
            ps.setObject(++i, f.travel() == null || Double.isInfinite(f.travel().neededKmh()) ? null : f.travel().neededKmh());
            ps.setString(++i, f.travel() == null ? null : f.travel().calculation());
            ps.setString(++i, f.description());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static String describe(CloneCheck.Seen s) {
        var d = s.vehicle();
        return String.join(" ", java.util.stream.Stream.of(d.make(), d.model(), d.colour(), d.type())
                .filter(java.util.Objects::nonNull).toList());
    }
}
