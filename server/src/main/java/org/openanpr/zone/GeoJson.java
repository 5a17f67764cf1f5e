package org.openanpr.zone;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A zone's area: a GeoJSON Polygon or MultiPolygon (bare, or as a Feature's geometry), longitude first, in WGS 84,
 * read into a JTS geometry that must be valid (closed rings, no self-intersection) and at most 10,000 points.
 */
public final class GeoJson {
    public static final int MAX_POINTS = 10_000;
    private static final GeometryFactory GEO = new GeometryFactory(new PrecisionModel(), 4326);

    private GeoJson() {
    }

    public static Geometry area(JsonNode node) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException("area: a GeoJSON Polygon or MultiPolygon object is required");
        if ("Feature".equals(node.path("type").asText())) node = node.path("geometry");
        String type = node.path("type").asText();
        JsonNode coords = node.path("coordinates");
        int[] points = {0};
        Geometry g = switch (type) {
            case "Polygon" -> polygon(coords, points);
            case "MultiPolygon" -> {
                if (!coords.isArray() || coords.isEmpty()) throw new IllegalArgumentException("area: a MultiPolygon needs polygons");
                List<Polygon> parts = new ArrayList<>();
                for (JsonNode p : coords) parts.add(polygon(p, points));
                yield GEO.createMultiPolygon(parts.toArray(Polygon[]::new));
            }
            default -> throw new IllegalArgumentException("area: type must be Polygon or MultiPolygon, not '" + type + "'");
        };
        if (!g.isValid()) throw new IllegalArgumentException("area: the polygon is not valid (it crosses itself or its rings overlap)");
        return g;
    }

    public static org.locationtech.jts.geom.Point point(double lat, double lon) {
        return GEO.createPoint(new Coordinate(lon, lat));
    }

    private static Polygon polygon(JsonNode rings, int[] points) {
        if (!rings.isArray() || rings.isEmpty()) throw new IllegalArgumentException("area: a polygon needs at least its outer ring");
        LinearRing shell = ring(rings.get(0), points);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.get(i), points);
        return GEO.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode ring, int[] points) {
        if (!ring.isArray() || ring.size() < 4) throw new IllegalArgumentException("area: a ring needs at least 4 positions, the last equal to the first");
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            JsonNode p = ring.get(i);
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber())
                throw new IllegalArgumentException("area: a position is [longitude, latitude]");
            double lon = p.get(0).asDouble(), lat = p.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw new IllegalArgumentException("area: position out of range: [" + lon + ", " + lat + "]");
            cs[i] = new Coordinate(lon, lat);
            if (++points[0] > MAX_POINTS) throw new IllegalArgumentException("area: at most " + MAX_POINTS + " positions");
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) throw new IllegalArgumentException("area: a ring must end where it starts");
        return GEO.createLinearRing(cs);
    }
}
