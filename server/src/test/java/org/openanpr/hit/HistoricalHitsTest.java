package org.openanpr.hit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Historical hits: what a list finds among the stored passages when entries are added. */
class HistoricalHitsTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(HistoricalHitsTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"C4","name":"C4","lat":52.08,"lon":5.04,"organisation":"utrecht"}""").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Issue 10, item 2: a list's look-back is a passage search made without a case: it reaches one day back, is on the
     * record as a passage search under the list's legal basis, and its hit lasts no longer than the passage would.
     */
    @Test
    void aListLooksBackOneDayOnTheRecordAndItsHitsDoNotOutliveThePassage() throws Exception {
        StringBuilder reads = new StringBuilder("[");
        for (Duration ago : new Duration[] {Duration.ofDays(20), Duration.ofHours(2)}) {
            if (reads.length() > 1) reads.append(',');
            reads.append("""
                    {"id":"%s","camera":"C4","plate":"QW77ZK","confidence":0.95,"time":"%s"}""".formatted(UUID.randomUUID(), NOW.minus(ago)));
        }
        assertThat(server.post("/api/v1/reads", "application/json", reads + "]").json().path("accepted").asInt()).isEqualTo(2);
        long id = server.post("/api/v1/lists", "application/json", """
                {"name":"Look back ten years","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles","legalBasis":"Politiewet art. 3",
                 "organisation":"utrecht","source":"s","historicalSearch":true,"fuzzy":true,"hitRetentionDays":3650}""")
                .json().path("id").asLong();
        TestServer.Response imported = server.post("/api/v1/lists/" + id + "/entries", "text/csv", "plate\nQW-77-ZK\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        JsonNode hits = server.get("/api/v1/hits?list=" + id).json();
        assertThat(hits).as("only the passage of the last day").hasSize(1);
        assertThat(Instant.parse(hits.get(0).path("time").asText())).isEqualTo(NOW.minus(Duration.ofHours(2)));

        try (var c = server.db().dataSource().getConnection();
             var ps = c.prepareStatement("select keep_until from hit where list_id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getTimestamp(1).toInstant()).as("kept no longer than the passage (28 days), not 3650 days")
                        .isEqualTo(NOW.minus(Duration.ofHours(2)).plus(Duration.ofDays(28)));
            }
        }
        JsonNode searches = server.get("/api/v1/audit?action=PASSAGE_SEARCH&limit=1000").json();
        assertThat(searches).anyMatch(r -> r.path("target").asText().equals("list " + id + " look-back")
                && r.path("purpose").asText().equals("recover stolen vehicles") && r.path("legalBasis").asText().equals("Politiewet art. 3")
                && r.path("organisation").asText().equals("utrecht") && r.path("resultCount").asInt() == 1);
    }
}
