package org.openanpr.profile;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.testing.TestServer.read;

/** Pattern profiles end to end: camera places, a hopper profile switched on by a list manager, run by an analyst under approval. */
class ProfileApiTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String BASIS = TestServer.LEGAL_BASIS;
    static final String WINDOW = "&from=2026-11-22T00:00:00Z&to=2026-11-23T10:00:00Z";
    static final String HOPPER = """
            {"name":"Hopper","purpose":"vehicle break-ins at carpool areas (ITrechter)","legalBasis":"art. 126ff Sv, OM instruction",
             "active":true,
             "definition":{"rule":"distinctPlaces","placeTags":["carpool","parking"],"minPlaces":3,"withinHours":4,"maxStayMinutes":30}}""";
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;
    static String lists;
    static String privacy;
    static String admin;
    static String otherAdmin;

    @BeforeAll
    static void start() {
        server = TestServer.start(ProfileApiTest.class, new TestClock(NOW));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                BUN-IN,Carpool Bunnik in,52.06,5.19,utrecht
                BUN-OUT,Carpool Bunnik out,52.0601,5.1901,utrecht
                PAP-1,P+R Papendorp,52.07,5.09,utrecht
                HOU-1,Carpool Houten,52.03,5.16,utrecht
                A12-1,A12,52.08,5.12,utrecht
                DH-1,Den Haag carpool,52.07,4.30,haaglanden
                OUD-1,Oudwijk Burgemeester Reigerstraat,52.089,5.132,utrecht
                OUD-2,Oudwijk Adriaen van Ostadelaan,52.087,5.136,utrecht
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        lists = server.userToken("lisa", "utrecht", "LIST_MANAGER");
        privacy = server.userToken("pim", "utrecht", "PRIVACY_OFFICER");
        admin = server.userToken("adam", "utrecht", "ADMINISTRATOR");
        otherAdmin = server.userToken("harm", "haaglanden", "ADMINISTRATOR");
        place("BUN-IN", "Carpool Bunnik", "carpool");
        place("BUN-OUT", "Carpool Bunnik", "carpool");
        place("PAP-1", "P+R Papendorp", "parking");
        place("HOU-1", "Carpool Houten", "carpool");
        Instant t = Instant.parse("2026-11-22T22:40:00Z"); // 23:40 local: the hop crosses midnight
        List<String> reads = new ArrayList<>();
        reads.add(read("BUN-IN", "HO-123-P", t));
        reads.add(read("BUN-OUT", "HO-123-P", t.plus(Duration.ofMinutes(7))));
        reads.add(read("PAP-1", "HO-123-P", t.plus(Duration.ofMinutes(30))));  // one camera: in and out
        reads.add(read("PAP-1", "HO-123-P", t.plus(Duration.ofMinutes(38))));
        reads.add(read("A12-1", "HO-123-P", t.plus(Duration.ofMinutes(40))));
        reads.add(read("HOU-1", "HO-123-P", t.plus(Duration.ofMinutes(55))));
        reads.add(read("HOU-1", "HO-123-P", t.plus(Duration.ofMinutes(61))));
        // a commuter: one carpool area, all day
        reads.add(read("BUN-IN", "CO-456-M", Instant.parse("2026-11-22T07:00:00Z")));
        reads.add(read("BUN-OUT", "CO-456-M", Instant.parse("2026-11-22T16:30:00Z")));
        reads.add(read("PAP-1", "CO-456-M", Instant.parse("2026-11-22T17:00:00Z")));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
    }

    static void place(String camera, String place, String tag) {
        TestServer.Response r = server.send(put("/api/v1/camera-places/" + camera, "{\"place\":\"" + place + "\",\"tags\":[\"" + tag + "\"]}", admin));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static java.net.http.HttpRequest.Builder put(String path, String body, String token) {
        return put(server, path, body, token);
    }

    static java.net.http.HttpRequest.Builder put(TestServer server, String path, String body, String token) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long approval(String token) {
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"2026-11-22T00:00:00Z","to":"2026-11-23T10:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", token);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy).status()).isEqualTo(200);
        return id;
    }

    @Test
    void aListManagerSwitchesOnAHopperProfileAndAnAnalystRunsItUnderApprovalAndFindsTheHopperWithItsPassages() {
        TestServer.Response made = server.post("/api/v1/profiles", "application/json", HOPPER, lists);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().path("id").asLong();
        assertThat(server.post("/api/v1/profiles", "application/json", HOPPER, lists).status()).isEqualTo(409);
        assertThat(server.get("/api/v1/profiles", analyst).json()).anyMatch(p -> p.path("id").asLong() == id);

        String run = "/api/v1/profiles/" + id + "/run?" + BASIS + WINDOW;
        TestServer.Response unapproved = server.get(run, analyst);
        assertThat(unapproved.status()).isEqualTo(403);
        assertThat(unapproved.json().path("approvalRequired").asBoolean()).isTrue();
        long approval = approval(analyst);
        TestServer.Response ran = server.get(run + "&approval=" + approval, analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        JsonNode candidates = ran.json().path("candidates");
        assertThat(candidates).extracting(c -> c.path("plate").asText()).containsExactly("HO123P");
        assertThat(candidates.get(0).path("score").asDouble()).isEqualTo(1.0);
        assertThat(candidates.get(0).path("passages")).extracting(p -> p.path("place").asText())
                .containsExactly("Carpool Bunnik", "Carpool Bunnik", "P+R Papendorp", "P+R Papendorp", "Carpool Houten", "Carpool Houten");
        TestServer.Response csv = server.get(run + "&approval=" + approval + "&format=csv", analyst);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("rank,plate,score,reason");
        assertThat(csv.body().lines()).hasSize(1 + 6);
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("profile") && a.path("details").path("candidates").asInt() == 1
                        && a.path("details").path("approval").asLong() == approval)
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("profile") && a.path("details").has("refused"));

        // switched off, it does not run
        assertThat(server.send(put("/api/v1/profiles/" + id + "/active", "{\"active\":false}", lists)).status()).isEqualTo(200);
        assertThat(server.get(run + "&approval=" + approval, analyst).status()).isEqualTo(409);
        assertThat(server.send(put("/api/v1/profiles/" + id + "/active", "{\"active\":true}", lists)).status()).isEqualTo(200);
    }

    @Test
    void anotherOrganisationARoleWithoutTheRightAndAnotherOrganisationsCameraAreRefused() {
        TestServer.Response made = server.post("/api/v1/profiles", "application/json", HOPPER.replace("\"Hopper\"", "\"Hopper 2\""), lists);
        long id = made.json().path("id").asLong();
        assertThat(server.get("/api/v1/profiles/" + id + "/run?" + BASIS + WINDOW, otherAnalyst).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/profiles", otherAnalyst).json()).noneMatch(p -> p.path("id").asLong() == id);
        assertThat(server.get("/api/v1/profiles/" + id + "/run?" + BASIS + WINDOW, officer).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/profiles", "application/json", HOPPER, analyst).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/profiles", "application/json", HOPPER.replace("{\"name\"", "{\"organisation\":\"haaglanden\",\"name\""), lists)
                .status()).isEqualTo(403);
        assertThat(server.send(put("/api/v1/camera-places/BUN-IN", "{\"place\":\"x\",\"tags\":[\"carpool\"]}", otherAdmin)).status()).isEqualTo(404);
        assertThat(server.send(put("/api/v1/camera-places/BUN-IN", "{\"place\":\"x\",\"tags\":[\"carpool\"]}", analyst)).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/camera-places", otherAnalyst).json()).isEmpty();
        // the other organisation's approved run does not see Utrecht's passages
        long theirs = server.post("/api/v1/profiles", "application/json", HOPPER, server.userToken("lotte", "haaglanden", "LIST_MANAGER"))
                .json().path("id").asLong();
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"2026-11-22T00:00:00Z","to":"2026-11-23T10:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", otherAnalyst);
        long approval = filed.json().path("id").asLong();
        server.post("/api/v1/search-requests/" + approval + "/approve", "application/json", "{}", server.userToken("pia", "haaglanden", "PRIVACY_OFFICER"));
        TestServer.Response ran = server.get("/api/v1/profiles/" + theirs + "/run?" + BASIS + WINDOW + "&approval=" + approval, otherAnalyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        assertThat(ran.json().path("passagesExamined").asLong()).isZero();
    }

    @Test
    void aBadProfileAndAbsurdNumbersAreRefusedWithTheirReason() {
        for (String bad : List.of("{", "[]", "{\"name\":\"x\",\"purpose\":\"p\",\"legalBasis\":\"l\"}",
                HOPPER.replace("\"distinctPlaces\"", "\"anything\""),
                HOPPER.replace("\"minPlaces\":3", "\"minPlaces\":0"),
                HOPPER.replace("\"minPlaces\":3", "\"minPlaces\":3.5"),
                HOPPER.replace("\"withinHours\":4", "\"withinHours\":100000"),
                HOPPER.replace("\"maxStayMinutes\":30", "\"maxStayMinutes\":30,\"sql\":\"drop table\""),
                HOPPER.replace("[\"carpool\",\"parking\"]", "[\"<script>\"]"),
                HOPPER.replace("\"Hopper\"", "\"<b>x</b>\""),
                HOPPER.replace("\"minPlaces\":3,", "\"hours\":{\"from\":\"25:00\",\"to\":\"06:00\"},\"minPlaces\":3,"))) {
            TestServer.Response r = server.post("/api/v1/profiles", "application/json", bad, lists);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.reason()).isNotBlank();
        }
        TestServer.Response r = server.post("/api/v1/profiles", "application/json", HOPPER.replace("\"minPlaces\":3", "\"minPlaces\":0"), lists);
        assertThat(r.reason()).contains("minPlaces");
        long id = server.post("/api/v1/profiles", "application/json", HOPPER.replace("\"Hopper\"", "\"Hopper 3\""), lists).json().path("id").asLong();
        for (String bad : List.of("&from=2026-01-01T00:00:00Z&to=2026-11-23T00:00:00Z", "&format=xml", "&limit=0", "&from=yesterday")) {
            TestServer.Response run = server.get("/api/v1/profiles/" + id + "/run?" + BASIS + bad, analyst);
            assertThat(run.status()).as(bad + ": " + run.body()).isEqualTo(400);
        }
        assertThat(server.send(put("/api/v1/camera-places/A12-1", "{\"place\":\"\",\"tags\":[\"carpool\"]}", admin)).status()).isEqualTo(400);
        assertThat(server.send(put("/api/v1/camera-places/A12-1", "{\"place\":\"x\",\"tags\":[\"Car Pool\"]}", admin)).status()).isEqualTo(400);
        assertThat(server.send(put("/api/v1/profiles/" + id + "/active", "{}", lists)).status()).isEqualTo(400);
    }

    @Test
    void firstSeenAtUnusualHoursFindsTheNewcomerNotTheResidentAndItsApprovalMustCoverTheLookBack() {
        place("OUD-1", "Oudwijk", "residential");
        place("OUD-2", "Oudwijk", "residential");
        List<String> reads = new ArrayList<>();
        // a newcomer at 03:20 and 03:40 local on the night of the 23rd; a resident home at 02:00 too, but also seen 5 days before
        reads.add(read("OUD-1", "NW-001-X", Instant.parse("2026-11-23T02:20:00Z")));
        reads.add(read("OUD-2", "NW-001-X", Instant.parse("2026-11-23T02:40:00Z")));
        reads.add(read("OUD-1", "RE-002-Y", Instant.parse("2026-11-23T01:00:00Z")));
        reads.add(read("OUD-2", "RE-002-Y", Instant.parse("2026-11-18T17:00:00Z")));
        // new, but first seen by day
        reads.add(read("OUD-1", "DG-003-Z", Instant.parse("2026-11-22T13:00:00Z")));
        reads.add(read("OUD-1", "DG-003-Z", Instant.parse("2026-11-23T02:00:00Z")));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
        TestServer.Response made = server.post("/api/v1/profiles", "application/json", """
                {"name":"Nieuw in de wijk","purpose":"woninginbraken Oudwijk: onbekende voertuigen 's nachts","legalBasis":"art. 126ff Sv",
                 "active":true,"definition":{"rule":"firstSeen","placeTags":["residential"],"hours":{"from":"01:00","to":"05:00"},"lookBackDays":14}}""", lists);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        long id = made.json().path("id").asLong();
        String run = "/api/v1/profiles/" + id + "/run?" + BASIS + WINDOW;
        // an approval of the window alone does not cover the 14 days read before it
        long windowOnly = approval(analyst);
        TestServer.Response refused = server.get(run + "&approval=" + windowOnly, analyst);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"2026-11-08T00:00:00Z","to":"2026-11-23T10:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", analyst);
        long approval = filed.json().path("id").asLong();
        assertThat(server.post("/api/v1/search-requests/" + approval + "/approve", "application/json", "{}", privacy).status()).isEqualTo(200);
        TestServer.Response ran = server.get(run + "&approval=" + approval, analyst);
        assertThat(ran.status()).as(ran.body()).isEqualTo(200);
        JsonNode candidates = ran.json().path("candidates");
        assertThat(candidates).extracting(c -> c.path("plate").asText()).containsExactly("NW001X");
        assertThat(candidates.get(0).path("score").asDouble()).isEqualTo(2.0);
        assertThat(candidates.get(0).path("reason").asText()).contains("first seen 2026-11-23T03:20".replace('T', ' '), "Oudwijk");
        assertThat(candidates.get(0).path("passages")).hasSize(2);
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("profile").asLong() == id && a.path("details").path("lookBackFrom").asText().equals("2026-11-08T00:00:00Z"));
        for (String bad : List.of("\"hours\":{\"from\":\"00:00\",\"to\":\"00:00\"},\"lookBackDays\":14",
                "\"hours\":{\"from\":\"01:00\",\"to\":\"05:00\"},\"lookBackDays\":29",
                "\"hours\":{\"from\":\"01:00\",\"to\":\"05:00\"},\"lookBackDays\":14,\"minSightings\":0",
                "\"lookBackDays\":14")) {
            String body = """
                    {"name":"x","purpose":"p purpose","legalBasis":"l basis","definition":{"rule":"firstSeen","placeTags":["residential"],%s}}"""
                    .formatted(bad);
            assertThat(server.post("/api/v1/profiles", "application/json", body, lists).status()).as(body).isEqualTo(400);
        }
    }
}
