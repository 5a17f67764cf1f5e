package org.openanpr.passage;

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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openanpr.testing.TestServer.read;

class PassageSearchTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;
    static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() {
        // This organisation's policy lets a search with a legal basis reach the whole retention period unapproved.
        Duration all = Duration.ofDays(28);
        server = TestServer.start(PassageSearchTest.class, c -> c.withClock(new TestClock(NOW))
                .withSearchThreshold(new ApprovalThreshold(all, all, all, all)));
        server.post("/api/v1/cameras/import", "text/csv", """
                id,name,lat,lon,organisation
                CAM-A,Camera A,52.1,5.1,utrecht
                CAM-B,Camera B,52.2,5.2,utrecht
                """);
        List<String> reads = new ArrayList<>();
        // 12 passages of HT-123-N spread over 12 days, alternately at A and B
        for (int day = 0; day < 12; day++)
            reads.add(read(day % 2 == 0 ? "CAM-A" : "CAM-B", "HT-123-N", NOW.minusSeconds(86_400L * day + 60)));
        // OCR variants of the same car and an unrelated plate
        reads.add(read("CAM-A", "HT-I23-N", NOW.minusSeconds(100)));   // 1 read as I
        reads.add(read("CAM-A", "HT-123-M", NOW.minusSeconds(110)));   // wrong last character
        reads.add(read("CAM-B", "HT-12-N", NOW.minusSeconds(120)));    // missing character
        reads.add(read("CAM-B", "HT-1234-N", NOW.minusSeconds(130)));  // extra character
        reads.add(read("CAM-B", "XR-987-K", NOW.minusSeconds(140)));   // unrelated
        // SB-456-K and its misreads at either end, where the index has no fixed prefix or suffix to go by
        for (String plate : List.of("SB456K", "5B456K", "RB456K", "B456K", "GSB456K", "SB456", "SB456KX",
                "RB456X", "BS456K"))
            reads.add(read("CAM-A", plate, NOW.minusSeconds(200)));
        TestServer.Response res = server.post("/api/v1/reads", "application/json", "[" + String.join(",", reads) + "]");
        assertThat(res.json().path("accepted").asInt()).isEqualTo(26);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> plates(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("passages").forEach(p -> out.add(p.path("plate").asText()));
        return out;
    }

    @Test
    void exactSearchFindsTheFullHistoryNewestFirst() {
        JsonNode page = server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=ht%20123%20n").json();
        assertThat(plates(page)).hasSize(12).containsOnly("HT123N");
        assertThat(page.path("passages").get(0).path("time").asText()).isEqualTo(NOW.minusSeconds(60).toString());
        assertThat(page.path("next").isNull()).isTrue();
    }

    @Test
    void fuzzyCandidatesAreOneExpressionWithAnyRunInEachPosition() {
        assertThat(PassageSearch.candidateExpression("10033H")).isEqualTo("^(.*0033h|1.*033h|10.*33h|100.*3h|1003.*h|10033.*)$");
        assertThat(PassageSearch.candidateExpression("AB")).isEqualTo("^(.*b|a.*)$");
    }

    @Test
    void fuzzySearchFindsConfusionsAndOneCharacterErrorsButNotOtherPlates() {
        JsonNode page = search("plate=HT123N&fuzzy=true");
        assertThat(plates(page)).hasSize(16)
                .contains("HT123N", "HTI23N", "HT123M", "HT12N", "HT1234N")
                .doesNotContain("XR987K");
    }

    @Test
    void fuzzySearchFindsAWrongMissingExtraOrConfusedFirstAndLastCharacter() {
        JsonNode page = search("plate=SB456K&fuzzy=true");
        assertThat(plates(page)).containsExactlyInAnyOrder(
                "SB456K",
                "5B456K",   // S read as 5, first position
                "RB456K",   // wrong first character
                "B456K",    // missing first character
                "GSB456K",  // extra first character
                "SB456",    // missing last character
                "SB456KX"); // extra last character
        // RB456X (two wrong) and BS456K (two swapped) are two edits away
    }

    @Test
    void aWildcardIsOneUnknownCharacterAtEitherEnd() {
        assertThat(plates(search("plate=%3FB456K"))).containsExactlyInAnyOrder("SB456K", "5B456K", "RB456K");
        assertThat(plates(search("plate=SB456%3F"))).containsExactly("SB456K");
        assertThat(plates(search("plate=%3F%3F456K"))).containsExactlyInAnyOrder("SB456K", "5B456K", "RB456K", "BS456K");
        assertThat(plates(search("plate=HT%3F23N"))).containsExactlyInAnyOrder(
                "HT123N", "HT123N", "HT123N", "HT123N", "HT123N", "HT123N",
                "HT123N", "HT123N", "HT123N", "HT123N", "HT123N", "HT123N", "HTI23N");
    }

    @Test
    void aFuzzyWildcardSearchAlsoMatchesConfusionsOfTheKnownCharacters() {
        assertThat(plates(search("plate=SB456%3F&fuzzy=true"))).containsExactlyInAnyOrder("SB456K", "5B456K");
        assertThat(plates(search("plate=HT1%3F3N"))).hasSize(12).containsOnly("HT123N");
        assertThat(plates(search("plate=HTI%3F3N&fuzzy=true"))).hasSize(13).contains("HTI23N");
    }

    @Test
    void aWildcardPatternNeedsThreeKnownCharacters() {
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=S%3F%3F").reason())
                .startsWith("plate: a plate with wildcards ('?') needs at least 3 known");
    }

    /**
     * Each search under a case of its own: the threshold adds up what one person searched under one case, and these
     * tests are about what one search finds, not about that sum (LegalSearchTest is).
     */
    static JsonNode search(String query) {
        String basis = TestServer.LEGAL_BASIS.replace("PL0900-2026123456", "PL0900-2026" + (100_000 + CASES.incrementAndGet()));
        TestServer.Response res = server.get("/api/v1/passages?" + basis + "&" + query);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    @Test
    void keysetPagesCoverEveryRowOnceInOrder() {
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=HT123N&order=asc&limit=5" + (cursor == null ? "" : "&after=" + cursor)).json();
            page.path("passages").forEach(p -> times.add(p.path("time").asText()));
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(times).hasSize(12).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void cameraAndTimeWindowNarrowTheSearch() {
        JsonNode page = server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=HT123N&camera=CAM-B&from="
                + NOW.minusSeconds(86_400L * 4) + "&to=" + NOW).json();
        assertThat(page.path("passages")).hasSize(2); // days 1 and 3
        page.path("passages").forEach(p -> assertThat(p.path("camera").asText()).isEqualTo("CAM-B"));
        page.path("passages").forEach(p -> assertThat(p.path("display").asText()).as("as on the plate").isEqualTo("HT-123-N"));
    }

    @Test
    void csvHasAHeaderAndOneLinePerPassage() {
        TestServer.Response csv = server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=HT123N&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().collect(Collectors.toList());
        assertThat(lines.get(0)).isEqualTo("id,time,camera,plate,display,country,country_inferred,confidence,lat,lon,has_images,make,model,colour,vehicle_type,direction,heading,speed,plate_box");
        assertThat(lines).hasSize(13);
        assertThat(lines.get(1)).as("the plate as stored, then as on the plate").contains(",HT123N,HT-123-N,NL,");
    }

    @Test
    void badParametersAreExplained() {
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&from=yesterday").reason()).startsWith("from: not an ISO-8601 time");
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&limit=0").reason()).isEqualTo("limit: must be between 1 and 10000");
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&after=garbage").reason()).contains("cursor");
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&fuzzy=true").reason()).isEqualTo("fuzzy: needs a plate");
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&plate=HT123N&order=up").status()).isEqualTo(400);
        assertThat(server.get("/api/v1/passages?" + TestServer.LEGAL_BASIS + "&from=2026-11-23T10:00:00Z&to=2026-11-22T10:00:00Z").reason())
                .isEqualTo("from must be before to");
    }
}
