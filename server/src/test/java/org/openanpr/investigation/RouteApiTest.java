package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The route of a plate: GeoJSON with gaps, only over visible cameras, under the rules of a passage search, on the record. */
class RouteApiTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final String BASIS = TestServer.LEGAL_BASIS;
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;
    static String privacy;

    @BeforeAll
    static void start() {
        server = TestServer.start(RouteApiTest.class, clock);
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                R1,Zeist,52.09,5.23,utrecht
                R2,De Bilt,52.11,5.18,utrecht
                R3,Utrecht Centrum,52.09,5.12,utrecht
                H1,Den Haag,52.07,4.30,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        privacy = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
        List<String> reads = new ArrayList<>();
        // 23:50 the evening before to 00:05: over midnight in Amsterdam (22:50 and 23:05 UTC); then unseen for two hours
        reads.add(read("R1", "12-BDF-3", "2026-11-22T22:50:00Z"));
        reads.add(read("R2", "12-BDF-3", "2026-11-22T23:05:00Z"));
        reads.add(read("H1", "12-BDF-3", "2026-11-22T23:30:00Z"));
        reads.add(read("R3", "12-BDF-3", "2026-11-23T01:05:00Z"));
        reads.add(read("R3", "99-XYZ-1", "2026-11-23T01:05:00Z"));
        reads.add(read("R3", "12-BDF-3", "2026-11-10T01:05:00Z"));
        assertThat(server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]").json().path("accepted").asInt())
                .isEqualTo(6);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String read(String camera, String plate, String at) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.9,"time":"%s"}""".formatted(UUID.randomUUID(), camera, plate, at);
    }

    static final String WINDOW = "&from=2026-11-22T20:00:00Z&to=2026-11-23T09:00:00Z";

    @Test
    void theRouteIsGeoJsonInTimeOrderWithItsGapsAndOnlyTheCallersCameras() {
        TestServer.Response r = server.get("/api/v1/investigations/route?plate=12bdf3&gapMinutes=60" + WINDOW + "&" + BASIS, analyst);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/geo+json");
        JsonNode fc = r.json();
        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.path("properties").path("passages").asInt()).isEqualTo(3); // H1 is another organisation's
        assertThat(fc.path("properties").path("legs").asInt()).isEqualTo(2);
        assertThat(fc.path("properties").path("gaps").asInt()).isEqualTo(1);
        List<JsonNode> points = new ArrayList<>();
        fc.path("features").forEach(f -> {
            if (f.path("properties").path("kind").asText().equals("passage")) points.add(f);
        });
        assertThat(points).extracting(p -> p.path("properties").path("camera").asText()).containsExactly("R1", "R2", "R3");
        assertThat(points.getFirst().path("geometry").path("type").asText()).isEqualTo("Point");
        // GeoJSON is longitude first
        assertThat(points.getFirst().path("geometry").path("coordinates").get(0).asDouble()).isEqualTo(5.23);
        JsonNode gap = null;
        for (JsonNode f : fc.path("features")) if (f.path("properties").path("kind").asText().equals("gap")) gap = f;
        assertThat(gap).isNotNull();
        assertThat(gap.path("properties").path("fromCamera").asText()).isEqualTo("R2");
        assertThat(gap.path("properties").path("toCamera").asText()).isEqualTo("R3");
        assertThat(gap.path("properties").path("unseenSeconds").asLong()).isEqualTo(Duration.ofHours(2).toSeconds());
        assertThat(gap.path("geometry").path("type").asText()).isEqualTo("LineString");
        // with a threshold over two hours the route is one leg over midnight
        JsonNode one = server.get("/api/v1/investigations/route?plate=12-BDF-3&gapMinutes=180" + WINDOW + "&" + BASIS, analyst).json();
        assertThat(one.path("properties").path("legs").asInt()).isEqualTo(1);
    }

    @Test
    void anotherOrganisationSeesOnlyItsOwnCamerasAndTheCsvExportHasTheSameRoute() {
        JsonNode theirs = server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW + "&" + BASIS, otherAnalyst).json();
        assertThat(theirs.path("properties").path("passages").asInt()).isEqualTo(1);
        assertThat(theirs.path("features").get(0).path("properties").path("camera").asText()).isEqualTo("H1");
        TestServer.Response csv = server.get("/api/v1/investigations/route?plate=12BDF3&format=csv" + WINDOW + "&" + BASIS, analyst);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(4);
        assertThat(csv.body().lines().toList().get(3)).contains(",1,2026-11-23T01:05:00Z,R3,").contains(",7200,");
    }

    @Test
    void everyRouteAndEveryRefusalIsOnTheRecordAsAPassageSearch() {
        server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW + "&" + BASIS, analyst);
        server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW, analyst);
        JsonNode records = server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=1000").json();
        assertThat(records).anyMatch(a -> a.path("details").path("analysis").asText().equals("route")
                && a.path("target").asText().equals("12BDF3") && a.path("caseNumber").asText().equals("PL0900-2026123456")
                && a.path("resultCount").asInt() == 3);
        assertThat(records).anyMatch(a -> a.path("details").path("analysis").asText().equals("route")
                && a.path("details").path("refused").asText().contains("legal basis"));
    }

    @Test
    void aRoleWithoutPassageSearchAndACallerWithoutLegalBasisAreRefused() {
        assertThat(server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW + "&" + BASIS, officer).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW + "&" + BASIS, privacy).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW + "&" + BASIS, null).status()).isEqualTo(401);
        TestServer.Response none = server.get("/api/v1/investigations/route?plate=12BDF3" + WINDOW, analyst);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.reason()).contains("legal basis");
    }

    @Test
    void overTheThresholdTheRouteNeedsAnApprovalThatCoversIt() {
        String old = "/api/v1/investigations/route?plate=12BDF3&from=2026-11-01T00:00:00Z&to=2026-11-23T09:00:00Z&" + BASIS;
        TestServer.Response refused = server.get(old, analyst);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("approvalRequired").asBoolean()).isTrue();
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"plate":"12-BDF-3","from":"2026-11-01T00:00:00Z","to":"2026-11-23T09:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", analyst);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy).status()).isEqualTo(200);
        TestServer.Response ran = server.get(old + "&approval=" + id, analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.json().path("properties").path("passages").asInt()).isEqualTo(4);
        // the approval is the analyst's own: another plate under it is refused
        assertThat(server.get(old.replace("12BDF3", "99XYZ1") + "&approval=" + id, analyst).status()).isEqualTo(403);
    }

    @Test
    void hostileInputIsABadRequestWithAReason() {
        String base = "/api/v1/investigations/route?" + BASIS;
        assertThat(server.get(base + WINDOW, analyst).reason()).contains("plate");
        for (String bad : List.of("&plate=%3Cscript%3E", "&plate=12BDF3&gapMinutes=0", "&plate=12BDF3&gapMinutes=abc",
                "&plate=12BDF3&gapMinutes=99999999", "&plate=12BDF3&from=2026-11-23T09:00:00Z&to=2026-11-22T09:00:00Z",
                "&plate=12BDF3&format=xml", "&plate=12BDF3&from=yesterday", "&plate=12BDF3&from=+999999-01-01T00:00:00Z",
                "&plate=12B%3FF3")) {
            TestServer.Response r = server.get(base + bad, analyst);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.reason()).as(bad).isNotBlank();
        }
    }
}
