package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.openanpr.camera.Camera;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coordination cell's coverage report: given a region's boundary and its roads (GeoJSON lines, as exported from
 * OpenStreetMap: {@code name}, {@code highway}, {@code oneway}, optionally a measured {@code count}), which roads
 * cross the boundary, in which directions traffic may cross, and which of those a camera watches. A camera watches a
 * road in a direction when it stands within {@link #CAMERA_DISTANCE_M} of the road and its heading (the direction of
 * the traffic it reads) is within {@link #HEADING_TOLERANCE} of the road's direction there; a camera without a
 * heading watches both. Geometry in JTS, on a local plane in metres around the boundary (equirectangular: exact
 * enough at a region's scale). Pure: no I/O.
 */
public final class Coverage {
    static final double CAMERA_DISTANCE_M = 35;
    static final double HEADING_TOLERANCE = 60;
    private static final GeometryFactory GEO = new GeometryFactory();

    public enum Direction { FORWARD, BACKWARD }

    /**
     * A road crossing the boundary in one direction of travel, and the cameras that watch it. {@code heading}: the
     * compass direction traffic drives there (degrees from north); {@code entering}: whether it drives into the region
     * (false: out of it).
     */
    public record Crossing(String road, String highway, Direction direction, double lat, double lon, double weight,
                           List<String> cameras, int heading, boolean entering) {
    }

    /** Where one new camera would close the most traffic: a road with its uncovered directions at the boundary. */
    public record Suggestion(int rank, String road, String highway, List<Direction> directions, double lat, double lon,
                             double weight) {
    }

    public record OrganisationCoverage(String organisation, int covered, int crossings, double share) {
    }

    public record Report(int roads, int crossingRoads, List<Crossing> crossings, List<Crossing> blindSpots,
                         List<Crossing> overlaps, List<OrganisationCoverage> perOrganisation, List<Suggestion> planning) {
    }

    private record Road(String name, String highway, String oneway, Double count, LineString line) {
    }

    private final double lat0;
    private final double cosLat0;

    private Coverage(double lat0) {
        this.lat0 = lat0;
        this.cosLat0 = Math.cos(Math.toRadians(lat0));
    }

    /**
     * @param boundary a GeoJSON Polygon or MultiPolygon (or a Feature or FeatureCollection holding one)
     * @param roads    a GeoJSON FeatureCollection of LineStrings / MultiLineStrings
     * @throws IllegalArgumentException naming what is wrong with the GeoJSON
     */
    public static Report report(JsonNode boundary, JsonNode roads, List<Camera> cameras) {
        JsonNode area = polygonGeometry(boundary);
        double lat0 = area.path("coordinates").path(0).path(0).path(1).asDouble(area.path("coordinates").path(0).path(0).path(0).path(1).asDouble());
        return new Coverage(lat0).run(area, roads, cameras);
    }

    private Report run(JsonNode area, JsonNode roadsJson, List<Camera> cameras) {
        Geometry region = polygon(area);
        Geometry ring = region.getBoundary();
        List<Road> roads = roads(roadsJson);
        List<Crossing> crossings = new ArrayList<>();
        int crossingRoads = 0;
        for (Road road : roads) {
            Geometry cut = road.line().intersection(ring);
            if (cut.isEmpty()) continue;
            crossingRoads++;
            Coordinate at = cut.getCoordinates()[0];
            double weight = road.count() != null ? road.count() : classWeight(road.highway());
            LengthIndexedLine indexed = new LengthIndexedLine(road.line());
            double index = indexed.project(at);
            Coordinate before = indexed.extractPoint(Math.max(0, index - 15));
            Coordinate after = indexed.extractPoint(Math.min(indexed.getEndIndex(), index + 15));
            int forward = (int) Math.round((Math.toDegrees(Math.atan2(after.x - before.x, after.y - before.y)) + 360) % 360) % 360;
            boolean forwardEnters = index + 15 <= indexed.getEndIndex()
                    ? region.contains(GEO.createPoint(after)) : !region.contains(GEO.createPoint(before));
            for (Direction d : directions(road.oneway())) {
                List<String> watching = new ArrayList<>();
                for (Camera c : cameras) if (watches(c, road.line(), d)) watching.add(c.id());
                crossings.add(new Crossing(road.name(), road.highway(), d, lat(at.y), lon(at.x), weight, List.copyOf(watching),
                        d == Direction.FORWARD ? forward : (forward + 180) % 360, d == Direction.FORWARD == forwardEnters));
            }
        }
        List<Crossing> blind = crossings.stream().filter(c -> c.cameras().isEmpty()).toList();
        List<Crossing> overlaps = crossings.stream().filter(c -> c.cameras().size() > 1).toList();
        Map<String, int[]> perOrg = new TreeMap<>();
        Map<String, String> orgOf = new java.util.HashMap<>();
        for (Camera c : cameras) {
            orgOf.put(c.id(), c.organisation());
            perOrg.putIfAbsent(c.organisation(), new int[2]);
        }
        for (Crossing x : crossings) {
            for (int[] v : perOrg.values()) v[1]++;
            x.cameras().stream().map(orgOf::get).distinct().forEach(o -> perOrg.get(o)[0]++);
        }
        List<OrganisationCoverage> orgs = perOrg.entrySet().stream().map(e -> new OrganisationCoverage(e.getKey(), e.getValue()[0],
                e.getValue()[1], e.getValue()[1] == 0 ? 0 : e.getValue()[0] / (double) e.getValue()[1])).toList();
        // One camera on a road closes its uncovered directions there (without a heading, it reads both).
        Map<String, List<Crossing>> byRoad = new LinkedHashMap<>();
        for (Crossing b : blind) byRoad.computeIfAbsent(b.road() + "@" + b.lat() + "," + b.lon(), k -> new ArrayList<>()).add(b);
        List<Suggestion> plan = new ArrayList<>();
        byRoad.values().stream()
                .sorted(Comparator.comparingDouble((List<Crossing> l) -> -l.stream().mapToDouble(Crossing::weight).sum())
                        .thenComparing(l -> l.getFirst().road()))
                .forEach(l -> plan.add(new Suggestion(plan.size() + 1, l.getFirst().road(), l.getFirst().highway(),
                        l.stream().map(Crossing::direction).toList(), l.getFirst().lat(), l.getFirst().lon(),
                        l.stream().mapToDouble(Crossing::weight).sum())));
        return new Report(roads.size(), crossingRoads, crossings, blind, overlaps, orgs, plan);
    }

    private boolean watches(Camera c, LineString road, Direction d) {
        Point p = GEO.createPoint(new Coordinate(x(c.lon()), y(c.lat())));
        if (road.distance(p) > CAMERA_DISTANCE_M) return false;
        if (c.heading() == null) return true;
        Coordinate nearest = DistanceOp.nearestPoints(road, p)[0];
        LengthIndexedLine indexed = new LengthIndexedLine(road);
        double at = indexed.project(nearest);
        Coordinate a = indexed.extractPoint(Math.max(0, at - 5));
        Coordinate b = indexed.extractPoint(Math.min(indexed.getEndIndex(), at + 5));
        double bearing = (Math.toDegrees(Math.atan2(b.x - a.x, b.y - a.y)) + 360) % 360;
        if (d == Direction.BACKWARD) bearing = (bearing + 180) % 360;
        double diff = Math.abs(((c.heading() - bearing) % 360 + 540) % 360 - 180);
        return diff <= HEADING_TOLERANCE;
    }

    private static List<Direction> directions(String oneway) {
        String o = oneway == null ? "no" : oneway.toLowerCase(Locale.ROOT);
        return switch (o) {
            case "yes", "true", "1" -> List.of(Direction.FORWARD);
            case "-1", "reverse" -> List.of(Direction.BACKWARD);
            default -> List.of(Direction.FORWARD, Direction.BACKWARD);
        };
    }

    /** Traffic weight of an OpenStreetMap road class, where no count was measured. */
    static double classWeight(String highway) {
        if (highway == null) return 1;
        return switch (highway.replace("_link", "")) {
            case "motorway" -> 10;
            case "trunk" -> 8;
            case "primary" -> 6;
            case "secondary" -> 4;
            case "tertiary" -> 2;
            default -> 1;
        };
    }

    private List<Road> roads(JsonNode fc) {
        if (fc == null || !"FeatureCollection".equals(fc.path("type").asText()))
            throw new IllegalArgumentException("roads: a GeoJSON FeatureCollection of LineStrings");
        List<Road> out = new ArrayList<>();
        int i = 0;
        for (JsonNode f : fc.path("features")) {
            JsonNode g = f.path("geometry");
            JsonNode props = f.path("properties");
            String name = props.path("name").asText(props.path("ref").asText("road " + i));
            i++;
            String type = g.path("type").asText();
            List<JsonNode> lines = switch (type) {
                case "LineString" -> List.of(g.path("coordinates"));
                case "MultiLineString" -> {
                    List<JsonNode> l = new ArrayList<>();
                    g.path("coordinates").forEach(l::add);
                    yield l;
                }
                default -> List.of();
            };
            for (JsonNode coords : lines) {
                Coordinate[] cs = coordinates(coords, "roads[" + (i - 1) + "]");
                if (cs.length < 2) throw new IllegalArgumentException("roads[" + (i - 1) + "]: a line needs two points");
                out.add(new Road(name, props.path("highway").asText(null), props.path("oneway").asText(null),
                        props.hasNonNull("count") ? props.get("count").asDouble() : null, GEO.createLineString(cs)));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("roads: no LineString features");
        return out;
    }

    static JsonNode polygonGeometry(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) throw new IllegalArgumentException("boundary: a GeoJSON Polygon");
        return switch (n.path("type").asText()) {
            case "Polygon", "MultiPolygon" -> n;
            case "Feature" -> polygonGeometry(n.path("geometry"));
            case "FeatureCollection" -> {
                for (JsonNode f : n.path("features")) {
                    String t = f.path("geometry").path("type").asText();
                    if (t.equals("Polygon") || t.equals("MultiPolygon")) yield f.path("geometry");
                }
                throw new IllegalArgumentException("boundary: no Polygon in the FeatureCollection");
            }
            default -> throw new IllegalArgumentException("boundary: a GeoJSON Polygon or MultiPolygon, got '" + n.path("type").asText() + "'");
        };
    }

    private Geometry polygon(JsonNode g) {
        if (g.path("type").asText().equals("Polygon")) return ring(g.path("coordinates"));
        List<Polygon> parts = new ArrayList<>();
        for (JsonNode p : g.path("coordinates")) parts.add(ring(p));
        return GEO.createMultiPolygon(parts.toArray(Polygon[]::new));
    }

    private Polygon ring(JsonNode rings) {
        Coordinate[] outer = coordinates(rings.path(0), "boundary");
        if (outer.length < 4) throw new IllegalArgumentException("boundary: a ring needs at least 4 points");
        if (!outer[0].equals2D(outer[outer.length - 1])) throw new IllegalArgumentException("boundary: the ring must be closed");
        Polygon p = GEO.createPolygon(outer);
        if (!p.isValid()) throw new IllegalArgumentException("boundary: the ring crosses itself or has no area");
        return p;
    }

    private Coordinate[] coordinates(JsonNode coords, String where) {
        if (!coords.isArray()) throw new IllegalArgumentException(where + ": coordinates missing");
        Coordinate[] out = new Coordinate[coords.size()];
        for (int i = 0; i < coords.size(); i++) {
            JsonNode c = coords.get(i);
            if (!c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber())
                throw new IllegalArgumentException(where + ": coordinate " + i + " is not [lon, lat]");
            double lon = c.get(0).asDouble(), lat = c.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw new IllegalArgumentException(where + ": coordinate " + i + " out of range");
            out[i] = new Coordinate(x(lon), y(lat));
        }
        return out;
    }

    private double x(double lon) {
        return lon * 111_320 * cosLat0;
    }

    private double y(double lat) {
        return lat * 110_540;
    }

    private double lon(double x) {
        return Math.round(x / (111_320 * cosLat0) * 1e6) / 1e6;
    }

    private double lat(double y) {
        return Math.round(y / 110_540 * 1e6) / 1e6;
    }
}
