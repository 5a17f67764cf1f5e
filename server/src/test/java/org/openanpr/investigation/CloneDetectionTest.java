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
 * Cloned plates: found in the read pipeline as the second read arrives (impossible travel, conflicting description),
 * kept for the organisation that saw both, and found after the fact under the rules of a passage search.
 */
class CloneDetectionTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final TestClock clock = new TestClock(NOW);
    static final String BASIS = TestServer.LEGAL_BASIS;
    static TestServer server;
    static String officer;
    static String analyst;
    static String otherAnalyst;
    static String privacy;

    @BeforeAll
    static void start() {
        server = TestServer.start(CloneDetectionTest.class, clock);
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                UT-1,Utrecht,52.09,5.12,utrecht
                UT-2,Utrecht west,52.09,5.05,utrecht
                UT-3,Utrecht next to UT-1,52.0901,5.1201,utrecht
                GR-1,Groningen,53.22,6.57,utrecht
                DH-1,Den Haag,52.07,4.30,haaglanden
                """);
        officer = server.userToken("otto", "utrecht", "OFFICER");
        analyst = server.userToken("ana", "utrecht", "ANALYST");
        otherAnalyst = server.userToken("hanna", "haaglanden", "ANALYST");
        privacy = server.userToken("pia", "utrecht", "PRIVACY_OFFICER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String read(String camera, String plate, Instant at, double confidence, String make, String colour) {
        return """
                {"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":%s,"time":"%s"%s}""".formatted(UUID.randomUUID(),
                camera, plate, confidence, at, make == null ? "" : ",\"make\":\"" + make + "\",\"colour\":\"" + colour + "\"");
    }

    static void post(String... reads) {
        TestServer.Response r = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static List<JsonNode> stored(String plate) {
        List<JsonNode> out = new ArrayList<>();
        server.get("/api/v1/investigations/clones?from=2026-11-22T00:00:00Z&to=2026-11-24T00:00:00Z", officer).json().forEach(s -> {
            if (s.path("plate").asText().equals(plate)) out.add(s);
        });
        return out;
    }

    @Test
    void onePlateInUtrechtAndGroningenTwentyMinutesApartIsASuspectWithItsEvidence() {
        Instant t = NOW.minus(Duration.ofHours(1));
        post(read("UT-1", "CL-001-A", t, 0.95, null, null));
        post(read("GR-1", "CL-001-A", t.plus(Duration.ofMinutes(20)), 0.95, null, null));
        assertThat(stored("CL001A")).singleElement().satisfies(s -> {
            assertThat(s.path("reasons").get(0).asText()).isEqualTo("IMPOSSIBLE_TRAVEL");
            assertThat(s.path("first").path("camera").asText()).isEqualTo("UT-1");
            assertThat(s.path("second").path("camera").asText()).isEqualTo("GR-1");
            assertThat(s.path("seconds").asLong()).isEqualTo(1200);
            assertThat(s.path("metres").asDouble()).isBetween(150_000.0, 170_000.0);
            assertThat(s.path("calculation").asText()).contains("needs", "plausible at most 200 km/h");
        });
        assertThat(server.get("/api/v1/audit?action=HIT_VIEW&actor=otto&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("clones"));
    }

    @Test
    void aGreyVolkswagenAndARedFordUnderOnePlateAreASuspect() {
        Instant t = NOW.minus(Duration.ofHours(2));
        post(read("UT-1", "CL-002-B", t, 0.9, "Volkswagen", "grijs"), read("UT-2", "CL-002-B", t.plus(Duration.ofMinutes(50)), 0.9, "Ford", "red"));
        assertThat(stored("CL002B")).singleElement().satisfies(s -> {
            assertThat(s.path("reasons").get(0).asText()).isEqualTo("CONFLICTING_DESCRIPTION");
            assertThat(s.path("description").asText()).isEqualTo("VOLKSWAGEN grey vs FORD red");
        });
    }

    @Test
    void uncertainReadsTwoCamerasAtOnePlaceAndAClockOffByMinutesAreNoSuspects() {
        Instant t = NOW.minus(Duration.ofHours(3));
        post(read("UT-1", "CL-003-C", t, 0.6, null, null), read("GR-1", "CL-003-C", t.plusSeconds(600), 0.95, null, null));
        post(read("UT-1", "CL-004-D", t, 0.9, null, null), read("UT-3", "CL-004-D", t, 0.9, null, null));
        // UT-1 to UT-2 is about 4.8 km: "one minute" apart because a clock is minutes off is within the margins
        post(read("UT-1", "CL-005-E", t, 0.9, null, null), read("UT-2", "CL-005-E", t.plusSeconds(60), 0.9, null, null));
        assertThat(stored("CL003C")).isEmpty();
        assertThat(stored("CL004D")).isEmpty();
        assertThat(stored("CL005E")).isEmpty();
    }

    @Test
    void aPairAcrossTwoOrganisationsIsLeftAloneInTheStreamAndNeitherSeesTheOthersSuspects() {
        Instant t = NOW.minus(Duration.ofHours(4));
        post(read("UT-1", "CL-006-F", t, 0.9, null, null), read("DH-1", "CL-006-F", t.plusSeconds(300), 0.9, null, null));
        assertThat(stored("CL006F")).isEmpty();
        assertThat(server.get("/api/v1/investigations/clones", otherAnalyst).json()).isEmpty();
        assertThat(server.get("/api/v1/investigations/clones", privacy).status()).isEqualTo(403);
    }

    @Test
    void afterTheFactAPlateIsCheckedWithALegalBasisAndEveryPlateOnlyWithApproval() {
        // three hours apart: beyond the pipeline's memory, found by the check
        Instant t = NOW.minus(Duration.ofHours(8));
        post(read("UT-1", "CL-007-G", t, 0.9, "Toyota", "white"));
        post(read("UT-2", "CL-007-G", t.plus(Duration.ofHours(3)), 0.9, "BMW", "black"));
        post(read("UT-1", "CL-008-H", t, 0.9, null, null), read("GR-1", "CL-008-H", t.plusSeconds(900), 0.9, null, null));
        post(read("UT-1", "CL-009-J", t, 0.5, "Toyota", "white"), read("UT-2", "CL-009-J", t.plusSeconds(900), 0.9, "BMW", "black"));
        assertThat(stored("CL007G")).isEmpty();
        String window = "&from=2026-11-23T00:00:00Z&to=2026-11-23T10:00:00Z";
        TestServer.Response one = server.get("/api/v1/investigations/clones/check?plate=CL-007-G" + window + "&" + BASIS, analyst);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().path("suspects")).singleElement()
                .satisfies(s -> assertThat(s.path("reasons").get(0).asText()).isEqualTo("CONFLICTING_DESCRIPTION"));
        assertThat(one.json().path("passagesExamined").asLong()).isEqualTo(2);
        assertThat(server.get("/api/v1/investigations/clones/check?plate=CL-007-G" + window + "&" + BASIS, otherAnalyst).json()
                .path("suspects")).isEmpty();
        assertThat(server.get("/api/v1/investigations/clones/check?plate=CL-007-G" + window + "&" + BASIS, officer).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/investigations/clones/check?plate=CL-007-G" + window, analyst).status()).isEqualTo(403);

        TestServer.Response every = server.get("/api/v1/investigations/clones/check?" + BASIS + window, analyst);
        assertThat(every.status()).isEqualTo(403);
        assertThat(every.json().path("approvalRequired").asBoolean()).isTrue();
        TestServer.Response filed = server.post("/api/v1/search-requests", "application/json", """
                {"from":"2026-11-23T00:00:00Z","to":"2026-11-23T10:00:00Z","caseNumber":"PL0900-2026123456",
                 "offence":"ART67_CRIME","purpose":"test search in a case"}""", analyst);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().path("id").asLong();
        assertThat(server.post("/api/v1/search-requests/" + id + "/approve", "application/json", "{}", privacy).status()).isEqualTo(200);
        TestServer.Response all = server.get("/api/v1/investigations/clones/check?" + BASIS + window + "&approval=" + id, analyst);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        List<String> plates = new ArrayList<>();
        all.json().path("suspects").forEach(s -> plates.add(s.path("plate").asText()));
        assertThat(plates).contains("CL007G", "CL008H").doesNotContain("CL009J");
        TestServer.Response csv = server.get("/api/v1/investigations/clones/check?format=csv&" + BASIS + window + "&approval=" + id, analyst);
        assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("plate,country,reasons");
        assertThat(server.get("/api/v1/audit?action=PASSAGE_SEARCH&actor=ana&limit=100").json())
                .anyMatch(a -> a.path("details").path("analysis").asText().equals("clones") && a.path("target").asText().equals("every plate")
                        && a.path("details").path("approval").asLong() == id);
    }

    @Test
    void hostileInputIsABadRequest() {
        for (String bad : List.of("format=xml", "from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z", "limit=0", "from=tomorrow")) {
            assertThat(server.get("/api/v1/investigations/clones?" + bad, officer).status()).as(bad).isEqualTo(400);
        }
        assertThat(server.get("/api/v1/investigations/clones/check?plate=%3Cb%3E&" + BASIS, analyst).status()).isEqualTo(400);
    }
}
