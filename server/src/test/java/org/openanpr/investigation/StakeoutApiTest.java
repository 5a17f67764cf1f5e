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

/**
 * Stakeout (every vehicle in an area and window, m of n scenes) and partial plates over real PostgreSQL and HTTP: the
 * hand-built cases (midnight, the DST night, a camera clock minutes off, two cameras at one place), the approval flow,
 * other organisations, roles and hostile input.
 */
class StakeoutApiTest {
    static final Instant NOW = Instant.parse("2026-10-26T12:00:00Z");
    static final String BASIS = TestServer.LEGAL_BASIS;
    static final String PATH = "/api/v1/investigations/stakeout";
    // Scene 1: around A1/A2 (two cameras at one crossing), 23:30-02:30 in Amsterdam: across midnight and a day partition.
    static final String S1 = """
            {"label":"Burglary Oudwijk","circle":{"lat":52.0900,"lon":5.1200,"radiusMetres":150},
             "from":"2026-10-23T23:30:00+02:00","to":"2026-10-24T02:30:00+02:00"}""";
    // Scene 2: a square around B1.
    static final String S2 = """
            {"label":"Burglary Wittevrouwen","polygon":{"type":"Polygon","coordinates":[[[5.148,52.098],[5.152,52.098],[5.152,52.102],[5.148,52.102],[5.148,52.098]]]},
             "from":"2026-10-22T10:00:00Z","to":"2026-10-22T12:00:00Z"}""";
    // Scene 3: around C1, whose clock runs minutes behind.
    static final String S3 = """
            {"circle":{"lat":52.0600,"lon":5.0800,"radiusMetres":300},"from":"2026-10-21T18:00:00Z","to":"2026-10-21T20:00:00Z"}""";
    // The night the clocks go back: 01:30 summer time to 02:30 winter time is two hours, and 02:15 happens twice.
    static final String DST = """
            {"circle":{"lat":52.0800,"lon":5.1000,"radiusMetres":100},"from":"2026-10-25T01:30:00+02:00","to":"2026-10-25T02:30:00+01:00"}""";
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;
    static String privacy;
    static long approval;

    @BeforeAll
    static void start() {
        server = TestServer.start(StakeoutApiTest.class, new TestClock(NOW));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                A1,Oudwijk north,52.0900,5.1200,utrecht
                A2,Oudwijk south,52.09005,5.12003,utrecht
                B1,Wittevrouwen,52.1000,5.1500,utrecht
                C1,Lombok,52.0600,5.0800,utrecht
                D1,Hoograven,52.0800,5.1000,utrecht
                X1,Oudwijk (Haaglanden's),52.0901,5.1201,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        privacy = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
        List<String> reads = new ArrayList<>();
        // The burglar: at both cameras of scene 1 (counted once), at scene 2, and at scene 3 by a clock 3 minutes behind.
        reads.add(read("A1", "BR-001-K", "2026-10-23T21:55:00Z", null));
        reads.add(read("A2", "BR-001-K", "2026-10-23T21:55:02Z", null));
        reads.add(read("B1", "BR-001-K", "2026-10-22T11:00:00Z", null));
        reads.add(read("C1", "BR-001-K", "2026-10-21T17:57:00Z", null));
        reads.add(read("A1", "VK-002-L", "2026-10-24T00:10:00+02:00", null));     // just after local midnight
        reads.add(read("B1", "VK-002-L", "2026-10-22T10:30:00Z", null));
        reads.add(read("A1", "ZZ-003-M", "2026-10-23T23:45:00+02:00", null));     // just before local midnight
        reads.add(read("A1", "AF-004-N", "2026-10-24T03:00:00+02:00", null));     // after the window
        reads.add(read("X1", "HG-005-P", "2026-10-24T00:00:00+02:00", null));     // another organisation's camera
        reads.add(read("D1", "DS-006-T", "2026-10-25T02:15:00+02:00", null));     // 02:15 summer time
        reads.add(read("D1", "DS-006-T", "2026-10-25T02:15:00+01:00", null));     // 02:15 again, winter time
        // Partial plates: 12-?B?-3 fits two, narrowed by colour to one; XG*7 fits one of three XG plates.
        reads.add(read("B1", "12-ABC-3", "2026-10-25T09:00:00Z", ",\"colour\":\"wit\",\"make\":\"Volkswagen\""));
        reads.add(read("B1", "12-XBZ-3", "2026-10-25T09:05:00Z", ",\"colour\":\"grey\""));
        reads.add(read("C1", "12-XBZ-3", "2026-10-20T09:05:00Z", ",\"colour\":\"grey\""));
        reads.add(read("B1", "12-XBZ-4", "2026-10-25T09:06:00Z", null));
        reads.add(read("A1", "XG-123-7", "2026-10-25T10:00:00Z", null));
        reads.add(read("A1", "XG-123-8", "2026-10-25T10:01:00Z", null));
        reads.add(read("A1", "AXG-17", "2026-10-25T10:02:00Z", null));
        reads.add(read("X1", "XG-55-07", "2026-10-25T10:03:00Z", null));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
        approval = approve(analyst, "2026-10-20T00:00:00Z", "2026-10-26T00:00:00Z");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String read(String camera, String plate, String at, String extra) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.9,"time":"%s"%s}"""
                .formatted(UUID.randomUUID(), camera, plate, at, extra == null ? "" : extra);
    }

    /** Files a request for every vehicle in the period, as the page does, and has the privacy officer approve it. */
    static long approve(String token, String from, String to) {
        return approve(token, from, to, privacy);
    }

    static long approve(String token, String from, String to, String approver) {
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"%s","to":"%s","caseNumber":"PL0900-2026123456","offence":"ART67_CRIME","purpose":"test search in a case"}"""
                .formatted(from, to), token);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        TestServer.Response ok = server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", approver);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        return id;
    }

    static TestServer.Response stakeout(String body, String token, String extra) {
        return server.post(PATH + "?" + BASIS + "&approval=" + approval + extra, "application/json", body, token);
    }

    static List<String> plates(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("vehicles").forEach(v -> out.add(v.path("plate").asText()));
        return out;
    }

    @Test
    void oneAreaAcrossMidnightFindsEveryVehicleThereOnceAndNothingOfAnotherOrganisation() {
        TestServer.Response r = stakeout("{\"scenes\":[" + S1 + "]}", analyst, "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.path("scenes").get(0).path("cameras")).extracting(JsonNode::asText).containsExactly("A1", "A2");
        assertThat(plates(j)).containsExactly("BR001K", "ZZ003M", "VK002L"); // two passages first, then earliest; not AF004N, HG005P
        JsonNode burglar = j.path("vehicles").get(0);
        assertThat(burglar.path("sceneCount").asInt()).isEqualTo(1);
        assertThat(burglar.path("passages").asInt()).isEqualTo(2);
        assertThat(burglar.path("evidence")).extracting(e -> e.path("camera").asText()).containsExactly("A1", "A2");
    }

    @Test
    void severalScenesRankTheVehiclePresentAtMostAndTheClockMarginTakesInACameraMinutesOff() {
        String three = "{\"scenes\":[" + S1 + "," + S2 + "," + S3 + "],\"minScenes\":2}";
        JsonNode strict = stakeout(three, analyst, "").json();
        assertThat(plates(strict)).containsExactly("BR001K", "VK002L");
        assertThat(strict.path("vehicles").get(0).path("scenes")).extracting(JsonNode::asInt).containsExactly(0, 1);
        JsonNode margin = stakeout("{\"scenes\":[" + S1 + "," + S2 + "," + S3 + "],\"minScenes\":3,\"marginMinutes\":5}", analyst, "").json();
        assertThat(plates(margin)).containsExactly("BR001K");
        JsonNode burglar = margin.path("vehicles").get(0);
        assertThat(burglar.path("sceneCount").asInt()).isEqualTo(3);
        assertThat(burglar.path("evidence")).filteredOn(e -> e.path("scene").asInt() == 2)
                .singleElement().satisfies(e -> assertThat(e.path("inMargin").asBoolean()).isTrue());
        assertThat(burglar.path("evidence")).filteredOn(e -> e.path("scene").asInt() == 0)
                .allSatisfy(e -> assertThat(e.path("inMargin").asBoolean()).isFalse());
        TestServer.Response csv = stakeout(three.replace("\"minScenes\":2", "\"minScenes\":3,\"marginMinutes\":5"), analyst, "&format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).hasSize(1 + 4)
                .first().isEqualTo("rank,plate,scenes_present,scene,scene_label,time,camera,in_margin,passage");
        JsonNode geo = stakeout(three, analyst, "&format=geojson").json();
        assertThat(geo.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(geo.path("features")).filteredOn(f -> f.path("properties").path("kind").asText().equals("scene")).hasSize(3);
        assertThat(geo.path("features")).filteredOn(f -> f.path("properties").path("kind").asText().equals("passage")).hasSize(3 + 2)
                .allSatisfy(f -> assertThat(f.path("geometry").path("type").asText()).isEqualTo("Point"));
    }

    @Test
    void theNightTheClocksGoBackIsTwoHoursAndBothQuarterPastTwosAreIn() {
        JsonNode j = stakeout("{\"scenes\":[" + DST + "]}", analyst, "").json();
        assertThat(plates(j)).containsExactly("DS006T");
        assertThat(j.path("vehicles").get(0).path("passages").asInt()).isEqualTo(2);
        JsonNode scene = j.path("scenes").get(0);
        assertThat(Duration.between(Instant.parse(scene.path("from").asText()), Instant.parse(scene.path("to").asText())))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aStakeoutAlwaysNeedsAnApprovalThatIsOnlyTheRequestersAndEveryRunIsOnTheRecordWithItsArea() {
        assertThat(stakeout("{\"scenes\":[" + S1 + "]}", analyst, "").status()).isEqualTo(200);
        TestServer.Response none = server.post(PATH + "?" + BASIS, "application/json", "{\"scenes\":[" + S1 + "]}", analyst);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().path("approvalRequired").asBoolean()).isTrue();
        assertThat(none.json().path("reasons").toString()).contains("every vehicle at every camera");
        TestServer.Response noBasis = server.post(PATH + "?approval=" + approval, "application/json", "{\"scenes\":[" + S1 + "]}", analyst);
        assertThat(noBasis.status()).isEqualTo(403);
        // Haaglanden's analyst cannot borrow Utrecht's approval, and with her own sees her camera only.
        assertThat(stakeout("{\"scenes\":[" + S1 + "]}", otherAnalyst, "").status()).isEqualTo(403);
        long hers = approve(otherAnalyst, "2026-10-23T00:00:00Z", "2026-10-25T00:00:00Z",
                server.userToken("pieter", "haaglanden", "PRIVACY_OFFICER"));
        TestServer.Response theirs = server.post(PATH + "?" + BASIS + "&approval=" + hers, "application/json", "{\"scenes\":[" + S1 + "]}", otherAnalyst);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        assertThat(plates(theirs.json())).containsExactly("HG005P");
        assertThat(theirs.json().path("scenes").get(0).path("cameras")).extracting(JsonNode::asText).containsExactly("X1");
        // A role without passage search, and an approval that does not reach the scenes' period.
        assertThat(stakeout("{\"scenes\":[" + S1 + "]}", officer, "").status()).isEqualTo(403);
        assertThat(server.post(PATH + "?" + BASIS + "&approval=" + hers, "application/json", "{\"scenes\":[" + S2 + "]}", otherAnalyst).status())
                .isEqualTo(403);
        JsonNode audit = server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=200").json();
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.path("details").path("analysis").asText()).isEqualTo("stakeout");
            assertThat(a.path("details").path("approval").asLong()).isEqualTo(approval);
            assertThat(a.path("details").path("scenes").get(0).path("area").path("type").asText()).isEqualTo("Point");
            assertThat(a.path("details").path("scenes").get(0).path("cameras").asInt()).isEqualTo(2);
        });
        assertThat(audit).anySatisfy(a -> assertThat(a.path("details").path("refused").asText()).contains("approval"));
    }

    @Test
    void aStakeoutFiledForItsAreasIsApprovedForThoseAreasAloneAndTheOfficerSeesWhereAndWhen() {
        String body = "{\"scenes\":[" + S1 + "," + S2 + "],\"minScenes\":2}";
        TestServer.Response filed = server.post(PATH + "/requests?" + BASIS, "application/json", body, analyst);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(filed.json().path("reasons").toString()).contains("every vehicle at every camera")
                .contains("stakeout scene 1 'Burglary Oudwijk': circle of 150 m around 52.09000, 5.12000")
                .contains("stakeout scene 2 'Burglary Wittevrouwen': polygon of 0.");
        // the privacy officer sees the same reasons in the pending list, and approves
        assertThat(server.get("/api/v1/search-requests?status=PENDING", privacy).json().toString()).contains("Burglary Wittevrouwen");
        assertThat(server.post(PATH + "?" + BASIS + "&approval=" + id, "application/json", body, analyst).json()
                .path("approvalRequired").asBoolean()).as("pending").isTrue();
        server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy);
        JsonNode mine = server.get(PATH + "/requests", analyst).json();
        assertThat(mine.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(mine.get(0).path("status").asText()).isEqualTo("APPROVED");
        assertThat(mine.get(0).path("scenes")).hasSize(2);
        assertThat(server.get(PATH + "/requests", otherAnalyst).json()).isEmpty();
        TestServer.Response ran = server.post(PATH + "?" + BASIS + "&approval=" + id, "application/json", body, analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(plates(ran.json())).containsExactly("BR001K", "VK002L");
        // the same approval for another place in the same period is refused, on the record
        TestServer.Response elsewhere = server.post(PATH + "?" + BASIS + "&approval=" + id, "application/json",
                "{\"scenes\":[" + S1.replace("5.1200", "5.1300") + "," + S2 + "]}", analyst);
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.reason()).contains("other stakeout areas");
        assertThat(server.post(PATH + "/requests", "application/json", body, analyst).status()).as("no legal basis").isEqualTo(400);
        assertThat(server.post(PATH + "/requests?" + BASIS, "application/json", body, officer).status()).isEqualTo(403);
    }

    @Test
    void thePrivacyOfficerSeesTheAreasAndWindowsOfAStakeoutRequestBeforeDecidingAndNoOneElseDoes() {
        String body = "{\"scenes\":[" + S1 + "," + S2 + "],\"minScenes\":2,\"marginMinutes\":2}";
        TestServer.Response filed = server.post(PATH + "/requests?" + BASIS, "application/json", body, analyst);
        long id = filed.json().path("id").asLong();
        TestServer.Response seen = server.get(PATH + "/requests/" + id, privacy);
        assertThat(seen.status()).as(seen.body()).isEqualTo(200);
        JsonNode r = seen.json();
        assertThat(r.path("status").asText()).isEqualTo("PENDING");
        assertThat(r.path("requestedBy").asText()).isEqualTo("ana");
        assertThat(r.path("caseNumber").asText()).isEqualTo("PL0900-2026123456");
        assertThat(r.path("minScenes").asInt()).isEqualTo(2);
        assertThat(r.path("marginMinutes").asInt()).isEqualTo(2);
        JsonNode circle = r.path("scenes").get(0);
        assertThat(circle.path("label").asText()).isEqualTo("Burglary Oudwijk");
        assertThat(circle.path("centre").path("lat").asDouble()).isEqualTo(52.09);
        assertThat(circle.path("centre").path("lon").asDouble()).isEqualTo(5.12);
        assertThat(circle.path("radiusMetres").asDouble()).isEqualTo(150.0);
        assertThat(Instant.parse(circle.path("from").asText())).isEqualTo(Instant.parse("2026-10-23T21:30:00Z"));
        JsonNode square = r.path("scenes").get(1);
        assertThat(square.path("corners")).hasSize(4);
        assertThat(square.path("corners").get(0).toString()).isEqualTo("[52.098,5.148]");
        assertThat(square.path("area").path("type").asText()).isEqualTo("Polygon");
        // the privacy officer sees the organisation's stakeout requests; the requester hers; no one else any
        assertThat(server.get(PATH + "/requests", privacy).json()).anyMatch(x -> x.path("id").asLong() == id);
        assertThat(server.get(PATH + "/requests/" + id, analyst).status()).isEqualTo(200);
        assertThat(server.get(PATH + "/requests/" + id, server.userToken("arie-analyst", "utrecht", "ANALYST")).status()).isEqualTo(404);
        assertThat(server.get(PATH + "/requests/" + id, otherAnalyst).status()).isEqualTo(404);
        assertThat(server.get(PATH + "/requests/" + id, server.userToken("pien-po", "haaglanden", "PRIVACY_OFFICER")).status()).isEqualTo(404);
        assertThat(server.get(PATH + "/requests/" + id, officer).status()).isEqualTo(403);
        assertThat(server.get(PATH + "/requests/" + id).status()).as("the system token: no organisation").isEqualTo(404);
        // a search request that is no stakeout, and rubbish ids
        long plain = approve(analyst, "2026-10-20T00:00:00Z", "2026-10-21T00:00:00Z");
        assertThat(server.get(PATH + "/requests/" + plain, privacy).status()).isEqualTo(404);
        assertThat(server.get(PATH + "/requests/abc", privacy).status()).isEqualTo(404);
        assertThat(server.get(PATH + "/requests/99999999999", privacy).status()).isEqualTo(404);
    }

    @Test
    void aMobileCameraCountsByWhereEachPassageWasReadNotWhereTheCameraIsRegistered() {
        TestServer.Response imported = server.post("/api/v1/cameras/import", "text/csv", """
                id,name,type,lat,lon,organisation
                M1,Handhavingsauto 1,MOBILE,52.2000,5.3000,utrecht
                M2,Handhavingsauto Haaglanden,MOBILE,52.0900,5.1200,haaglanden
                """);
        assertThat(imported.status()).as(imported.body()).isLessThan(300);
        List<String> reads = new ArrayList<>();
        // M1 drives through Oudwijk (around A1) and later far away; M2 is another organisation's, registered in Oudwijk
        reads.add(read("M1", "MB-007-V", "2026-10-24T12:30:00Z", ",\"lat\":52.0903,\"lon\":5.1204"));
        reads.add(read("M1", "MB-008-W", "2026-10-24T12:40:00Z", ",\"lat\":52.2000,\"lon\":5.3000"));
        reads.add(read("M1", "MB-009-X", "2026-10-24T12:50:00Z", ",\"lat\":52.0930,\"lon\":5.1200")); // 330 m north: in the box, not the circle
        reads.add(read("M2", "MB-010-Y", "2026-10-24T12:35:00Z", ",\"lat\":52.0900,\"lon\":5.1200"));
        reads.add(read("M1", "MB-011-Z", "2026-10-24T13:10:00Z", ",\"lat\":52.1000,\"lon\":5.1500")); // by B1, inside the square
        reads.add(read("A1", "MB-007-V", "2026-10-24T12:31:00Z", null));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
        String circle = """
                {"label":"Oudwijk by day","circle":{"lat":52.0900,"lon":5.1200,"radiusMetres":150},"from":"2026-10-24T12:00:00Z","to":"2026-10-24T14:00:00Z"}""";
        String square = S2.replace("2026-10-22T10:00:00Z", "2026-10-24T12:00:00Z").replace("2026-10-22T12:00:00Z", "2026-10-24T14:00:00Z");
        TestServer.Response ran = server.post(PATH + "?" + BASIS + "&approval=" + approval, "application/json",
                "{\"scenes\":[" + circle + "," + square + "],\"minScenes\":1}", analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(plates(ran.json())).containsExactlyInAnyOrder("MB007V", "MB011Z");
        JsonNode both = ran.json().path("vehicles").get(0);
        assertThat(both.path("plate").asText()).as("seen by the fixed and the mobile camera").isEqualTo("MB007V");
        assertThat(both.path("evidence")).extracting(e -> e.path("camera").asText()).containsExactlyInAnyOrder("A1", "M1");
        assertThat(ran.json().path("scenes").get(0).path("cameras")).extracting(JsonNode::asText).containsExactlyInAnyOrder("A1", "A2", "M1");
        assertThat(ran.json().path("scenes").get(1).path("cameras")).extracting(JsonNode::asText).containsExactlyInAnyOrder("B1", "M1");
        // the GeoJSON places the mobile passage where it was read
        TestServer.Response geo = server.post(PATH + "?" + BASIS + "&approval=" + approval + "&format=geojson", "application/json",
                "{\"scenes\":[" + circle + "]}", analyst);
        assertThat(geo.json().path("features").toString()).contains("[5.1204,52.0903]");
        // the other organisation's mobile camera in the area is not read
        assertThat(ran.body()).doesNotContain("MB010Y");
    }

    @Test
    void hostileInputIsABadRequestWithItsReason() {
        String far = "\"from\":\"2026-10-24T00:00:00Z\",\"to\":\"2026-10-24T01:00:00Z\"";
        String bigSquare = "{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[[[4.0,51.0],[6.0,51.0],[6.0,53.0],[4.0,53.0],[4.0,51.0]]]}," + far + "}";
        String bowTie = "{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[[[5.10,52.09],[5.11,52.10],[5.11,52.09],[5.10,52.10],[5.10,52.09]]]}," + far + "}";
        String open = "{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[[[5.10,52.09],[5.11,52.09],[5.11,52.10],[5.10,52.10]]]}," + far + "}";
        String circle = "{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":100}," + far + "}";
        List<String> bad = new ArrayList<>(List.of(
                "not json", "[]", "{}", "{\"scenes\":[]}", "{\"scenes\":[" + bigSquare + "]}", "{\"scenes\":[" + bowTie + "]}",
                "{\"scenes\":[" + open + "]}", "{\"scenes\":[{\"polygon\":{\"type\":\"MultiPolygon\",\"coordinates\":[]}," + far + "}]}",
                "{\"scenes\":[{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":50000}," + far + "}]}",
                "{\"scenes\":[{\"circle\":{\"lat\":952.09,\"lon\":5.12,\"radiusMetres\":100}," + far + "}]}",
                "{\"scenes\":[{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":100},\"from\":\"2026-10-22T00:00:00Z\",\"to\":\"2026-10-23T01:00:00Z\"}]}",
                "{\"scenes\":[{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":100},\"from\":\"yesterday\",\"to\":\"2026-10-23T01:00:00Z\"}]}",
                "{\"scenes\":[{\"circle\":{\"lat\":52.09,\"lon\":5.12,\"radiusMetres\":100}}]}",
                "{\"scenes\":[" + circle + "],\"minScenes\":2}",
                "{\"scenes\":[" + circle + "],\"marginMinutes\":60}",
                "{\"scenes\":[" + (circle + ",").repeat(10) + circle + "]}"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1200; i++) many.append("[5.1,52.09],");
        bad.add("{\"scenes\":[{\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[" + many + "[5.1,52.09]]]}," + far + "}]}");
        for (String body : bad) {
            TestServer.Response r = stakeout(body, analyst, "");
            assertThat(r.status()).as(body.length() > 200 ? body.substring(0, 200) : body).isEqualTo(400);
            assertThat(r.reason()).isNotBlank();
        }
        assertThat(stakeout("{\"scenes\":[" + circle + "]}", analyst, "&format=xml").status()).isEqualTo(400);
        assertThat(stakeout("{\"scenes\":[" + bigSquare + "]}", analyst, "").reason()).contains("km²");
    }

    @Test
    void aPartialPlateFindsThePlatesAWitnessDescribesNarrowedByColour() {
        String day = "&from=2026-10-25T00:00:00Z&to=2026-10-25T23:00:00Z&" + BASIS;
        JsonNode two = server.get("/api/v1/investigations/partial-plates?plate=12-%3FB%3F-3" + day, analyst).json();
        assertThat(two.path("plates")).extracting(p -> p.path("plate").asText()).containsExactlyInAnyOrder("12ABC3", "12XBZ3");
        JsonNode white = server.get("/api/v1/investigations/partial-plates?plate=12-%3FB%3F-3&colour=white" + day, analyst).json();
        assertThat(white.path("plates")).singleElement().satisfies(p -> {
            assertThat(p.path("plate").asText()).isEqualTo("12ABC3");
            assertThat(p.path("makes")).extracting(JsonNode::asText).containsExactly("VOLKSWAGEN");
        });
        // starts with XG, ends with 7: not XG1238, not AXG17, not Haaglanden's XG5507
        JsonNode xg = server.get("/api/v1/investigations/partial-plates?plate=xg*7" + day, analyst).json();
        assertThat(xg.path("plates")).extracting(p -> p.path("plate").asText()).containsExactly("XG1237");
        assertThat(server.get("/api/v1/investigations/partial-plates?plate=xg*7" + day, otherAnalyst).json().path("plates"))
                .extracting(p -> p.path("plate").asText()).containsExactly("XG5507");
        // a pattern that starts unknown is served by the trigram index, one that starts known by the key btree: same answer
        JsonNode ends = server.get("/api/v1/investigations/partial-plates?plate=*XBZ3" + day, analyst).json();
        assertThat(ends.path("plates")).extracting(p -> p.path("plate").asText()).containsExactly("12XBZ3");
        JsonNode starts = server.get("/api/v1/investigations/partial-plates?plate=12XBZ*" + day, analyst).json();
        assertThat(starts.path("plates")).extracting(p -> p.path("plate").asText()).containsExactlyInAnyOrder("12XBZ3", "12XBZ4");
        // the passage search takes the same partial plate
        JsonNode passages = server.get("/api/v1/passages?plate=XG*7" + day, analyst).json();
        assertThat(passages.toString()).contains("XG1237").doesNotContain("XG1238");
        TestServer.Response csv = server.get("/api/v1/investigations/partial-plates?plate=12%3FB%3F3&format=csv" + day, analyst);
        assertThat(csv.body().lines().toList()).hasSize(3).first().asString().startsWith("plate,country,passages");
        JsonNode geo = server.get("/api/v1/investigations/partial-plates?plate=12%3FB%3F3&format=geojson" + day, analyst).json();
        assertThat(geo.path("features")).hasSize(2);
    }

    @Test
    void aPartialPlateOverAWeekNeedsApprovalAndBadPatternsAreRefused() {
        String week = "&from=2026-10-19T12:00:00Z&to=2026-10-26T12:00:00Z&" + BASIS;
        TestServer.Response r = server.get("/api/v1/investigations/partial-plates?plate=12%3FB%3F3" + week, analyst);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("reasons").toString()).contains("wildcard");
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"plate":"12?B?3","from":"2026-10-19T12:00:00Z","to":"2026-10-26T12:00:00Z","caseNumber":"PL0900-2026123456","offence":"ART67_CRIME","purpose":"test search in a case"}""", analyst);
        long id = filed.json().path("id").asLong();
        server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy);
        JsonNode ok = server.get("/api/v1/investigations/partial-plates?plate=12%3FB%3F3&approval=" + id + week, analyst).json();
        assertThat(ok.path("plates")).filteredOn(p -> p.path("plate").asText().equals("12XBZ3"))
                .singleElement().satisfies(p -> assertThat(p.path("passages").asInt()).isEqualTo(2));
        assertThat(server.get("/api/v1/investigations/partial-plates?plate=12%3FB%3F3" + week, officer).status()).isEqualTo(403);
        String day = "&from=2026-10-25T00:00:00Z&to=2026-10-25T23:00:00Z&" + BASIS;
        for (String bad : List.of("", "&plate=XG*", "&plate=12ABC3", "&plate=%3Cscript%3E*", "&plate=X*G*7&colour=%3Cb%3E",
                "&plate=XG*7&format=xml", "&plate=" + "A".repeat(30) + "*")) {
            TestServer.Response b = server.get("/api/v1/investigations/partial-plates?x=1" + bad + day, analyst);
            assertThat(b.status()).as(bad + ": " + b.body()).isEqualTo(400);
        }
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=200").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("partial-plate") && a.path("target").asText().equals("12?B?3"));
    }
}
