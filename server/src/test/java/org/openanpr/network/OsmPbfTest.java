package org.openanpr.network;

import com.fasterxml.jackson.databind.JsonNode;
import crosby.binary.Fileformat;
import crosby.binary.Osmformat;
import crosby.binary.file.BlockOutputStream;
import crosby.binary.file.FileBlock;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A road network from an OpenStreetMap extract in its binary form: a small {@code .osm.pbf} written in the test with
 * the OSM project's own library (a header with its bounding box, dense nodes, ways of several classes, deflated
 * blocks) becomes a stored network with the roads of the coverage report's classes and the extract's box as boundary.
 * Files that are no extract, an extract without roads, another organisation and a role without the right are refused.
 */
public class OsmPbfTest {
    /** Nodes 1–6 along two roads near Utrecht, and a residential street that is not taken. */
    public static byte[] extract(List<String> requiredFeatures, boolean withRoads) throws Exception {
        Osmformat.HeaderBlock header = Osmformat.HeaderBlock.newBuilder().addAllRequiredFeatures(requiredFeatures)
                .setBbox(Osmformat.HeaderBBox.newBuilder().setLeft(5_000_000_000L).setRight(5_200_000_000L)
                        .setBottom(52_000_000_000L).setTop(52_150_000_000L)).build();
        String[] strings = {"", "highway", "primary", "name", "Weg A", "oneway", "yes", "residential", "Straat", "motorway", "ref", "A2"};
        long[][] nodes = {{1, 520_500_000, 50_500_000}, {2, 520_600_000, 50_700_000}, {3, 520_700_000, 50_900_000},
                {4, 521_000_000, 51_000_000}, {5, 521_100_000, 51_100_000}, {6, 521_400_000, 51_500_000}};
        Osmformat.PrimitiveBlock.Builder block = Osmformat.PrimitiveBlock.newBuilder().setStringtable(table(strings))
                .addPrimitivegroup(Osmformat.PrimitiveGroup.newBuilder().setDense(dense(nodes)));
        Osmformat.PrimitiveGroup.Builder ways = Osmformat.PrimitiveGroup.newBuilder();
        if (withRoads) {
            ways.addWays(way(10, new int[]{1, 2, 3, 4, 5, 6}, new long[]{1, 2, 3}));            // highway=primary name=Weg A oneway=yes
            ways.addWays(way(12, new int[]{1, 9, 10, 11}, new long[]{5, 6}));                   // highway=motorway ref=A2
            ways.addWays(way(11, new int[]{1, 7, 3, 8}, new long[]{4, 5}));                     // highway=residential: not taken
        } else {
            ways.addWays(way(11, new int[]{1, 7, 3, 8}, new long[]{4, 5}));
        }
        block.addPrimitivegroup(ways);
        return file(header, block.build(), true);
    }

    static Osmformat.StringTable table(String... strings) {
        Osmformat.StringTable.Builder table = Osmformat.StringTable.newBuilder();
        for (String s : strings) table.addS(com.google.protobuf.ByteString.copyFromUtf8(s));
        return table.build();
    }

    /** Nodes as {id, lat, lon}, coordinates in units of 100 nanodegrees (the default granularity), delta coded. */
    static Osmformat.DenseNodes dense(long[][] nodes) {
        Osmformat.DenseNodes.Builder dense = Osmformat.DenseNodes.newBuilder();
        long id = 0, lat = 0, lon = 0;
        for (long[] n : nodes) {
            dense.addId(n[0] - id).addLat(n[1] - lat).addLon(n[2] - lon);
            id = n[0];
            lat = n[1];
            lon = n[2];
        }
        return dense.build();
    }

    /** The file: its header block and one data block, deflated or raw. */
    static byte[] file(Osmformat.HeaderBlock header, Osmformat.PrimitiveBlock block, boolean deflate) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockOutputStream pbf = new BlockOutputStream(out);
        if (deflate) pbf.setCompress("deflate");
        pbf.write(FileBlock.newInstance("OSMHeader", header.toByteString(), null));
        pbf.write(FileBlock.newInstance("OSMData", block.toByteString(), null));
        pbf.flush();
        return out.toByteArray();
    }

    /** A way with its tags as pairs of string-table indexes (key, value, key, value…) and its nodes. */
    static Osmformat.Way way(long id, int[] keysAndValues, long[] refs) {
        Osmformat.Way.Builder w = Osmformat.Way.newBuilder().setId(id);
        for (int i = 0; i < keysAndValues.length; i += 2) w.addKeys(keysAndValues[i]).addVals(keysAndValues[i + 1]);
        long last = 0;
        for (long r : refs) {
            w.addRefs(r - last);
            last = r;
        }
        return w.build();
    }

    /**
     * The roads of {@link #extract} with two administrative boundaries: "Testdorp" (r300), a square from 5.06,52.055 to
     * 5.12,52.105 drawn as two ways that meet at their ends, which road "Weg A" enters and leaves; and "Open" (r301),
     * one side of it only. Nodes, ways and relations in one block, as osmium writes small files.
     */
    public static byte[] extractWithBoundaries() throws Exception {
        String[] strings = {"", "highway", "primary", "name", "Weg A", "oneway", "yes", "boundary", "administrative",
                "admin_level", "8", "Testdorp", "outer", "Open", "motorway", "ref", "A2"};
        long[][] nodes = {{1, 520_500_000, 50_500_000}, {2, 520_600_000, 50_700_000}, {3, 520_700_000, 50_900_000},
                {4, 521_000_000, 51_000_000}, {5, 521_100_000, 51_100_000}, {6, 521_400_000, 51_500_000},
                {101, 520_550_000, 50_600_000}, {102, 520_550_000, 51_200_000}, {103, 521_050_000, 51_200_000},
                {104, 521_050_000, 50_600_000}};
        Osmformat.PrimitiveGroup.Builder ways = Osmformat.PrimitiveGroup.newBuilder()
                .addWays(way(10, new int[]{1, 2, 3, 4, 5, 6}, new long[]{1, 2, 3, 4, 5, 6}))   // highway=primary name=Weg A oneway=yes
                .addWays(way(200, new int[]{7, 8}, new long[]{101, 102, 103}))                // boundary=administrative
                .addWays(way(201, new int[]{7, 8}, new long[]{103, 104, 101}))
                .addWays(way(202, new int[]{}, new long[]{101, 102}));
        Osmformat.PrimitiveGroup.Builder relations = Osmformat.PrimitiveGroup.newBuilder()
                .addRelations(relation(300, new int[]{7, 8, 9, 10, 3, 11}, new long[]{200, 201}))
                .addRelations(relation(301, new int[]{7, 8, 9, 10, 3, 13}, new long[]{202}));
        Osmformat.PrimitiveBlock block = Osmformat.PrimitiveBlock.newBuilder().setStringtable(table(strings))
                .addPrimitivegroup(Osmformat.PrimitiveGroup.newBuilder().setDense(dense(nodes)))
                .addPrimitivegroup(ways).addPrimitivegroup(relations).build();
        Osmformat.HeaderBlock header = Osmformat.HeaderBlock.newBuilder().addRequiredFeatures("OsmSchema-V0.6")
                .addRequiredFeatures("DenseNodes").build();
        return file(header, block, false);
    }

    /** A relation with its tags as pairs of string-table indexes and its member ways, each in the role "outer" (12). */
    static Osmformat.Relation relation(long id, int[] keysAndValues, long[] memberWays) {
        Osmformat.Relation.Builder r = Osmformat.Relation.newBuilder().setId(id);
        for (int i = 0; i < keysAndValues.length; i += 2) r.addKeys(keysAndValues[i]).addVals(keysAndValues[i + 1]);
        long last = 0;
        for (long w : memberWays) {
            r.addMemids(w - last).addTypes(Osmformat.Relation.MemberType.WAY).addRolesSid(12);
            last = w;
        }
        return r.build();
    }

    static TestServer.Response post(TestServer server, String query, String contentType, byte[] body, String token) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/road-networks/osm-pbf" + query))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void anExtractsRoadsBecomeARoadNetworkAndWhatIsNoExtractIsRefused() throws Exception {
        try (TestServer server = TestServer.start(OsmPbfTest.class, Clock.systemUTC())) {
            for (String org : new String[]{"utrecht", "gooi"})
                server.post("/api/v1/organisations", "application/json", "{\"code\":\"%s\",\"name\":\"%s\"}".formatted(org, org));
            String admin = server.userToken("ut-admin", "utrecht", "ADMINISTRATOR");
            String analyst = server.userToken("ut-gis", "utrecht", "ANALYST");
            String gooiAdmin = server.userToken("go-admin", "gooi", "ADMINISTRATOR");
            byte[] pbf = extract(List.of("OsmSchema-V0.6", "DenseNodes"), true);

            TestServer.Response created = post(server, "?name=Utrecht%20OSM", "application/octet-stream", pbf, admin);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().path("organisation").asText()).isEqualTo("utrecht");
            assertThat(created.json().path("roads").asInt()).isEqualTo(2);
            JsonNode n = server.get("/api/v1/road-networks/" + created.json().path("id").asLong(), admin).json();
            JsonNode roads = n.path("roads").path("features");
            assertThat(roads.get(0).path("properties").path("name").asText()).isEqualTo("Weg A");
            assertThat(roads.get(0).path("properties").path("oneway").asText()).isEqualTo("yes");
            assertThat(roads.get(0).path("properties").path("highway").asText()).isEqualTo("primary");
            assertThat(roads.get(0).path("geometry").path("coordinates").toString()).isEqualTo("[[5.05,52.05],[5.07,52.06],[5.09,52.07]]");
            assertThat(roads.get(1).path("properties").path("ref").asText()).isEqualTo("A2");
            assertThat(n.toString()).doesNotContain("Straat");
            // The extract's bounding box is the boundary.
            assertThat(n.path("boundary").path("coordinates").get(0).get(0).toString()).isEqualTo("[5.0,52.0]");
            assertThat(n.path("boundary").path("coordinates").get(0).get(2).toString()).isEqualTo("[5.2,52.15]");
            // The coverage report runs against it.
            assertThat(server.get("/api/v1/coverage?network=" + created.json().path("id").asLong(), admin).status()).isEqualTo(200);

            // Refused: another organisation's, a role without the right, what is no extract, an extract without roads.
            assertThat(post(server, "?name=x&organisation=utrecht", "application/octet-stream", pbf, gooiAdmin).status()).isEqualTo(403);
            assertThat(post(server, "?name=x", "application/octet-stream", pbf, analyst).status()).isEqualTo(403);
            assertThat(post(server, "?name=x", "application/json", "{}".getBytes(), admin).status()).isEqualTo(415);
            assertThat(post(server, "", "application/octet-stream", pbf, admin).reason()).contains("name");
            TestServer.Response garbage = post(server, "?name=x", "application/octet-stream",
                    "<osm version=\"0.6\"></osm>".getBytes(), admin);
            assertThat(garbage.status()).isEqualTo(400);
            assertThat(garbage.reason()).startsWith("osm.pbf:");
            TestServer.Response noRoads = post(server, "?name=x", "application/octet-stream",
                    extract(List.of("OsmSchema-V0.6", "DenseNodes"), false), admin);
            assertThat(noRoads.reason()).contains("no ways tagged highway=");
            TestServer.Response historical = post(server, "?name=x", "application/octet-stream",
                    extract(List.of("OsmSchema-V0.6", "HistoricalInformation"), true), admin);
            assertThat(historical.reason()).contains("needs 'HistoricalInformation'");
            // A block announcing more than the format allows is refused before anything is allocated for it.
            ByteArrayOutputStream bomb = new ByteArrayOutputStream();
            byte[] blob = Fileformat.Blob.newBuilder().setRawSize(Integer.MAX_VALUE)
                    .setZlibData(com.google.protobuf.ByteString.copyFrom(new byte[16])).build().toByteArray();
            byte[] blobHeader = Fileformat.BlobHeader.newBuilder().setType("OSMHeader").setDatasize(blob.length).build().toByteArray();
            new java.io.DataOutputStream(bomb).writeInt(blobHeader.length);
            bomb.write(blobHeader);
            bomb.write(blob);
            TestServer.Response refused = post(server, "?name=x", "application/octet-stream", bomb.toByteArray(), admin);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.reason()).contains("at most");
            assertThat(server.get("/api/v1/road-networks", admin).json().size()).isEqualTo(1);
        }
    }

    /**
     * A municipality's coverage is about its own outline, not the box of the extract it was cut from: the boundary
     * named by name or relation id becomes the network's boundary, and the road that enters and leaves it crosses it.
     */
    @Test
    void anAdministrativeBoundaryOfTheExtractIsTheNetworksOutline() throws Exception {
        try (TestServer server = TestServer.start(OsmPbfTest.class, Clock.systemUTC())) {
            server.post("/api/v1/organisations", "application/json", "{\"code\":\"testdorp\",\"name\":\"Testdorp\"}");
            String admin = server.userToken("td-admin", "testdorp", "ADMINISTRATOR");
            byte[] pbf = extractWithBoundaries();

            TestServer.Response byName = post(server, "?name=Testdorp&boundary=testdorp", "application/octet-stream", pbf, admin);
            assertThat(byName.status()).as(byName.body()).isEqualTo(201);
            long id = byName.json().path("id").asLong();
            JsonNode boundary = server.get("/api/v1/road-networks/" + id, admin).json().path("boundary");
            assertThat(boundary.path("type").asText()).isEqualTo("Polygon");
            JsonNode ring = boundary.path("coordinates").get(0);
            assertThat(ring.size()).isEqualTo(5);
            assertThat(ring.get(0)).isEqualTo(ring.get(4));
            java.util.Set<String> corners = new java.util.HashSet<>();
            for (JsonNode c : ring) corners.add(c.toString());
            assertThat(corners).containsExactlyInAnyOrder("[5.06,52.055]", "[5.12,52.055]", "[5.12,52.105]", "[5.06,52.105]");
            JsonNode coverage = server.get("/api/v1/coverage?network=" + id, admin).json();
            assertThat(coverage.path("crossingRoads").asInt()).as(coverage.toString()).isEqualTo(1);
            assertThat(coverage.path("crossings").toString()).contains("Weg A");

            TestServer.Response byId = post(server, "?name=Testdorp2&boundary=r300", "application/octet-stream", pbf, admin);
            assertThat(byId.status()).as(byId.body()).isEqualTo(201);

            // Refused with the reason: a boundary the extract lacks (its boundaries listed), one that does not close.
            TestServer.Response missing = post(server, "?name=x&boundary=Nergenshuizen", "application/octet-stream", pbf, admin);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.reason()).contains("no administrative boundary 'Nergenshuizen'").contains("r300 'Testdorp' (admin_level 8)");
            TestServer.Response open = post(server, "?name=x&boundary=Open", "application/octet-stream", pbf, admin);
            assertThat(open.status()).isEqualTo(400);
            assertThat(open.reason()).contains("do not close into a ring");
            TestServer.Response noRelations = post(server, "?name=x&boundary=Testdorp", "application/octet-stream",
                    extract(List.of("OsmSchema-V0.6", "DenseNodes"), true), admin);
            assertThat(noRelations.reason()).contains("no boundary=administrative relation");
            assertThat(post(server, "?name=x&boundary=" + "a".repeat(201), "application/octet-stream", pbf, admin).status()).isEqualTo(400);
            assertThat(server.get("/api/v1/road-networks", admin).json().size()).isEqualTo(2);
        }
    }
}
