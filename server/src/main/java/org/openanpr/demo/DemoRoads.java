package org.openanpr.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openanpr.camera.Camera;
import org.openanpr.http.ApiClient;
import org.openanpr.http.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The demo region's road network, shaped like Utrecht's: the motorways (A2, A12, A27, A28) drawn through the demo's
 * own camera positions and on past the municipal boundary, the city entry roads through their cameras, and a few inner
 * streets, so that every map has streets without a tile server and the coverage report has something to say. The
 * cameras on the entry roads watch inbound traffic only, and one road to Houten has none: the planted blind spots are
 * {@link #BLIND_SPOTS}.
 */
public final class DemoRoads {
    public static final String NAME = "Wegen regio Utrecht (demo)";
    /** What the coverage report of the demo network must name as blind spots (road, direction), no more. */
    public static final Set<String> BLIND_SPOTS = Set.of("Amsterdamsestraatweg BACKWARD", "Vleutenseweg BACKWARD",
            "Biltse Rijksweg BACKWARD", "Nieuwe Houtenseweg FORWARD", "Nieuwe Houtenseweg BACKWARD");

    /** Roughly the municipality of Utrecht: Leidsche Rijn to the west, Maarssen's edge north, Zeist east, Houten south. */
    static final double[][] BOUNDARY = {{5.000, 52.035}, {5.100, 52.030}, {5.215, 52.040}, {5.215, 52.090}, {5.205, 52.130},
            {5.100, 52.135}, {5.000, 52.130}, {4.990, 52.080}, {5.000, 52.035}};

    private DemoRoads() {
    }

    /** The boundary polygon (GeoJSON). */
    public static ObjectNode boundary() {
        ObjectNode g = Json.MAPPER.createObjectNode().put("type", "Polygon");
        ArrayNode ring = g.putArray("coordinates").addArray();
        for (double[] p : BOUNDARY) ring.addArray().add(p[0]).add(p[1]);
        return g;
    }

    /** The roads (GeoJSON FeatureCollection of LineStrings with name, highway, oneway). */
    public static ObjectNode roads(DemoRegion region) {
        List<Object[]> roads = new ArrayList<>();
        // Motorways, through the camera positions (the middle of each carriageway pair).
        roads.add(road("A2", "motorway", null, p(5.0205, 52.160), at(region, "UT-A2-01", "UT-A2-05"), at(region, "UT-A2-02"),
                at(region, "UT-A2-04"), at(region, "UT-A2-03"), p(5.0850, 52.010)));
        roads.add(road("A12", "motorway", null, p(4.980, 52.0660), at(region, "UT-A12-01", "UT-A12-02"), p(5.140, 52.0610),
                at(region, "UT-A12-03", "UT-A12-04"), p(5.240, 52.0580)));
        roads.add(road("A27", "motorway", null, p(5.135, 52.000), at(region, "UT-A27-01"), at(region, "UT-A27-02", "UT-A27-03"),
                at(region, "UT-A27-04"), p(5.160, 52.150)));
        roads.add(road("A28", "motorway", null, p(5.156, 52.086), at(region, "UT-A28-01"), at(region, "UT-A28-02"), p(5.250, 52.120)));
        // City entry roads: the camera reads inbound; the way out is open.
        roads.add(road("Amsterdamsestraatweg", "secondary", null, p(5.060, 52.145), p(5.080, 52.120), at(region, "UT-ASW-01"), p(5.108, 52.095)));
        roads.add(road("Vleutenseweg", "secondary", null, p(4.970, 52.0960), p(5.030, 52.0950), at(region, "UT-VLW-01"), p(5.105, 52.0920)));
        roads.add(road("Biltse Rijksweg", "secondary", null, p(5.230, 52.118), p(5.190, 52.110), at(region, "UT-BRW-01"), p(5.125, 52.094)));
        // No camera at all: both ways a blind spot.
        roads.add(road("Nieuwe Houtenseweg", "tertiary", null, p(5.118, 52.010), p(5.120, 52.050), p(5.122, 52.075)));
        // Inside the boundary: watched entry roads and streets that cross nothing.
        roads.add(road("Europalaan", "primary", null, p(5.1035, 52.0625), at(region, "UT-EUR-01"), p(5.106, 52.083)));
        roads.add(road("Waterlinieweg", "primary", null, p(5.141, 52.062), at(region, "UT-WLW-01"), at(region, "UT-WVN-01"), p(5.130, 52.110)));
        roads.add(road("Catharijnesingel", "tertiary", null, p(5.107, 52.087), p(5.114, 52.087), p(5.122, 52.083), p(5.128, 52.090)));
        roads.add(road("Maliesingel", "tertiary", null, p(5.128, 52.090), p(5.133, 52.095), p(5.136, 52.100)));
        roads.add(road("Kardinaal de Jongweg", "secondary", null, p(5.136, 52.100), p(5.125, 52.107), p(5.110, 52.106)));
        roads.add(road("Graadt van Roggenweg", "secondary", null, p(5.092, 52.093), p(5.099, 52.0895), p(5.107, 52.087)));
        roads.add(road("Croeselaan", "tertiary", "yes", p(5.107, 52.087), p(5.108, 52.080), p(5.106, 52.072)));
        roads.add(road("Kanaalstraat", "residential", null, p(5.100, 52.0925), p(5.1045, 52.091), p(5.112, 52.089)));
        roads.add(road("Oudwijk", "residential", null, p(5.1205, 52.0855), p(5.1315, 52.088), p(5.1295, 52.094)));
        roads.add(road("Voorstraat", "residential", null, p(5.1295, 52.094), p(5.1205, 52.0945), p(5.108, 52.096)));
        ObjectNode fc = Json.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        for (Object[] r : roads) {
            ObjectNode f = features.addObject().put("type", "Feature");
            ObjectNode props = f.putObject("properties").put("name", (String) r[0]).put("highway", (String) r[1]);
            if (r[2] != null) props.put("oneway", (String) r[2]);
            ArrayNode coords = f.putObject("geometry").put("type", "LineString").putArray("coordinates");
            for (double[] pt : (double[][]) r[3]) coords.addArray().add(Math.round(pt[0] * 1e6) / 1e6).add(Math.round(pt[1] * 1e6) / 1e6);
        }
        return fc;
    }

    /** Stores the network for the region's organisation, shared, unless an earlier demo start did. */
    public static void install(ApiClient api, DemoRegion region) throws Exception {
        for (JsonNode n : api.get("/api/v1/road-networks"))
            if (n.path("name").asText().equals(NAME) && n.path("organisation").asText().equals(region.organisation())) return;
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", NAME).put("organisation", region.organisation()).put("shared", true);
        body.set("boundary", boundary());
        body.set("roads", roads(region));
        api.post("/api/v1/road-networks", "application/json", Json.MAPPER.writeValueAsString(body));
    }

    private static Object[] road(String name, String highway, String oneway, double[]... points) {
        return new Object[]{name, highway, oneway, points};
    }

    private static double[] p(double lon, double lat) {
        return new double[]{lon, lat};
    }

    /** The middle of the cameras' positions: a road drawn through it passes each within a few metres. */
    private static double[] at(DemoRegion region, String... cameras) {
        double lat = 0, lon = 0;
        for (String id : cameras) {
            Camera c = region.camera(id);
            lat += c.lat();
            lon += c.lon();
        }
        return new double[]{lon / cameras.length, lat / cameras.length};
    }
}
