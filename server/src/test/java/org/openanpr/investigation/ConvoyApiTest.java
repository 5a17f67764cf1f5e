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

/** Convoy for a target plate: ranked companions with evidence, over visible cameras, under the passage-search rules. */
class ConvoyApiTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T = Instant.parse("2026-11-22T22:50:00Z"); // 23:50 in Amsterdam: the convoy crosses midnight
    static final String BASIS = TestServer.LEGAL_BASIS;
    static final String WINDOW = "&from=2026-11-22T20:00:00Z&to=2026-11-23T09:00:00Z";
    static TestServer server;
    static String analyst;
    static String otherAnalyst;
    static String officer;

    @BeforeAll
    static void start() {
        server = TestServer.start(ConvoyApiTest.class, new TestClock(NOW));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                V1,A12 west,52.06,5.08,utrecht
                V2,A12 east,52.06,5.18,utrecht
                V3,A27 north,52.10,5.15,utrecht
                H1,Den Haag,52.07,4.30,haaglanden
                """);
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        officer = server.userToken("otto", "utrecht", "OFFICER");
        List<String> reads = new ArrayList<>();
        String[] cams = {"V1", "V2", "V3"};
        for (int i = 0; i < 3; i++) {
            Instant at = T.plusSeconds(600L * i);
            reads.add(read(cams[i], "12-BDF-3", at));
            reads.add(read(cams[i], "FL-001-X", at.plusSeconds(35)));   // follows at all three
            if (i < 2) reads.add(read(cams[i], "LD-002-Y", at.minusSeconds(70))); // leads at two
        }
        reads.add(read("V2", "ON-003-Z", T.plusSeconds(610)));          // met once
        reads.add(read("V3", "LT-004-Z", T.plusSeconds(1200 + 900)));   // at V3 a quarter of an hour later
        reads.add(read("V1", "LT-004-Z", T.plusSeconds(20)));
        reads.add(read("H1", "12-BDF-3", T.plusSeconds(3000)));
        reads.add(read("H1", "FL-001-X", T.plusSeconds(3010)));
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(reads.size());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theFollowerRanksFirstWithItsEvidenceThenTheLeaderAndChanceMeetingsDropOut() {
        TestServer.Response r = server.get("/api/v1/investigations/convoy?plate=12BDF3&windowSeconds=120" + WINDOW + "&" + BASIS, analyst);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode c = r.json().path("companions");
        assertThat(r.json().path("targetPassages").asInt()).isEqualTo(3); // H1 is another organisation's
        assertThat(c).extracting(x -> x.path("plate").asText()).containsExactly("FL001X", "LD002Y");
        assertThat(c.get(0).path("cameras").asInt()).isEqualTo(3);
        assertThat(c.get(0).path("follows").asInt()).isEqualTo(3);
        assertThat(c.get(0).path("evidence")).extracting(e -> e.path("camera").asText()).containsExactly("V1", "V2", "V3");
        assertThat(c.get(0).path("evidence").get(0).path("gapSeconds").asLong()).isEqualTo(35);
        assertThat(c.get(1).path("leads").asInt()).isEqualTo(2);
        JsonNode three = server.get("/api/v1/investigations/convoy?plate=12BDF3&minCameras=3" + WINDOW + "&" + BASIS, analyst).json();
        assertThat(three.path("companions")).extracting(x -> x.path("plate").asText()).containsExactly("FL001X");
        // a wider window takes in the car a quarter of an hour behind at V3
        JsonNode wide = server.get("/api/v1/investigations/convoy?plate=12BDF3&windowSeconds=1200" + WINDOW + "&" + BASIS, analyst).json();
        assertThat(wide.path("companions")).extracting(x -> x.path("plate").asText()).contains("LT004Z");
        TestServer.Response csv = server.get("/api/v1/investigations/convoy?plate=12BDF3&format=csv" + WINDOW + "&" + BASIS, analyst);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("rank,plate,cameras");
        assertThat(csv.body().lines()).hasSize(1 + 3 + 2);
    }

    @Test
    void anotherOrganisationSeesOnlyItsCamerasAndOthersAreRefusedAndEveryRunIsOnTheRecord() {
        JsonNode theirs = server.get("/api/v1/investigations/convoy?plate=12BDF3" + WINDOW + "&" + BASIS, otherAnalyst).json();
        assertThat(theirs.path("targetPassages").asInt()).isEqualTo(1);
        assertThat(theirs.path("companions")).isEmpty();
        assertThat(server.get("/api/v1/investigations/convoy?plate=12BDF3" + WINDOW + "&" + BASIS, officer).status()).isEqualTo(403);
        TestServer.Response none = server.get("/api/v1/investigations/convoy?plate=12BDF3" + WINDOW, analyst);
        assertThat(none.status()).isEqualTo(403);
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy") && a.path("target").asText().equals("12BDF3")
                        && a.path("details").path("companions").asInt() == 2)
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("convoy")
                        && a.path("details").path("refused").asText().contains("legal basis"));
    }

    @Test
    void hostileInputIsABadRequest() {
        String base = "/api/v1/investigations/convoy?" + BASIS + WINDOW;
        for (String bad : List.of("&plate=12BDF3&windowSeconds=0", "&plate=12BDF3&windowSeconds=99999", "&plate=12BDF3&minCameras=1",
                "&plate=12BDF3&minCameras=x", "&plate=12BDF3&format=xml", "&plate=%3Cscript%3E")) {
            TestServer.Response r = server.get(base + bad, analyst);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
        }
    }
}
