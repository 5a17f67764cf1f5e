package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An area drawn on the map for a stakeout: a circle (centre and radius in metres) or a polygon (GeoJSON, lon/lat, with
 * holes). A point on the edge is inside. Bounded, so that an "area" cannot be a province: radius at most
 * {@value #MAX_RADIUS_M} m, a polygon at most {@value #MAX_AREA_KM2} km² and {@value #MAX_VERTICES} vertices, valid
 * (closed rings, no self-intersection).
 */
public sealed interface Area {
    int MAX_RADIUS_M = 3_000;
    double MAX_AREA_KM2 = 30;
    int MAX_VERTICES = 1_000;

    boolean contains(double lat, double lon);

    double squareKilometres();

    /** As GeoJSON: the polygon, or a point with {@code radius} (metres) for a circle. */
    Map<String, Object> geoJson();

    /**
     * The box around the area, {@code {minLat, maxLat, minLon, maxLon}}, a little wider than it: what an index-friendly
     * filter on positions keeps before {@link #contains} decides.
     */
    double[] envelope();

    record Circle(double lat, double lon, double radiusMetres) implements Area {
        public Circle {
            checkPosition(lat, lon);
            if (!(radiusMetres > 0) || radiusMetres > MAX_RADIUS_M)
                throw new IllegalArgumentException("radius: more than 0 and at most " + MAX_RADIUS_M + " metres");
        }

        @Override
        public boolean contains(double plat, double plon) {
            return Distance.metres(lat, lon, plat, plon) <= radiusMetres;
        }

        @Override
        public double squareKilometres() {
            return Math.PI * radiusMetres * radiusMetres / 1e6;
        }

        @Override
        public double[] envelope() {
            double dLat = radiusMetres / 111_000.0;
            double dLon = radiusMetres / (111_000.0 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
            return new double[]{lat - dLat, lat + dLat, lon - dLon, lon + dLon};
        }

        @Override
        public Map<String, Object> geoJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "Point");
            m.put("coordinates", List.of(lon, lat));
            m.put("radius", radiusMetres);
            return m;
        }
    }

    final class Shape implements Area {
        private static final GeometryFactory GEOMETRY = new GeometryFactory();
        private final Polygon polygon;
        private final PreparedGeometry prepared;
        private final double km2;

        Shape(Polygon polygon) {
            this.polygon = polygon;
            this.prepared = PreparedGeometryFactory.prepare(polygon);
            // Degrees to metres around the centre: within a few km² the error is far below a camera's placing.
            double lat = polygon.getCentroid().getY();
            double perDegLat = 111_320;
            double perDegLon = 111_320 * Math.cos(Math.toRadians(lat));
            this.km2 = polygon.getArea() * perDegLat * perDegLon / 1e6;
            if (km2 > MAX_AREA_KM2)
                throw new IllegalArgumentException("polygon: " + Math.round(km2) + " km² is more than the " + (int) MAX_AREA_KM2
                        + " km² a stakeout area may cover; draw the area where the vehicle was, or several scenes");
        }

        @Override
        public boolean contains(double lat, double lon) {
            return prepared.covers(GEOMETRY.createPoint(new Coordinate(lon, lat)));
        }

        @Override
        public double squareKilometres() {
            return km2;
        }

        @Override
        public double[] envelope() {
            org.locationtech.jts.geom.Envelope e = polygon.getEnvelopeInternal();
            double pad = 1e-6; // on the edge is inside (covers)
            return new double[]{e.getMinY() - pad, e.getMaxY() + pad, e.getMinX() - pad, e.getMaxX() + pad};
        }

        @Override
        public Map<String, Object> geoJson() {
            List<List<List<Double>>> rings = new ArrayList<>();
            rings.add(ring(polygon.getExteriorRing()));
            for (int i = 0; i < polygon.getNumInteriorRing(); i++) rings.add(ring(polygon.getInteriorRingN(i)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "Polygon");
            m.put("coordinates", rings);
            return m;
        }

        private static List<List<Double>> ring(LinearRing r) {
            List<List<Double>> out = new ArrayList<>();
            for (Coordinate c : r.getCoordinates()) out.add(List.of(c.x, c.y));
            return out;
        }
    }

    /**
     * From a request: {@code {"circle": {"lat", "lon", "radiusMetres"}}} or {@code {"polygon": <GeoJSON Polygon or a
     * Feature holding one>}}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Area parse(JsonNode node) {
        if (node == null || !node.isObject()) throw new IllegalArgumentException("an area: {circle: {lat, lon, radiusMetres}} or {polygon: GeoJSON}");
        JsonNode circle = node.get("circle");
        JsonNode polygon = node.get("polygon");
        if ((circle == null) == (polygon == null)) throw new IllegalArgumentException("either circle or polygon, not both or neither");
        if (circle != null) {
            if (!circle.isObject()) throw new IllegalArgumentException("circle: {lat, lon, radiusMetres}");
            return new Circle(number(circle, "lat"), number(circle, "lon"), number(circle, "radiusMetres"));
        }
        JsonNode geometry = polygon;
        if ("Feature".equals(text(polygon, "type"))) geometry = polygon.get("geometry");
        if (geometry == null || !"Polygon".equals(text(geometry, "type")))
            throw new IllegalArgumentException("polygon: a GeoJSON Polygon (or a Feature holding one); " + describe(geometry));
        JsonNode rings = geometry.get("coordinates");
        if (rings == null || !rings.isArray() || rings.isEmpty()) throw new IllegalArgumentException("polygon: coordinates must be an array of rings");
        int vertices = 0;
        for (JsonNode r : rings) vertices += r.isArray() ? r.size() : 0;
        if (vertices > MAX_VERTICES) throw new IllegalArgumentException("polygon: " + vertices + " vertices, at most " + MAX_VERTICES);
        LinearRing shell = ring(rings.get(0), 0);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.get(i), i);
        Polygon p = Shape.GEOMETRY.createPolygon(shell, holes);
        IsValidOp valid = new IsValidOp(p);
        if (!valid.isValid())
            throw new IllegalArgumentException("polygon: not a valid polygon (" + valid.getValidationError().getMessage() + ")");
        return new Shape(p);
    }

    private static LinearRing ring(JsonNode ring, int index) {
        if (ring == null || !ring.isArray()) throw new IllegalArgumentException("polygon: ring " + index + " is not an array of positions");
        if (ring.size() < 4) throw new IllegalArgumentException("polygon: ring " + index + " has " + ring.size()
                + " positions; a ring needs at least 4, the last equal to the first");
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            JsonNode pos = ring.get(i);
            if (!pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber())
                throw new IllegalArgumentException("polygon: ring " + index + ", position " + i + " is not [lon, lat]");
            double lon = pos.get(0).asDouble();
            double lat = pos.get(1).asDouble();
            checkPosition(lat, lon);
            cs[i] = new Coordinate(lon, lat);
        }
        if (!cs[0].equals2D(cs[cs.length - 1]))
            throw new IllegalArgumentException("polygon: ring " + index + " is not closed (its last position must equal its first)");
        return Shape.GEOMETRY.createLinearRing(cs);
    }

    private static void checkPosition(double lat, double lon) {
        if (!(lat >= -90 && lat <= 90)) throw new IllegalArgumentException("lat: between -90 and 90");
        if (!(lon >= -180 && lon <= 180)) throw new IllegalArgumentException("lon: between -180 and 180");
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("circle." + field + ": a number is required");
        return v.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String describe(JsonNode geometry) {
        String type = text(geometry, "type");
        return type == null ? "no type given" : "got " + (type.length() > 40 ? type.substring(0, 40) + "…" : type);
    }
}
