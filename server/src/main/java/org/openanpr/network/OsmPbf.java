package org.openanpr.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import crosby.binary.BinaryParser;
import crosby.binary.Fileformat;
import crosby.binary.Osmformat;
import crosby.binary.file.BlockInputStream;
import crosby.binary.file.FileBlock;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.openanpr.http.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An OpenStreetMap extract in its binary form ({@code .osm.pbf}, read with the OSM project's own {@code osmpbf}
 * library) as the GeoJSON a road network is uploaded as: the ways tagged with a road class the coverage report is
 * about ({@link #CLASSES}: motorway to tertiary and unclassified, with their links; not residential streets) as
 * LineStrings with {@code name}, {@code ref}, {@code highway} and {@code oneway}, and as boundary either the outline
 * of an administrative boundary the extract holds (a {@code boundary=administrative} relation named by its name or
 * id: its outer and inner ways polygonized with JTS) or the extract's bounding box (its header's, else that of the
 * roads' points). Read in passes over the bytes: the roads and relations first, then the boundary's ways, then only
 * the nodes they all use, so a regional extract's millions of other nodes are never held.
 */
final class OsmPbf {
    static final Set<String> CLASSES = Set.of("motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
            "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified");
    /** The format's own limit on an uncompressed block (32 MiB); a larger announced size is refused, not allocated. */
    static final int MAX_BLOCK = 32 * 1024 * 1024;

    private OsmPbf() {
    }

    /** What the extract gives: a boundary polygon and a FeatureCollection of roads, both GeoJSON. */
    record Roads(ObjectNode boundary, ObjectNode roads) {
    }

    private record Way(long[] refs, String name, String ref, String highway, String oneway) {
    }

    /** An administrative boundary relation: its tags that name it, and its member ways (outer and inner). */
    private record Boundary(long id, String name, String adminLevel, long[] ways) {
        String label() {
            return "r" + id + (name == null ? "" : " '" + name + "'") + (adminLevel == null ? "" : " (admin_level " + adminLevel + ")");
        }
    }

    /** More than any region's extract holds; beyond it a file is refused rather than held. */
    static final int MAX_BOUNDARIES = 20_000;
    static final int MAX_BOUNDARY_WAYS = 20_000;
    private static final GeometryFactory GEO = new GeometryFactory();

    /**
     * @throws IllegalArgumentException when the bytes are no .osm.pbf, need a feature this reader lacks, or hold no road
     */
    static Roads read(byte[] pbf) {
        return read(pbf, null);
    }

    /**
     * @param boundaryName the name or the id ({@code r123} or {@code 123}) of the {@code boundary=administrative} relation
     *                 whose outline is the boundary; null: the extract's bounding box
     * @throws IllegalArgumentException when the bytes are no .osm.pbf, need a feature this reader lacks, hold no road,
     *                                  or the boundary is not in it, named ambiguously, or not closed
     */
    static Roads read(byte[] pbf, String boundaryName) {
        checkFraming(pbf);
        Ways ways = new Ways();
        run(pbf, ways);
        if (ways.ways.isEmpty())
            throw new IllegalArgumentException("osm.pbf: no ways tagged highway=" + String.join("|", new java.util.TreeSet<>(CLASSES)));
        Boundary outline = boundaryName == null ? null : choose(ways.boundaries, boundaryName);
        MemberWays members = null;
        long[] needed = ways.ways.stream().flatMapToLong(w -> Arrays.stream(w.refs())).sorted().distinct().toArray();
        if (outline != null) {
            members = new MemberWays(outline.ways());
            run(pbf, members);
            needed = java.util.stream.LongStream.concat(Arrays.stream(needed),
                    members.refs.values().stream().flatMapToLong(Arrays::stream)).sorted().distinct().toArray();
        }
        Nodes nodes = new Nodes(needed);
        run(pbf, nodes);
        double[] box = {90, 180, -90, -180}; // min lat, min lon, max lat, max lon of the roads' points
        ObjectNode roads = Json.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = roads.putArray("features");
        for (Way w : ways.ways) {
            ArrayNode line = Json.MAPPER.createArrayNode();
            for (long id : w.refs()) {
                int i = Arrays.binarySearch(needed, id);
                if (!nodes.found[i]) continue; // a node the extract cut off
                line.addArray().add(nodes.lon[i]).add(nodes.lat[i]);
                box[0] = Math.min(box[0], nodes.lat[i]);
                box[1] = Math.min(box[1], nodes.lon[i]);
                box[2] = Math.max(box[2], nodes.lat[i]);
                box[3] = Math.max(box[3], nodes.lon[i]);
            }
            if (line.size() < 2) continue;
            ObjectNode f = features.addObject().put("type", "Feature");
            ObjectNode p = f.putObject("properties");
            if (w.name() != null) p.put("name", w.name());
            if (w.ref() != null) p.put("ref", w.ref());
            p.put("highway", w.highway());
            if (w.oneway() != null) p.put("oneway", w.oneway());
            f.putObject("geometry").put("type", "LineString").set("coordinates", line);
        }
        if (features.isEmpty()) throw new IllegalArgumentException("osm.pbf: the roads' nodes are not in the file");
        if (outline != null) return new Roads(outline(outline, members, needed, nodes), roads);
        double[] b = ways.bbox != null ? ways.bbox : box;
        ObjectNode boundary = Json.MAPPER.createObjectNode().put("type", "Polygon");
        ArrayNode ring = boundary.putArray("coordinates").addArray();
        ring.addArray().add(b[1]).add(b[0]);
        ring.addArray().add(b[3]).add(b[0]);
        ring.addArray().add(b[3]).add(b[2]);
        ring.addArray().add(b[1]).add(b[2]);
        ring.addArray().add(b[1]).add(b[0]);
        return new Roads(boundary, roads);
    }

    /** The relation the caller named: by id ({@code r123}, {@code 123}), else by its name, in any case. */
    private static Boundary choose(List<Boundary> boundaries, String wanted) {
        if (boundaries.isEmpty())
            throw new IllegalArgumentException("osm.pbf: no boundary=administrative relation in the extract (cut it with its "
                    + "relations complete, e.g. osmium extract --strategy smart), so no boundary '" + wanted + "'");
        String w = wanted.strip();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("[rR]?(\\d{1,18})").matcher(w);
        List<Boundary> found = id.matches()
                ? boundaries.stream().filter(b -> b.id() == Long.parseLong(id.group(1))).toList()
                : boundaries.stream().filter(b -> b.name() != null && b.name().equalsIgnoreCase(w)).toList();
        if (found.size() == 1) return found.getFirst();
        if (found.size() > 1)
            throw new IllegalArgumentException("osm.pbf: '" + w + "' names " + found.size() + " boundaries: "
                    + String.join(", ", found.stream().limit(10).map(Boundary::label).toList()) + "; name one by its id (r…)");
        throw new IllegalArgumentException("osm.pbf: no administrative boundary '" + w + "' in the extract; it has "
                + String.join(", ", boundaries.stream().limit(10).map(Boundary::label).toList())
                + (boundaries.size() > 10 ? " and " + (boundaries.size() - 10) + " more" : ""));
    }

    /**
     * The relation's outline as a GeoJSON Polygon or MultiPolygon: its member ways noded at their shared ends and
     * polygonized, keeping only the faces that make a valid polygonal whole (outer rings with their inner rings as holes).
     */
    private static ObjectNode outline(Boundary b, MemberWays members, long[] needed, Nodes nodes) {
        List<LineString> lines = new ArrayList<>();
        for (long wayId : b.ways()) {
            long[] refs = members.refs.get(wayId);
            if (refs == null)
                throw new IllegalArgumentException("osm.pbf: way " + wayId + " of boundary " + b.label() + " is not in the extract "
                        + "(cut it with its relations complete, e.g. osmium extract --strategy smart)");
            List<Coordinate> cs = new ArrayList<>(refs.length);
            for (long ref : refs) {
                int i = Arrays.binarySearch(needed, ref);
                if (i < 0 || !nodes.found[i])
                    throw new IllegalArgumentException("osm.pbf: node " + ref + " of boundary " + b.label() + " is not in the extract "
                            + "(cut it with its relations complete, e.g. osmium extract --strategy smart)");
                cs.add(new Coordinate(nodes.lon[i], nodes.lat[i]));
            }
            if (cs.size() >= 2) lines.add(GEO.createLineString(cs.toArray(Coordinate[]::new)));
        }
        Polygonizer polygonizer = new Polygonizer(true);
        polygonizer.add(new ArrayList<Geometry>(lines));
        Geometry area = polygonizer.getGeometry();
        if (area.isEmpty())
            throw new IllegalArgumentException("osm.pbf: the ways of boundary " + b.label() + " do not close into a ring");
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (area instanceof Polygon p) {
            out.put("type", "Polygon");
            rings(p, out.putArray("coordinates"));
        } else {
            out.put("type", "MultiPolygon");
            ArrayNode polygons = out.putArray("coordinates");
            for (int i = 0; i < area.getNumGeometries(); i++)
                rings((Polygon) area.getGeometryN(i), polygons.addArray());
        }
        return out;
    }

    private static void rings(Polygon p, ArrayNode into) {
        ring(p.getExteriorRing(), into.addArray());
        for (int i = 0; i < p.getNumInteriorRing(); i++) ring(p.getInteriorRingN(i), into.addArray());
    }

    private static void ring(LineString ring, ArrayNode into) {
        for (Coordinate c : ring.getCoordinates()) into.addArray().add(c.x).add(c.y);
    }

    /**
     * Walks the file's framing before the library reads it: each block a 4-byte length, a header of at most 64 KiB
     * naming a data size within the file and within {@link #MAX_BLOCK}, and a blob whose announced raw size is within
     * {@link #MAX_BLOCK}. The library allocates what a block announces; a hostile file must not make it try.
     */
    static void checkFraming(byte[] pbf) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(pbf);
        int blocks = 0;
        while (in.hasRemaining()) {
            blocks++;
            if (in.remaining() < 4) throw new IllegalArgumentException("osm.pbf: block " + blocks + " is cut off");
            int headerSize = in.getInt();
            if (headerSize <= 0 || headerSize > 64 * 1024 || headerSize > in.remaining())
                throw new IllegalArgumentException("osm.pbf: block " + blocks + " has no valid header (not an OpenStreetMap PBF file?)");
            Fileformat.BlobHeader header;
            try {
                header = Fileformat.BlobHeader.parseFrom(java.nio.ByteBuffer.wrap(pbf, in.position(), headerSize));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("osm.pbf: block " + blocks + " has no valid header (not an OpenStreetMap PBF file?)");
            }
            in.position(in.position() + headerSize);
            int size = header.getDatasize();
            if (size < 0 || size > MAX_BLOCK || size > in.remaining())
                throw new IllegalArgumentException("osm.pbf: block " + blocks + " announces " + size + " bytes, at most " + MAX_BLOCK + " and what the file has");
            try {
                Fileformat.Blob blob = Fileformat.Blob.parseFrom(java.nio.ByteBuffer.wrap(pbf, in.position(), size));
                if (blob.hasRawSize() && (blob.getRawSize() < 0 || blob.getRawSize() > MAX_BLOCK))
                    throw new IllegalArgumentException("osm.pbf: block " + blocks + " unpacks to " + blob.getRawSize() + " bytes, at most " + MAX_BLOCK);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("osm.pbf: block " + blocks + " is no PBF blob");
            }
            in.position(in.position() + size);
        }
        if (blocks == 0) throw new IllegalArgumentException("osm.pbf: an empty file");
    }

    private static void run(byte[] pbf, BinaryParser parser) {
        try (BlockInputStream in = new BlockInputStream(new ByteArrayInputStream(pbf), parser)) {
            in.process();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("osm.pbf:")) throw iae;
            throw new IllegalArgumentException("osm.pbf: not a readable OpenStreetMap PBF file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** The parser both passes share: the header's required features checked, the rest left to each pass. */
    private abstract static class Pass extends BinaryParser {
        @Override
        public void handleBlock(FileBlock block) {
            // Blocks of other types (an index, a vendor's extension) are not the map's: passed over, as the format says.
            if (block.getType().equals("OSMHeader") || block.getType().equals("OSMData")) super.handleBlock(block);
        }

        @Override
        protected void parse(Osmformat.HeaderBlock header) {
            for (String f : header.getRequiredFeaturesList())
                if (!f.equals("OsmSchema-V0.6") && !f.equals("DenseNodes"))
                    throw new IllegalArgumentException("osm.pbf: needs '" + f + "', which this reader does not have");
        }

        @Override
        protected void parseRelations(List<Osmformat.Relation> relations) {
        }

        @Override
        protected void parseDense(Osmformat.DenseNodes nodes) {
        }

        @Override
        protected void parseNodes(List<Osmformat.Node> nodes) {
        }

        @Override
        protected void parseWays(List<Osmformat.Way> ways) {
        }

        @Override
        public void complete() {
        }
    }

    /** First pass: the roads, with their node ids; the administrative boundaries; the header's bounding box. */
    private static final class Ways extends Pass {
        final List<Way> ways = new ArrayList<>();
        final List<Boundary> boundaries = new ArrayList<>();
        double[] bbox;

        @Override
        protected void parseRelations(List<Osmformat.Relation> relations) {
            for (Osmformat.Relation r : relations) {
                String boundary = null, name = null, level = null;
                for (int i = 0; i < r.getKeysCount() && i < r.getValsCount(); i++) {
                    String k = getStringById(r.getKeys(i));
                    switch (k) {
                        case "boundary" -> boundary = getStringById(r.getVals(i));
                        case "name" -> name = getStringById(r.getVals(i));
                        case "admin_level" -> level = getStringById(r.getVals(i));
                        default -> {
                        }
                    }
                }
                if (!"administrative".equals(boundary)) continue;
                if (boundaries.size() >= MAX_BOUNDARIES)
                    throw new IllegalArgumentException("osm.pbf: more than " + MAX_BOUNDARIES + " administrative boundaries; cut the extract to the region");
                List<Long> members = new ArrayList<>();
                long id = 0;
                for (int i = 0; i < r.getMemidsCount() && i < r.getTypesCount(); i++) {
                    id += r.getMemids(i); // delta coded
                    if (r.getTypes(i) != Osmformat.Relation.MemberType.WAY) continue;
                    String role = i < r.getRolesSidCount() ? getStringById(r.getRolesSid(i)) : "";
                    if (role.equals("outer") || role.equals("inner") || role.isEmpty()) members.add(id);
                }
                if (members.size() > MAX_BOUNDARY_WAYS)
                    throw new IllegalArgumentException("osm.pbf: boundary r" + r.getId() + " has more than " + MAX_BOUNDARY_WAYS + " ways");
                if (!members.isEmpty())
                    boundaries.add(new Boundary(r.getId(), name, level, members.stream().mapToLong(Long::longValue).distinct().toArray()));
            }
        }

        @Override
        protected void parse(Osmformat.HeaderBlock header) {
            super.parse(header);
            if (header.hasBbox()) {
                Osmformat.HeaderBBox b = header.getBbox();
                bbox = new double[]{degrees(b.getBottom()), degrees(b.getLeft()), degrees(b.getTop()), degrees(b.getRight())};
                if (!(bbox[0] >= -90 && bbox[2] <= 90 && bbox[0] < bbox[2] && bbox[1] >= -180 && bbox[3] <= 180 && bbox[1] < bbox[3]))
                    bbox = null; // a header box that is no box: the roads' extent instead
            }
        }

        /** Nanodegrees as degrees, to the 1e-7 of OSM's own coordinates. */
        private static double degrees(long nano) {
            return Math.round(nano / 100.0) / 1e7;
        }

        @Override
        protected void parseWays(List<Osmformat.Way> list) {
            for (Osmformat.Way w : list) {
                String highway = null, name = null, ref = null, oneway = null;
                for (int i = 0; i < w.getKeysCount() && i < w.getValsCount(); i++) {
                    String k = getStringById(w.getKeys(i));
                    String v = getStringById(w.getVals(i));
                    switch (k) {
                        case "highway" -> highway = v;
                        case "name" -> name = v;
                        case "ref" -> ref = v;
                        case "oneway" -> oneway = v;
                        default -> {
                        }
                    }
                }
                if (highway == null || !CLASSES.contains(highway) || w.getRefsCount() < 2) continue;
                if (ways.size() >= RoadNetworks.MAX_FEATURES)
                    throw new IllegalArgumentException("osm.pbf: more than " + RoadNetworks.MAX_FEATURES + " roads; cut the extract to the region");
                long[] refs = new long[w.getRefsCount()];
                long id = 0;
                for (int i = 0; i < refs.length; i++) refs[i] = id += w.getRefs(i); // delta coded
                ways.add(new Way(refs, name, ref, highway, oneway));
            }
        }
    }

    /** Second pass, when a boundary was named: its member ways' node ids, whatever their tags. */
    private static final class MemberWays extends Pass {
        final long[] wanted;
        final java.util.Map<Long, long[]> refs = new java.util.HashMap<>();

        MemberWays(long[] wanted) {
            this.wanted = wanted.clone();
            Arrays.sort(this.wanted);
        }

        @Override
        protected void parseWays(List<Osmformat.Way> list) {
            for (Osmformat.Way w : list) {
                if (Arrays.binarySearch(wanted, w.getId()) < 0) continue;
                long[] r = new long[w.getRefsCount()];
                long id = 0;
                for (int i = 0; i < r.length; i++) r[i] = id += w.getRefs(i); // delta coded
                refs.put(w.getId(), r);
            }
        }
    }

    /** Last pass: the coordinates of the nodes the roads and the boundary use, and no other. */
    private static final class Nodes extends Pass {
        final long[] ids;
        final double[] lat, lon;
        final boolean[] found;

        Nodes(long[] ids) {
            this.ids = ids;
            this.lat = new double[ids.length];
            this.lon = new double[ids.length];
            this.found = new boolean[ids.length];
        }

        private void node(long id, long rawLat, long rawLon) {
            int i = Arrays.binarySearch(ids, id);
            if (i < 0) return;
            double la = parseLat(rawLat), lo = parseLon(rawLon);
            if (!(la >= -90 && la <= 90 && lo >= -180 && lo <= 180)) return;
            lat[i] = Math.round(la * 1e7) / 1e7;
            lon[i] = Math.round(lo * 1e7) / 1e7;
            found[i] = true;
        }

        @Override
        protected void parseDense(Osmformat.DenseNodes d) {
            long id = 0, la = 0, lo = 0;
            int n = Math.min(d.getIdCount(), Math.min(d.getLatCount(), d.getLonCount()));
            for (int i = 0; i < n; i++) {
                id += d.getId(i);
                la += d.getLat(i);
                lo += d.getLon(i);
                node(id, la, lo);
            }
        }

        @Override
        protected void parseNodes(List<Osmformat.Node> list) {
            for (Osmformat.Node n : list) node(n.getId(), n.getLat(), n.getLon());
        }
    }
}
