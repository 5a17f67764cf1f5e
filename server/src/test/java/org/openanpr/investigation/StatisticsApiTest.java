package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic statistics on hand-built passages around the autumn DST change in Amsterdam (25 October 2026, 03:00 CEST
 * becomes 02:00 CET) and a local midnight: counts per local hour and day, distinct vehicles with countries, repeat
 * visitors and trips between camera groups; small cells suppressed; the passage-search rules around them.
 */
class StatisticsApiTest {
    static final Instant NOW = Instant.parse("2026-10-26T10:00:00Z");
    static final Instant MORNING = Instant.parse("2026-10-25T08:00:00Z");
    static final String BASIS = TestServer.LEGAL_BASIS;
    static final String WINDOW = "from=2026-10-24T00:00:00Z&to=2026-10-25T12:00:00Z&";
    static final String API = "/api/v1/investigations/statistics/";
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;

    @BeforeAll
    static void start() {
        server = TestServer.start(StatisticsApiTest.class, new TestClock(NOW));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                U1,Utrecht west,52.06,5.08,utrecht
                U2,Utrecht east,52.06,5.18,utrecht
                U3,Utrecht north,52.10,5.15,utrecht
                H1,Den Haag,52.07,4.30,haaglanden
                """);
        put("/api/v1/camera-groups/WEST", "{\"name\":\"West\",\"organisation\":\"utrecht\",\"cameras\":[\"U1\"]}");
        put("/api/v1/camera-groups/EAST", "{\"name\":\"East\",\"organisation\":\"utrecht\",\"cameras\":[\"U2\"]}");
        put("/api/v1/camera-groups/HAGUE", "{\"name\":\"Hague\",\"organisation\":\"haaglanden\",\"cameras\":[\"H1\"]}");
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        List<String> reads = new ArrayList<>();
        // six Dutch vehicles from west to east, half an hour apart: six trips WEST -> EAST
        for (int i = 1; i <= 6; i++) {
            reads.add(read("U1", "AB-0" + i + "-CD", "NL", MORNING.plusSeconds(60L * i)));
            reads.add(read("U2", "AB-0" + i + "-CD", "NL", MORNING.plusSeconds(1800 + 60L * i)));
        }
        // the two 02:30s of the night the clocks go back, both at U1
        reads.add(read("U1", "AB-01-CD", "NL", Instant.parse("2026-10-25T00:30:00Z")));
        reads.add(read("U1", "AB-02-CD", "NL", Instant.parse("2026-10-25T01:30:00Z")));
        // either side of local midnight (22:00 UTC on the 24th is 00:00 CEST on the 25th)
        reads.add(read("U1", "AB-03-CD", "NL", Instant.parse("2026-10-24T21:59:00Z")));
        reads.add(read("U1", "AB-04-CD", "NL", Instant.parse("2026-10-24T22:01:00Z")));
        // five Belgian vehicles at U2; one of them goes back west an hour later: one trip EAST -> WEST, one vehicle
        for (int i = 1; i <= 5; i++) reads.add(read("U2", "1-ABC-0" + i + "0", "BE", MORNING.plusSeconds(3600 + 60L * i)));
        reads.add(read("U1", "1-ABC-010", "BE", MORNING.plusSeconds(7200)));
        // a plate without a country at U1
        reads.add(read("U1", "A1B2C3D4E", null, MORNING.plusSeconds(600)));
        // five vehicles at U3 on two local days each: five repeat visitors
        for (int i = 1; i <= 5; i++) {
            reads.add(read("U3", "RR-0" + i + "-PP", "NL", Instant.parse("2026-10-24T12:00:00Z").plusSeconds(60L * i)));
            reads.add(read("U3", "RR-0" + i + "-PP", "NL", Instant.parse("2026-10-25T11:00:00Z").plusSeconds(60L * i)));
        }
        // another organisation's camera
        for (int i = 1; i <= 6; i++) reads.add(read("H1", "HH-0" + i + "-AA", "NL", MORNING.plusSeconds(60L * i)));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void put(String path, String json) {
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static String read(String camera, String plate, String country, Instant at) {
        return """
                {"id":"%s","camera":"%s","plate":"%s",%s"confidence":0.9,"time":"%s"}""".formatted(UUID.randomUUID(), camera, plate,
                country == null ? "" : "\"country\":\"" + country + "\",", at);
    }

    static JsonNode ok(String path, String token) {
        TestServer.Response r = server.get(API + path + (path.contains("?") ? "&" : "?") + WINDOW + BASIS, token);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) if (r.path(field).asText().equals(value)) return r;
        throw new AssertionError("no row with " + field + " " + value + " in " + rows);
    }

    @Test
    void passagesPerLocalHourKeepTheTwoHoursOfTheDstChangeApartAndDaysTurnAtLocalMidnight() {
        JsonNode hours = ok("passages?by=hour", analyst);
        assertThat(hours.path("timeZone").asText()).isEqualTo("Europe/Amsterdam");
        assertThat(row(hours.path("rows"), "start", "2026-10-25T02:00+02:00").path("passages").asLong()).isEqualTo(1);
        assertThat(row(hours.path("rows"), "start", "2026-10-25T02:00+01:00").path("passages").asLong()).isEqualTo(1);
        assertThat(row(hours.path("rows"), "start", "2026-10-24T23:00+02:00").path("camera").asText()).isEqualTo("U1");
        long total = 0;
        for (JsonNode r : hours.path("rows")) total += r.path("passages").asLong();
        assertThat(total).isEqualTo(12 + 2 + 2 + 5 + 1 + 1 + 10); // not H1's six
        assertThat(hours.path("rows")).noneMatch(r -> r.path("camera").asText().equals("H1"));
        JsonNode days = ok("passages?by=day", analyst);
        JsonNode u1 = days.path("rows");
        JsonNode before = null, after = null;
        for (JsonNode r : u1) {
            if (!r.path("camera").asText().equals("U1")) continue;
            if (r.path("start").asText().equals("2026-10-24")) before = r;
            if (r.path("start").asText().equals("2026-10-25")) after = r;
        }
        assertThat(before.path("passages").asLong()).isEqualTo(1);      // 23:59 on the 24th
        assertThat(before.path("vehicles").isNull()).isTrue();           // one vehicle: suppressed
        assertThat(after.path("passages").asLong()).isEqualTo(6 + 2 + 1 + 1 + 1);
        assertThat(after.path("vehicles").asLong()).isEqualTo(8);        // AB-01..06, the Belgian, the one without country
        assertThat(days.toString()).doesNotContain("AB-0").doesNotContain("AB0");
    }

    @Test
    void vehiclesByCountryWithTheForeignShareAndSmallCellsSuppressed() {
        JsonNode v = ok("vehicles", analyst);
        assertThat(v.path("homeCountry").asText()).isEqualTo("NL");
        JsonNode u2 = row(v.path("rows"), "camera", "U2");
        assertThat(u2.path("vehicles").asLong()).isEqualTo(11);
        assertThat(u2.path("domestic").asLong()).isEqualTo(6);
        assertThat(u2.path("foreign").asLong()).isEqualTo(5);
        assertThat(u2.path("unknownCountry").asLong()).isZero();
        assertThat(u2.path("foreignShare").asDouble()).isEqualTo(5 / 11.0);
        // U1: 6 Dutch, 1 Belgian, 1 unknown; the two small parts add up to 2, so the Dutch six are hidden too
        JsonNode u1 = row(v.path("rows"), "camera", "U1");
        assertThat(u1.path("vehicles").asLong()).isEqualTo(8);
        assertThat(u1.path("domestic").isNull() && u1.path("foreign").isNull() && u1.path("unknownCountry").isNull()).as(u1.toString()).isTrue();
        assertThat(u1.path("foreignShare").isNull()).isTrue();
        // all cameras together: a vehicle seen at U1 and U2 is one vehicle
        assertThat(v.path("total").path("vehicles").asLong()).isEqualTo(6 + 5 + 1 + 5);
        // as a Belgian organisation would count them
        assertThat(row(ok("vehicles?country=BE", analyst).path("rows"), "camera", "U2").path("foreign").asLong()).isEqualTo(6);
        TestServer.Response csv = server.get(API + "vehicles?format=csv&" + WINDOW + BASIS, analyst);
        assertThat(csv.body().lines().findFirst().orElseThrow()).isEqualTo("camera,passages,vehicles,domestic,foreign,unknownCountry,foreignShare,unknownCountryShare");
        assertThat(csv.body()).contains("U1,12,8,<5,<5,<5,,\n").contains("U2,11,11,6,5,0,").contains("\nall,");
    }

    @Test
    void repeatVisitorsPerCameraGroupAndAll() {
        JsonNode days = ok("repeat-visitors?per=camera&count=days&min=2", analyst);
        JsonNode u3 = row(days.path("rows"), "camera", "U3");
        assertThat(u3.path("vehicles").asLong()).isEqualTo(5);
        assertThat(u3.path("repeatVisitors").asLong()).isEqualTo(5);
        assertThat(u3.path("repeatShare").asDouble()).isEqualTo(1.0);
        // at U1 only AB-03-CD was there on two local days (23:59 on the 24th): one vehicle, suppressed
        JsonNode u1 = row(days.path("rows"), "camera", "U1");
        assertThat(u1.path("repeatVisitors").isNull()).isTrue();
        assertThat(u1.path("repeatShare").isNull()).isTrue();
        JsonNode all = ok("repeat-visitors?per=all&count=passages&min=2", analyst);
        assertThat(all.path("rows").get(0).path("all").asText()).isEqualTo("all");
        // twice or more anywhere: the six west-east vehicles, the Belgian who went back, the five at U3
        assertThat(all.path("rows").get(0).path("repeatVisitors").asLong()).isEqualTo(12);
        JsonNode groups = ok("repeat-visitors?per=group&groups=WEST,EAST", analyst);
        assertThat(row(groups.path("rows"), "group", "EAST").path("vehicles").asLong()).isEqualTo(11);
    }

    @Test
    void tripsBetweenCameraGroupsWithinTheGap() {
        JsonNode od = ok("origin-destination", analyst);
        assertThat(od.path("groups")).extracting(g -> g.path("code").asText()).containsExactly("EAST", "WEST");
        JsonNode cells = od.path("cells");
        assertThat(cells).anyMatch(c -> c.path("origin").asText().equals("WEST") && c.path("destination").asText().equals("EAST")
                && c.path("trips").asLong() == 6 && c.path("vehicles").asLong() == 6);
        assertThat(cells).anyMatch(c -> c.path("origin").asText().equals("EAST") && c.path("destination").asText().equals("WEST")
                && c.path("trips").isNull() && c.path("vehicles").isNull());
        assertThat(ok("origin-destination?maxGapMinutes=20", analyst).path("cells")).isEmpty();
        TestServer.Response csv = server.get(API + "origin-destination?format=csv&" + WINDOW + BASIS, analyst);
        assertThat(csv.body()).isEqualTo("origin,destination,trips,vehicles\nEAST,WEST,<5,<5\nWEST,EAST,6,6\n");
    }

    @Test
    void anotherOrganisationSeesNothingOfOursAndOthersAreRefusedAndEveryRunIsOnTheRecord() {
        JsonNode theirs = ok("passages?by=day", otherAnalyst);
        assertThat(theirs.path("rows")).extracting(r -> r.path("camera").asText()).containsOnly("H1");
        assertThat(ok("vehicles", otherAnalyst).path("total").path("vehicles").asLong()).isEqualTo(6);
        TestServer.Response notTheirs = server.get(API + "origin-destination?groups=WEST,HAGUE&" + WINDOW + BASIS, otherAnalyst);
        assertThat(notTheirs.status()).isEqualTo(400);
        assertThat(notTheirs.reason()).contains("WEST");
        assertThat(server.get(API + "passages?" + WINDOW + BASIS, officer).status()).isEqualTo(403);
        TestServer.Response none = server.get(API + "vehicles?" + WINDOW, analyst);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.reason()).contains("legal basis");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=200").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("traffic statistics: vehicles and foreign share")
                        && a.path("caseNumber").asText().equals("PL0900-2026123456") && a.path("details").path("refused").isMissingNode())
                .anyMatch(a -> a.path("details").path("analysis").asText().startsWith("traffic statistics")
                        && a.path("details").path("refused").asText().contains("legal basis"));
    }

    @Test
    void everyVehicleNeedsNoApprovalButReachingBackFurtherThanASearchMayDoes() {
        // every vehicle at every camera for a day: a search would need approval, an aggregate does not
        assertThat(server.get(API + "passages?" + BASIS, analyst).status()).isEqualTo(200);
        TestServer.Response far = server.get(API + "passages?from=2026-10-10T00:00:00Z&to=2026-10-20T00:00:00Z&" + BASIS, analyst);
        assertThat(far.status()).as(far.body()).isEqualTo(403);
        assertThat(far.json().path("approvalRequired").asBoolean()).isTrue();
        assertThat(far.reason()).contains("reaches back");
    }

    @Test
    void hostileInputIsABadRequestWithItsReason() {
        for (String bad : List.of("passages?by=week", "passages?from=yesterday", "passages?from=2026-10-25T00:00:00Z&to=2026-10-24T00:00:00Z",
                "passages?from=2026-08-01T00:00:00Z&to=2026-10-25T00:00:00Z", "passages?format=xml", "vehicles?country=nl1",
                "repeat-visitors?min=1", "repeat-visitors?min=x", "repeat-visitors?per=street", "repeat-visitors?count=hours",
                "repeat-visitors?per=group&groups=NOPE", "origin-destination?groups=WEST", "origin-destination?groups=WEST,NOPE",
                "origin-destination?maxGapMinutes=0", "origin-destination?maxGapMinutes=99999",
                "origin-destination?groups=" + "G,".repeat(60))) {
            String sep = bad.contains("?") ? "&" : "?";
            TestServer.Response r = server.get(API + bad + sep + BASIS, analyst);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.reason()).as(bad).isNotBlank();
        }
    }
}
