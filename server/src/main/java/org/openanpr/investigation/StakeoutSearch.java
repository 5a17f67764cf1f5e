package org.openanpr.investigation;

import org.openanpr.access.Visibility;
import org.openanpr.camera.Camera;
import org.openanpr.camera.CameraRegistry;
import org.openanpr.db.Sql;
import org.openanpr.passage.SearchScope;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every vehicle seen in an area in a window, at one scene or several ({@link Stakeout}). The geometry is Java over
 * the camera registry (the fixed cameras placed in each scene's area, among those whose passages the caller may see);
 * the passages are one statement over the {@code (camera_id, observed_at)} index, one range per scene and camera, with
 * the caller's visibility in its SQL. A mobile camera is placed by each passage's own position instead: a range per
 * scene for every visible mobile camera, kept to the area's box in SQL and to the area itself here. The HTTP side ({@link StakeoutRoutes}) adds the legal basis, approval and audit; this
 * class is also what {@code bench} times.
 */
public final class StakeoutSearch {
    public static final int MAX_SCENES = 10;
    public static final Duration MAX_SCENE_WINDOW = Duration.ofHours(24);
    public static final Duration MAX_MARGIN = Duration.ofMinutes(15);
    /** More passages than this in the scenes: the stakeout is refused as too broad rather than answered slowly. */
    public static final int MAX_PASSAGES = 200_000;
    private final DataSource db;
    private final CameraRegistry cameras;

    public StakeoutSearch(DataSource db, CameraRegistry cameras) {
        this.db = db;
        this.cameras = cameras;
    }

    /** An area and the window (as the cameras recorded it) in which something happened there. */
    public record Scene(String label, Area area, Instant from, Instant to) {
        public Scene {
            if (from == null || to == null) throw new IllegalArgumentException("from and to: required");
            if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
            if (Duration.between(from, to).compareTo(MAX_SCENE_WINDOW) > 0)
                throw new IllegalArgumentException("a scene's window is at most " + MAX_SCENE_WINDOW.toHours() + " hours");
            if (label != null && label.length() > 100) throw new IllegalArgumentException("label: at most 100 characters");
        }
    }

    /** The answer: per scene the cameras it covered, the vehicles present at enough scenes, how many passages were read. */
    public record Result(List<Scene> scenes, List<List<Camera>> cameras, List<Stakeout.Vehicle> vehicles, int passagesRead) {
    }

    /** Refused: the scenes hold more passages than a stakeout answers; narrow the area or the window. */
    public static final class TooBroad extends RuntimeException {
        TooBroad(String message) {
            super(message);
        }
    }

    /**
     * What the stakeout reaches, for the legal-basis rules: every vehicle, at the cameras of the areas, from the earliest
     * scene's start to the latest one's end, widened by the margin. Every camera (camera null), so that a stakeout
     * always needs a second person's approval, and an approval for one is one for every vehicle in that period.
     */
    public static SearchScope scope(List<Scene> scenes, Duration margin) {
        Instant from = scenes.stream().map(Scene::from).min(Comparator.naturalOrder()).orElseThrow().minus(margin);
        Instant to = scenes.stream().map(Scene::to).max(Comparator.naturalOrder()).orElseThrow().plus(margin);
        return new SearchScope(null, false, null, from, to);
    }

    /** The fixed cameras placed inside the area whose passages the caller may see, by id. */
    public List<Camera> camerasIn(Area area, Visibility v) {
        return cameras.all().stream().filter(c -> c.type() != Camera.CameraType.MOBILE && v.seesPassagesOf(c.id())
                && area.contains(c.lat(), c.lon())).toList();
    }

    /**
     * The mobile cameras whose passages the caller may see: wherever they are registered, each passage carries the
     * position it was read at (required for a mobile camera's read), so each may have been in the area.
     */
    public List<Camera> mobileCameras(Visibility v) {
        return cameras.all().stream().filter(c -> c.type() == Camera.CameraType.MOBILE && v.seesPassagesOf(c.id())).toList();
    }

    public Result run(List<Scene> scenes, int minScenes, Duration margin, Visibility v) {
        if (scenes.isEmpty() || scenes.size() > MAX_SCENES)
            throw new IllegalArgumentException("scenes: 1 to " + MAX_SCENES);
        if (minScenes < 1 || minScenes > scenes.size())
            throw new IllegalArgumentException("minScenes: 1 to the number of scenes (" + scenes.size() + ")");
        if (margin.isNegative() || margin.compareTo(MAX_MARGIN) > 0)
            throw new IllegalArgumentException("margin: 0 to " + MAX_MARGIN.toMinutes() + " minutes");
        List<List<Camera>> perScene = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        List<String> cams = new ArrayList<>();
        List<Timestamp> froms = new ArrayList<>();
        List<Timestamp> tos = new ArrayList<>();
        // per range: the area's box for a mobile camera (its passages are placed by their own position), null for a fixed one
        List<Double> minLat = new ArrayList<>();
        List<Double> maxLat = new ArrayList<>();
        List<Double> minLon = new ArrayList<>();
        List<Double> maxLon = new ArrayList<>();
        List<Camera> mobile = mobileCameras(v);
        for (int i = 0; i < scenes.size(); i++) {
            Scene s = scenes.get(i);
            List<Camera> in = new ArrayList<>(camerasIn(s.area(), v));
            perScene.add(in);
            double[] box = s.area().envelope();
            for (Camera c : in) range(i, c.id(), s, margin, null, idx, cams, froms, tos, minLat, maxLat, minLon, maxLon);
            for (Camera c : mobile) range(i, c.id(), s, margin, box, idx, cams, froms, tos, minLat, maxLat, minLon, maxLon);
        }
        List<Stakeout.Seen> seen = new ArrayList<>();
        if (!cams.isEmpty()) {
            SearchScope reach = scope(scenes, margin);
            List<Object> args = new ArrayList<>();
            try (Connection c = db.getConnection()) {
                args.add(c.createArrayOf("int4", idx.toArray()));
                args.add(c.createArrayOf("text", cams.toArray()));
                args.add(c.createArrayOf("timestamptz", froms.toArray()));
                args.add(c.createArrayOf("timestamptz", tos.toArray()));
                args.add(c.createArrayOf("float8", minLat.toArray()));
                args.add(c.createArrayOf("float8", maxLat.toArray()));
                args.add(c.createArrayOf("float8", minLon.toArray()));
                args.add(c.createArrayOf("float8", maxLon.toArray()));
                // The overall bounds as constants too, so that the planner skips the day partitions outside them.
                args.add(Timestamp.from(reach.from()));
                args.add(Timestamp.from(reach.to()));
                String sql = "select s.scene, p.id, p.plate, p.observed_at, p.camera_id, p.lat, p.lon"
                        + ", s.minlat is not null from unnest(?::int4[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::float8[],"
                        + " ?::float8[], ?::float8[], ?::float8[]) as s(scene, cam, f, t, minlat, maxlat, minlon, maxlon)"
                        + " join passage p on p.camera_id = s.cam and p.observed_at >= s.f and p.observed_at < s.t"
                        + " and (s.minlat is null or (p.lat between s.minlat and s.maxlat and p.lon between s.minlon and s.maxlon))"
                        + " where p.observed_at >= ? and p.observed_at < ? and " + v.passageCondition("p", args);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    Sql.bind(c, ps, args.toArray());
                    ps.setMaxRows(MAX_PASSAGES + 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int scene = rs.getInt(1);
                            Instant at = rs.getTimestamp(4).toInstant();
                            Scene s = scenes.get(scene);
                            Camera cam = cameras.find(rs.getString(5)).orElse(null);
                            double lat = rs.getDouble(6);
                            Double plat = rs.wasNull() ? (cam == null ? null : cam.lat()) : lat;
                            double lon = rs.getDouble(7);
                            Double plon = rs.wasNull() ? (cam == null ? null : cam.lon()) : lon;
                            if (rs.getBoolean(8)) {
                                // a mobile camera: in the area's box; the area itself decides, and the camera joins the scene's list
                                if (plat == null || plon == null || !s.area().contains(plat, plon)) continue;
                                if (cam != null && perScene.get(scene).stream().noneMatch(x -> x.id().equals(cam.id()))) perScene.get(scene).add(cam);
                            }
                            seen.add(new Stakeout.Seen(scene, rs.getString(3), new Sighting(rs.getObject(2, UUID.class), at,
                                    rs.getString(5), plat, plon), at.isBefore(s.from()) || !at.isBefore(s.to())));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("stakeout failed", e);
            }
        }
        if (seen.size() > MAX_PASSAGES)
            throw new TooBroad("the scenes hold more than " + MAX_PASSAGES + " passages; narrow the areas or the windows");
        return new Result(List.copyOf(scenes), perScene.stream().map(List::copyOf).toList(), new Stakeout(minScenes).rank(seen), seen.size());
    }

    private static void range(int scene, String camera, Scene s, Duration margin, double[] box, List<Integer> idx, List<String> cams,
                              List<Timestamp> froms, List<Timestamp> tos, List<Double> minLat, List<Double> maxLat, List<Double> minLon,
                              List<Double> maxLon) {
        idx.add(scene);
        cams.add(camera);
        froms.add(Timestamp.from(s.from().minus(margin)));
        tos.add(Timestamp.from(s.to().plus(margin)));
        minLat.add(box == null ? null : box[0]);
        maxLat.add(box == null ? null : box[1]);
        minLon.add(box == null ? null : box[2]);
        maxLon.add(box == null ? null : box[3]);
    }
}
