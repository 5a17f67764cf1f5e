package org.openanpr.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.testing.TestServer.read;

/**
 * Untargeted convoy: every pair seen together at k cameras, only under an approval; across midnight, with a camera
 * clock minutes off, and with two cameras at one junction.
 */
class ConvoyPairsTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T = Instant.parse("2026-11-22T22:50:00Z"); // 23:50 in Amsterdam
    static final String BASIS = TestServer.LEGAL_BASIS;
    static final String WINDOW = "&from=2026-11-22T20:00:00Z&to=2026-11-23T09:00:00Z";
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;
    static String privacy;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConvoyPairsTest.class, new TestClock(NOW));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                V1,A12 west,52.06,5.08,utrecht
                V1B,A12 west other lane,52.06,5.0801,utrecht
                V2,A12 east,52.06,5.18,utrecht
                V3,A27 north,52.10,5.15,utrecht
                H1,Den Haag,52.07,4.30,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        privacy = server.userToken("pim", "utrecht", "PRIVACY_OFFICER");
        List<String> reads = new ArrayList<>();
        String[] cams = {"V1", "V2", "V3"};
        for (int i = 0; i < 3; i++) {
            Instant at = T.plusSeconds(600L * i); // the third after midnight
            reads.add(read(cams[i], "AA-111-A", at));
            // V3's clock runs 3 minutes behind: the follower 40 s behind shows 2 min 20 s ahead there
            reads.add(read(cams[i], "BB-222-B", cams[i].equals("V3") ? at.plusSeconds(40 - 180) : at.plusSeconds(40)));
        }
        // a pair at the two cameras of one junction and one more camera
        reads.add(read("V1", "CC-333-C", T.plusSeconds(3600)));
        reads.add(read("V1", "DD-444-D", T.plusSeconds(3612)));
        reads.add(read("V1B", "DD-444-D", T.plusSeconds(3610)));
        reads.add(read("V1B", "CC-333-C", T.plusSeconds(3605)));
        reads.add(read("V2", "CC-333-C", T.plusSeconds(4200)));
        reads.add(read("V2", "DD-444-D", T.plusSeconds(4230)));
        reads.add(read("V2", "EE-555-E", T.plusSeconds(20)));         // met AA once: chance
        reads.add(read("H1", "AA-111-A", T.plusSeconds(3000)));
        reads.add(read("H1", "BB-222-B", T.plusSeconds(3010)));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long approval(String token, String approver) {
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"2026-11-22T20:00:00Z","to":"2026-11-23T09:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", token);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", approver).status()).isEqualTo(200);
        return id;
    }

    @Test
    void pairsNeedApprovalAndAreFoundAcrossMidnightWithAClockMinutesOffWithinAWideEnoughWindow() {
        String base = "/api/v1/investigations/convoy?" + BASIS + WINDOW;
        TestServer.Response refused = server.get(base, analyst);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("approvalRequired").asBoolean()).isTrue();
        long id = approval(analyst, privacy);
        // 120 s: the clock-off camera's meeting (140 s apart as recorded) falls out, two cameras are not three
        JsonNode narrow = server.get(base + "&approval=" + id + "&windowSeconds=120", analyst).json();
        assertThat(narrow.path("pairs")).extracting(p -> p.path("plate").asText() + "+" + p.path("companion").asText())
                .containsExactly("CC333C+DD444D");
        // 300 s takes the clock's error in: the pair across midnight, its evidence per camera
        TestServer.Response wide = server.get(base + "&approval=" + id + "&windowSeconds=300", analyst);
        assertThat(wide.status()).as(wide.body()).isEqualTo(200);
        JsonNode ab = null;
        for (JsonNode p : wide.json().path("pairs")) if (p.path("plate").asText().equals("AA111A")) ab = p;
        assertThat(ab).isNotNull();
        assertThat(ab.path("companion").asText()).isEqualTo("BB222B");
        assertThat(ab.path("cameras").asInt()).isEqualTo(3);
        assertThat(ab.path("evidence")).extracting(e -> e.path("camera").asText()).containsExactly("V1", "V2", "V3");
        assertThat(ab.path("evidence").get(2).path("gapSeconds").asLong()).isEqualTo(-140);
        assertThat(wide.json().path("pairs")).noneMatch(p -> p.path("companion").asText().equals("EE555E"));
        // the junction's two cameras count as two distinct cameras: with k = 4 the pair drops out
        assertThat(server.get(base + "&approval=" + id + "&windowSeconds=300&minCameras=4", analyst).json().path("pairs")).isEmpty();
        TestServer.Response csv = server.get(base + "&approval=" + id + "&format=csv", analyst);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("rank,plate,companion,cameras");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy pairs") && a.path("target").asText().equals("every plate")
                        && a.path("details").path("approval").asLong() == id)
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy pairs") && a.path("details").has("refused"));
    }

    @Test
    void anotherOrganisationSeesOnlyItsOwnPassagesAndARoleWithoutTheRightIsRefused() {
        long id = approval(otherAnalyst, server.userToken("pia", "haaglanden", "PRIVACY_OFFICER"));
        TestServer.Response theirs = server.get("/api/v1/investigations/convoy?" + BASIS + WINDOW + "&minCameras=2&approval=" + id, otherAnalyst);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        assertThat(theirs.json().path("passagesExamined").asLong()).as("each plate passed one camera: none can pair").isZero();
        assertThat(theirs.json().path("pairs")).isEmpty();
        assertThat(server.get("/api/v1/investigations/convoy?" + BASIS + WINDOW, officer).status()).isEqualTo(403);
        // an approval of another person is not yours
        assertThat(server.get("/api/v1/investigations/convoy?" + BASIS + WINDOW + "&approval=" + id, analyst).status()).isEqualTo(403);
    }

    @Test
    void hostileInputIsABadRequest() {
        for (String bad : List.of("&windowSeconds=0", "&windowSeconds=99999", "&minCameras=1", "&minCameras=99", "&format=xml",
                "&from=2026-01-01T00:00:00Z&to=2026-11-23T00:00:00Z")) {
            TestServer.Response r = server.get("/api/v1/investigations/convoy?" + BASIS + bad, analyst);
            assertThat(r.status()).as(bad + ": " + r.body()).isIn(400, 403);
        }
    }
}
