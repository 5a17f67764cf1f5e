package org.openanpr.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The running server puts passage searches, list imports and exports on the hash-chained record. */
class AuditTrailTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(AuditTrailTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"C1","name":"c","lat":52.08,"lon":5.04,"organisation":"utrecht"}""").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void searchesImportsAndExportsAreRecordedAndTheChainVerifies() {
        assertThat(server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"C1","plate":"12-BDF-3","confidence":0.9,"time":"%s"}]""".formatted(UUID.randomUUID(), NOW))
                .status()).isEqualTo(200);
        assertThat(server.get("/api/v1/passages?plate=12BDF3&from=" + NOW.minusSeconds(3600)
                + "&caseNumber=PL0900-2026123456&offence=ART67_CRIME&purpose=robbery%20at%20the%20station").status()).isEqualTo(200);
        long list = server.post("/api/v1/lists", "application/json", """
                {"name":"L","category":"OTHER","purpose":"p","legalBasis":"Wpg art. 9","organisation":"utrecht","source":"s"}""")
                .json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate\n12-BDF-3\n").status()).isEqualTo(200);
        assertThat(server.get("/api/v1/lists/" + list + "/export").status()).isEqualTo(200);

        JsonNode searches = server.get("/api/v1/audit?action=PASSAGE_SEARCH").json();
        assertThat(searches).hasSize(1);
        assertThat(searches.get(0).path("target").asText()).isEqualTo("12BDF3");
        assertThat(searches.get(0).path("caseNumber").asText()).isEqualTo("PL0900-2026123456");
        assertThat(searches.get(0).path("resultCount").asInt()).isEqualTo(1);
        assertThat(server.get("/api/v1/audit?action=LIST_IMPORT").json()).hasSize(1);
        assertThat(server.get("/api/v1/audit?action=EXPORT").json()).hasSize(1);

        // any other change is on the record too, with the route it went through
        assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"utrecht\"}").status()).isEqualTo(201);
        JsonNode changes = server.get("/api/v1/audit?action=CHANGE").json();
        assertThat(changes).anySatisfy(r -> {
            assertThat(r.path("target").asText()).isEqualTo("POST /api/v1/lists/" + list + "/activations");
            assertThat(r.path("details").path("route").asText()).isEqualTo("POST /api/v1/lists/{id}/activations");
        });
        assertThat(changes).noneSatisfy(r -> assertThat(r.path("target").asText()).contains("/entries"));

        AuditVerifier.Result result = new AuditVerifier(server.db().dataSource()).verify();
        assertThat(result.ok()).as(result.toString()).isTrue();
    }
}
