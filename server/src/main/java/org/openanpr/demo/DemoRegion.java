package org.openanpr.demo;

import org.openanpr.camera.Camera;
import org.openanpr.camera.Camera.CameraStatus;
import org.openanpr.camera.Camera.CameraType;
import org.openanpr.demo.RoadLink.Road;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A ready-made camera network for {@code serve --demo}: real roads around one city, so that a newcomer sees
 * cameras on a map where they expect them and traffic that moves between them the way it would.
 *
 * <p>Besides the public camera list the region carries, package-private, what the traffic generator needs to be
 * believable: which camera a vehicle can reach next ({@link RoadLink}), where traffic enters the network, and
 * the loops the mobile cameras drive.
 */
public final class DemoRegion {
    private final String name;
    private final String organisation;
    private final List<Camera> cameras;
    private final Map<String, Camera> byId;
    private final List<RoadLink> links;
    private final Map<String, Double> entryWeights;
    private final List<PatrolRoute> patrols;

    DemoRegion(String name, String organisation, List<Camera> cameras, List<RoadLink> links,
               Map<String, Double> entryWeights, List<PatrolRoute> patrols) {
        this.name = name;
        this.organisation = organisation;
        this.cameras = List.copyOf(cameras);
        this.links = List.copyOf(links);
        this.entryWeights = Map.copyOf(entryWeights);
        this.patrols = List.copyOf(patrols);
        Map<String, Camera> index = new LinkedHashMap<>();
        for (Camera c : this.cameras) {
            if (index.put(c.id(), c) != null) throw new IllegalArgumentException("duplicate camera id " + c.id());
        }
        this.byId = Map.copyOf(index);
        for (RoadLink l : this.links) {
            if (fixed(l.from()) == null || fixed(l.to()) == null) {
                throw new IllegalArgumentException("road link between unknown or non-fixed cameras: " + l);
            }
        }
        for (Map.Entry<String, Double> e : this.entryWeights.entrySet()) {
            if (fixed(e.getKey()) == null || e.getValue() < 0) {
                throw new IllegalArgumentException("bad entry weight for camera " + e.getKey());
            }
        }
        for (PatrolRoute p : this.patrols) {
            Camera c = byId.get(p.cameraId());
            if (c == null || c.type() != CameraType.MOBILE) {
                throw new IllegalArgumentException("patrol route for unknown or fixed camera " + p.cameraId());
            }
        }
    }

    /**
     * Utrecht: the motorway ring (A2, A12, A27, A28) with its interchanges Oudenrijn, Lunetten and Rijnsweerd, the
     * main city entry roads, a police patrol car and a parking-enforcement scan car. Positions are on the named
     * carriageway as far as a map at street level shows it; each fixed camera watches one direction.
     */
    public static DemoRegion utrecht() {
        String org = "demo-utrecht";
        Cameras c = new Cameras(org);
        // A2, west side of the city. Northbound traffic drives the eastern carriageway.
        c.fixed("UT-A2-01", "A2 Maarssen, richting 's-Hertogenbosch", 52.12800, 5.03700, 162, "1-3", "'s-Hertogenbosch");
        c.fixed("UT-A2-02", "A2 Leidsche Rijntunnel, richting 's-Hertogenbosch", 52.09000, 5.05720, 162, "1-4", "'s-Hertogenbosch");
        c.fixed("UT-A2-03", "A2 Nieuwegein, richting 's-Hertogenbosch", 52.04500, 5.07650, 170, "1-4", "'s-Hertogenbosch");
        c.fixed("UT-A2-04", "A2 Oudenrijn, richting Amsterdam", 52.07400, 5.06620, 342, "1-4", "Amsterdam");
        c.fixed("UT-A2-05", "A2 Maarssen, richting Amsterdam", 52.12810, 5.03760, 342, "1-3", "Amsterdam");
        // A12, south side. Eastbound traffic drives the southern carriageway.
        c.fixed("UT-A12-01", "A12 Galecopperbrug, richting Arnhem", 52.06340, 5.08500, 102, "1-5", "Arnhem");
        c.fixed("UT-A12-02", "A12 Galecopperbrug, richting Den Haag", 52.06375, 5.08500, 282, "1-5", "Den Haag");
        c.fixed("UT-A12-03", "A12 Bunnik, richting Arnhem", 52.05970, 5.18000, 80, "1-3", "Arnhem");
        c.fixed("UT-A12-04", "A12 Bunnik, richting Den Haag", 52.06005, 5.18000, 260, "1-3", "Den Haag");
        // A27 and A28, east side.
        c.fixed("UT-A27-01", "A27 Houten, richting Hilversum", 52.04200, 5.14080, 8, "1-3", "Hilversum");
        c.fixed("UT-A27-02", "A27 Amelisweerd, richting Hilversum", 52.07000, 5.14900, 6, "1-4", "Hilversum");
        c.fixed("UT-A27-03", "A27 Amelisweerd, richting Breda", 52.07000, 5.14850, 186, "1-4", "Breda");
        c.fixed("UT-A27-04", "A27 Utrecht-Veemarkt, richting Breda", 52.10300, 5.15450, 182, "1-3", "Breda");
        c.fixed("UT-A28-01", "A28 Utrecht Science Park, richting Amersfoort", 52.09170, 5.17000, 65, "1-2", "Amersfoort");
        c.fixed("UT-A28-02", "A28 Zeist, richting Utrecht", 52.10100, 5.20000, 245, "1-2", "Utrecht");
        // City entry roads, watched inbound: that is where a municipality enforces environmental zones.
        c.fixed("UT-EUR-01", "Europalaan, richting centrum", 52.07000, 5.10350, 358, "1-2", "centrum");
        c.fixed("UT-WLW-01", "Waterlinieweg (Galgenwaard), richting Overvecht", 52.07950, 5.14100, 0, "1-2", "Overvecht");
        c.fixed("UT-WVN-01", "Weg der Verenigde Naties, richting Overvecht", 52.10100, 5.13300, 335, "1-2", "Overvecht");
        c.fixed("UT-BRW-01", "Biltse Rijksweg, richting centrum", 52.09900, 5.14600, 250, "1-2", "centrum");
        c.fixed("UT-ASW-01", "Amsterdamsestraatweg (Zuilen), richting centrum", 52.10600, 5.09600, 140, "1", "centrum");
        c.fixed("UT-VLW-01", "Vleutenseweg, richting centrum", 52.09350, 5.09000, 95, "1", "centrum");

        List<GeoPoint> patrolLoop = List.of(
                new GeoPoint(52.08700, 5.10700),  // Croeselaan, Jaarbeurs
                new GeoPoint(52.08700, 5.11400),  // Catharijnesingel, Moreelsepark
                new GeoPoint(52.08300, 5.12200),  // Catharijnesingel, Tolsteeg
                new GeoPoint(52.09000, 5.12800),  // Maliesingel
                new GeoPoint(52.09500, 5.13300),  // Biltstraat
                new GeoPoint(52.10000, 5.13600),  // Weg der Verenigde Naties
                new GeoPoint(52.10700, 5.12500),  // Kardinaal de Jongweg
                new GeoPoint(52.10600, 5.09600),  // Amsterdamsestraatweg, Zuilen
                new GeoPoint(52.09800, 5.10500),  // Amsterdamsestraatweg, Pijlsweerd
                new GeoPoint(52.09300, 5.09200),  // Vleutenseweg, Lombok
                new GeoPoint(52.08950, 5.09900)); // Graadt van Roggenweg
        List<GeoPoint> scanLoop = List.of(
                new GeoPoint(52.09250, 5.10000),  // Kanaalstraat, Lombok
                new GeoPoint(52.09100, 5.10450),  // Damstraat
                new GeoPoint(52.08900, 5.11200),  // Catharijnesingel
                new GeoPoint(52.08550, 5.12050),  // Lange Nieuwstraat
                new GeoPoint(52.08800, 5.13150),  // Oudwijk
                new GeoPoint(52.09400, 5.12950),  // Wittevrouwen
                new GeoPoint(52.09450, 5.12050),  // Voorstraat
                new GeoPoint(52.09600, 5.10800)); // Pijlsweerd
        c.mobile("UT-MOB-01", "Politie surveillanceauto (ANPR)", patrolLoop.getFirst());
        c.mobile("UT-SCAN-01", "Scanauto parkeerhandhaving", scanLoop.getFirst());

        List<RoadLink> links = List.of(
                new RoadLink("UT-A2-01", "UT-A2-02", Road.MOTORWAY),
                new RoadLink("UT-A2-02", "UT-A2-03", Road.MOTORWAY),
                new RoadLink("UT-A2-02", "UT-A12-01", Road.MOTORWAY),   // Oudenrijn, A2 south to A12 east
                new RoadLink("UT-A2-04", "UT-A2-05", Road.MOTORWAY),
                new RoadLink("UT-A12-02", "UT-A2-04", Road.MOTORWAY),   // Oudenrijn, A12 west to A2 north
                new RoadLink("UT-A12-01", "UT-A12-03", Road.MOTORWAY),
                new RoadLink("UT-A12-01", "UT-A27-02", Road.MOTORWAY),  // Lunetten, A12 east to A27 north
                new RoadLink("UT-A12-04", "UT-A12-02", Road.MOTORWAY),
                new RoadLink("UT-A12-04", "UT-A27-02", Road.MOTORWAY),  // Lunetten, A12 west to A27 north
                new RoadLink("UT-A27-01", "UT-A27-02", Road.MOTORWAY),
                new RoadLink("UT-A27-02", "UT-A28-01", Road.MOTORWAY),  // Rijnsweerd, A27 north to A28
                new RoadLink("UT-A27-04", "UT-A27-03", Road.MOTORWAY),
                new RoadLink("UT-A27-04", "UT-A28-01", Road.MOTORWAY),  // Rijnsweerd, A27 south to A28
                new RoadLink("UT-A27-03", "UT-A12-02", Road.MOTORWAY),  // Lunetten, A27 south to A12 west
                new RoadLink("UT-A27-03", "UT-A12-03", Road.MOTORWAY),  // Lunetten, A27 south to A12 east
                new RoadLink("UT-A28-02", "UT-A27-03", Road.MOTORWAY),  // Rijnsweerd, A28 to A27 south
                new RoadLink("UT-A12-01", "UT-EUR-01", Road.ARTERIAL),  // exit Utrecht-Kanaleneiland
                new RoadLink("UT-A12-04", "UT-WLW-01", Road.ARTERIAL),
                new RoadLink("UT-A27-01", "UT-WLW-01", Road.ARTERIAL),
                new RoadLink("UT-A27-02", "UT-BRW-01", Road.ARTERIAL),  // exit Utrecht-Veemarkt
                new RoadLink("UT-A28-02", "UT-WVN-01", Road.ARTERIAL, 0.5),  // A28 runs on as the Waterlinieweg
                new RoadLink("UT-WLW-01", "UT-WVN-01", Road.ARTERIAL),
                new RoadLink("UT-A2-02", "UT-VLW-01", Road.CITY),       // exit Utrecht-Leidsche Rijn
                new RoadLink("UT-A2-01", "UT-ASW-01", Road.CITY));      // exit Maarssen, along the Vecht

        // Where traffic enters the watched network, relative: the motorways from Amsterdam, Den Bosch, Den Haag,
        // Arnhem, Breda, Hilversum and Amersfoort carry most; on-ramps inside the ring and city roads less.
        Map<String, Double> entryWeights = Map.ofEntries(
                Map.entry("UT-A2-01", 5.0), Map.entry("UT-A2-02", 1.0), Map.entry("UT-A2-03", 2.0),
                Map.entry("UT-A2-04", 5.0), Map.entry("UT-A2-05", 1.0),
                Map.entry("UT-A12-01", 5.0), Map.entry("UT-A12-02", 2.0), Map.entry("UT-A12-03", 1.0),
                Map.entry("UT-A12-04", 5.0),
                Map.entry("UT-A27-01", 4.0), Map.entry("UT-A27-02", 1.0), Map.entry("UT-A27-03", 1.0),
                Map.entry("UT-A27-04", 4.0), Map.entry("UT-A28-01", 2.0), Map.entry("UT-A28-02", 4.0),
                Map.entry("UT-EUR-01", 1.5), Map.entry("UT-WLW-01", 1.0), Map.entry("UT-WVN-01", 0.5),
                Map.entry("UT-BRW-01", 0.5), Map.entry("UT-ASW-01", 1.0), Map.entry("UT-VLW-01", 1.0));

        List<PatrolRoute> patrols = List.of(
                // A patrol car reads whatever it meets, day and night.
                new PatrolRoute("UT-MOB-01", patrolLoop, Duration.ofMinutes(35), 0.03, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT),
                // Parking enforcement scans parked cars during paid-parking hours only, at walking-plus pace.
                new PatrolRoute("UT-SCAN-01", scanLoop, Duration.ofMinutes(40), 0.04, LocalTime.of(9, 0), LocalTime.of(21, 0)));

        return new DemoRegion("Regio Utrecht (demo)", org, c.list, links, entryWeights, patrols);
    }

    public String name() {
        return name;
    }

    /** The organisation code every demo camera belongs to. */
    public String organisation() {
        return organisation;
    }

    public List<Camera> cameras() {
        return cameras;
    }

    Camera camera(String id) {
        Camera c = byId.get(id);
        if (c == null) throw new NoSuchElementException("no demo camera " + id);
        return c;
    }

    List<RoadLink> links() {
        return links;
    }

    /** Relative volume of traffic that starts its journey through the network at this fixed camera. */
    double entryWeight(String cameraId) {
        return entryWeights.getOrDefault(cameraId, 1.0);
    }

    List<PatrolRoute> patrols() {
        return patrols;
    }

    private Camera fixed(String id) {
        Camera c = byId.get(id);
        return c != null && c.type() == CameraType.FIXED ? c : null;
    }

    @Override
    public String toString() {
        return name + " (" + organisation + ", " + cameras.size() + " cameras)";
    }

    private static final class Cameras {
        final String organisation;
        final List<Camera> list = new ArrayList<>();

        Cameras(String organisation) {
            this.organisation = organisation;
        }

        void fixed(String id, String name, double lat, double lon, double heading, String lanes, String towards) {
            list.add(new Camera(id, name, CameraType.FIXED, lat, lon, heading, lanes, "richting " + towards,
                    organisation, CameraStatus.ACTIVE, null));
        }

        /** The registered position of a mobile camera is where its shift starts; reads carry the live one. */
        void mobile(String id, String name, GeoPoint start) {
            list.add(new Camera(id, name, CameraType.MOBILE, start.lat(), start.lon(), null, null, "wisselend",
                    organisation, CameraStatus.ACTIVE, null));
        }
    }
}
