package org.openanpr.network;

import org.postgresql.util.PSQLState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.openanpr.access.Visibility;
import org.openanpr.http.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stored road networks: a region's roads (GeoJSON LineStrings with name, highway, oneway, ref, count) and its
 * boundary, per organisation. An organisation sees its own networks and those other organisations marked shared
 * (roads are public map data; a regional network is published to the region's partners). Input is checked and
 * reduced to what the coverage report and the maps use before it is stored ({@link #parse}).
 */
public final class RoadNetworks {
    /** Limits on an upload: enough for a police region's roads from OpenStreetMap, not for a country. */
    static final int MAX_FEATURES = 50_000;
    static final int MAX_POINTS_PER_LINE = 20_000;
    static final int MAX_POINTS = 1_000_000;
    static final int MAX_BOUNDARY_POINTS = 100_000;
    static final int MAX_TEXT = 200;
    /** The base layer the maps draw: at most this many lines, simplified to about {@link #SIMPLIFY_DEG}. */
    static final int BASE_LAYER_MAX = 30_000;
    static final double SIMPLIFY_DEG = 0.00003;

    public record Summary(long id, String organisation, String name, boolean shared, int roads,
                          double minLat, double minLon, double maxLat, double maxLon, String createdBy, Instant createdAt) {
    }

    public record Stored(Summary summary, JsonNode boundary, JsonNode roads) {
    }

    /** A checked upload: the boundary geometry, the roads reduced to known properties, their count and extent. */
    record Parsed(JsonNode boundary, ObjectNode roads, int count, double[] bbox) {
    }

    private final DataSource db;

    public RoadNetworks(DataSource db) {
        this.db = db;
    }

    /**
     * Checks an upload and reduces it: every feature a LineString or MultiLineString with [lon, lat] points, text
     * properties short strings, {@code count} a number ≥ 0, within the limits; the boundary a closed polygon.
     *
     * @throws IllegalArgumentException naming the first thing wrong
     */
    static Parsed parse(JsonNode boundary, JsonNode roads) {
        if (roads == null || !roads.isObject() || !"FeatureCollection".equals(roads.path("type").asText()))
            throw new IllegalArgumentException("roads: a GeoJSON FeatureCollection of LineStrings");
        JsonNode features = roads.path("features");
        if (!features.isArray() || features.isEmpty()) throw new IllegalArgumentException("roads: no features");
        if (features.size() > MAX_FEATURES)
            throw new IllegalArgumentException("roads: " + features.size() + " features, at most " + MAX_FEATURES);
        double[] bbox = {90, 180, -90, -180};
        ObjectNode out = Json.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode outFeatures = out.putArray("features");
        int points = 0;
        for (int i = 0; i < features.size(); i++) {
            String where = "roads.features[" + i + "]";
            JsonNode f = features.get(i);
            JsonNode g = f.path("geometry");
            String type = g.path("type").asText();
            List<JsonNode> lines = new ArrayList<>();
            if (type.equals("LineString")) lines.add(g.path("coordinates"));
            else if (type.equals("MultiLineString") && g.path("coordinates").isArray()) g.path("coordinates").forEach(lines::add);
            else throw new IllegalArgumentException(where + ": geometry '" + type + "' is not a LineString or MultiLineString");
            ObjectNode props = Json.MAPPER.createObjectNode();
            JsonNode in = f.path("properties");
            for (String key : List.of("name", "ref", "highway", "oneway")) {
                JsonNode v = in.get(key);
                if (v == null || v.isNull()) continue;
                if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) throw new IllegalArgumentException(where + ": property '" + key + "' must be text");
                String s = v.asText().strip();
                if (s.length() > MAX_TEXT) throw new IllegalArgumentException(where + ": property '" + key + "' longer than " + MAX_TEXT);
                if (!s.isEmpty()) props.put(key, s);
            }
            JsonNode count = in.get("count");
            if (count != null && !count.isNull()) {
                if (!count.isNumber() || count.asDouble() < 0 || !Double.isFinite(count.asDouble()))
                    throw new IllegalArgumentException(where + ": count must be a number ≥ 0");
                props.put("count", count.asDouble());
            }
            ArrayNode outLines = Json.MAPPER.createArrayNode();
            for (JsonNode line : lines) {
                if (!line.isArray() || line.size() < 2) throw new IllegalArgumentException(where + ": a line needs at least two [lon, lat] points");
                if (line.size() > MAX_POINTS_PER_LINE)
                    throw new IllegalArgumentException(where + ": " + line.size() + " points in one line, at most " + MAX_POINTS_PER_LINE);
                points += line.size();
                if (points > MAX_POINTS) throw new IllegalArgumentException("roads: more than " + MAX_POINTS + " points");
                ArrayNode outLine = outLines.addArray();
                for (int p = 0; p < line.size(); p++) {
                    double[] c = point(line.get(p), where + " point " + p);
                    bbox[0] = Math.min(bbox[0], c[1]);
                    bbox[1] = Math.min(bbox[1], c[0]);
                    bbox[2] = Math.max(bbox[2], c[1]);
                    bbox[3] = Math.max(bbox[3], c[0]);
                    outLine.addArray().add(c[0]).add(c[1]);
                }
            }
            ObjectNode feature = outFeatures.addObject().put("type", "Feature");
            feature.set("properties", props);
            ObjectNode geometry = feature.putObject("geometry");
            if (outLines.size() == 1) geometry.put("type", "LineString").set("coordinates", outLines.get(0));
            else geometry.put("type", "MultiLineString").set("coordinates", outLines);
        }
        JsonNode area;
        try {
            area = Coverage.polygonGeometry(boundary);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        int[] boundaryPoints = {0};
        countPoints(area.path("coordinates"), boundaryPoints);
        if (boundaryPoints[0] > MAX_BOUNDARY_POINTS)
            throw new IllegalArgumentException("boundary: more than " + MAX_BOUNDARY_POINTS + " points");
        // The report checks the rest (rings closed, points in range) exactly as it will read them.
        Coverage.report(area, out, List.of());
        return new Parsed(area, out, outFeatures.size(), bbox);
    }

    private static void countPoints(JsonNode n, int[] count) {
        if (!n.isArray()) return;
        if (!n.isEmpty() && n.get(0).isNumber()) {
            count[0]++;
            return;
        }
        for (JsonNode c : n) {
            countPoints(c, count);
            if (count[0] > MAX_BOUNDARY_POINTS) return;
        }
    }

    private static double[] point(JsonNode c, String where) {
        if (!c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber())
            throw new IllegalArgumentException(where + " is not [lon, lat]");
        double lon = c.get(0).asDouble(), lat = c.get(1).asDouble();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) throw new IllegalArgumentException(where + " out of range");
        return new double[]{Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7};
    }

    /** Stores a checked network; a second one of the same name in the organisation is refused. */
    long create(String organisation, String name, boolean shared, Parsed p, String createdBy) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into road_network (organisation, name, shared, boundary, roads, road_count, min_lat, min_lon, max_lat, max_lon, created_by)
                values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, organisation);
            ps.setString(2, name);
            ps.setBoolean(3, shared);
            ps.setString(4, Json.MAPPER.writeValueAsString(p.boundary()));
            ps.setString(5, Json.MAPPER.writeValueAsString(p.roads()));
            ps.setInt(6, p.count());
            ps.setDouble(7, p.bbox()[0]);
            ps.setDouble(8, p.bbox()[1]);
            ps.setDouble(9, p.bbox()[2]);
            ps.setDouble(10, p.bbox()[3]);
            ps.setString(11, createdBy);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) throw new IllegalStateException("a road network named '" + name + "' exists in " + organisation);
            if ("23503".equals(e.getSQLState())) throw new IllegalArgumentException("no organisation '" + organisation + "'");
            throw new IllegalStateException(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SUMMARY = "id, organisation, name, shared, road_count, min_lat, min_lon, max_lat, max_lon, created_by, created_at";

    private static String visibleTo(Visibility v, List<Object> args) {
        if (v.all()) return "true";
        args.add(v.organisation());
        return "(organisation = ? or shared)";
    }

    public List<Summary> list(Visibility v) {
        List<Object> args = new ArrayList<>();
        String sql = "select " + SUMMARY + " from road_network where " + visibleTo(v, args) + " order by organisation, name";
        List<Summary> out = new ArrayList<>();
        query(sql, args, rs -> out.add(summary(rs)));
        return out;
    }

    public Optional<Stored> find(long id, Visibility v) {
        List<Object> args = new ArrayList<>();
        args.add(id);
        String sql = "select " + SUMMARY + ", boundary::text, roads::text from road_network where id = ? and " + visibleTo(v, args);
        List<Stored> out = new ArrayList<>();
        query(sql, args, rs -> {
            try {
                out.add(new Stored(summary(rs), Json.MAPPER.readTree(rs.getString("boundary")), Json.MAPPER.readTree(rs.getString("roads"))));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return out.stream().findFirst();
    }

    boolean delete(long id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("delete from road_network where id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The roads of every network the caller sees as one light FeatureCollection for the maps: lines simplified to a
     * few metres, only name and road class kept, at most {@link #BASE_LAYER_MAX} lines (the larger road classes first).
     */
    public ObjectNode baseLayer(Visibility v) {
        record Line(String name, String highway, double weight, LineString line) {
        }
        GeometryFactory geo = new GeometryFactory();
        List<Line> lines = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        query("select roads::text from road_network where " + visibleTo(v, args) + " order by id", args, rs -> {
            JsonNode roads;
            try {
                roads = Json.MAPPER.readTree(rs.getString(1));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            for (JsonNode f : roads.path("features")) {
                JsonNode g = f.path("geometry");
                List<JsonNode> parts = new ArrayList<>();
                if (g.path("type").asText().equals("LineString")) parts.add(g.path("coordinates"));
                else g.path("coordinates").forEach(parts::add);
                String highway = f.path("properties").path("highway").asText(null);
                for (JsonNode part : parts) {
                    Coordinate[] cs = new Coordinate[part.size()];
                    for (int i = 0; i < cs.length; i++) cs[i] = new Coordinate(part.get(i).get(0).asDouble(), part.get(i).get(1).asDouble());
                    lines.add(new Line(f.path("properties").path("name").asText(null), highway, Coverage.classWeight(highway),
                            (LineString) DouglasPeuckerSimplifier.simplify(geo.createLineString(cs), SIMPLIFY_DEG)));
                }
            }
        });
        List<Line> kept = lines.stream().sorted(Comparator.comparingDouble(Line::weight).reversed()).limit(BASE_LAYER_MAX).toList();
        ObjectNode out = Json.MAPPER.createObjectNode().put("type", "FeatureCollection").put("total", lines.size());
        ArrayNode features = out.putArray("features");
        for (Line l : kept) {
            ObjectNode f = features.addObject().put("type", "Feature");
            ObjectNode props = f.putObject("properties");
            if (l.name() != null) props.put("name", l.name());
            if (l.highway() != null) props.put("highway", l.highway());
            ArrayNode coords = f.putObject("geometry").put("type", "LineString").putArray("coordinates");
            for (Coordinate c : l.line().getCoordinates()) coords.addArray().add(Math.round(c.x * 1e5) / 1e5).add(Math.round(c.y * 1e5) / 1e5);
        }
        return out;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, Row row) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) row.accept(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        return new Summary(rs.getLong("id"), rs.getString("organisation"), rs.getString("name"), rs.getBoolean("shared"),
                rs.getInt("road_count"), rs.getDouble("min_lat"), rs.getDouble("min_lon"), rs.getDouble("max_lat"),
                rs.getDouble("max_lon"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
