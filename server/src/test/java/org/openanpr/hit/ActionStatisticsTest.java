package org.openanpr.hit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An enforcement action switches lists on for its cameras during its window; the figures per action, camera and list
 * add up with the reads, hits and outcomes this test creates.
 */
class ActionStatisticsTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;
    static long fines;
    static long stolen;
    static long action;
    static final Map<String, String> hitIdByPlate = new HashMap<>();

    @BeforeAll
    static void scenario() {
        server = TestServer.start(ActionStatisticsTest.class, new TestClock(NOW));
        for (String cam : new String[] {"C1", "C2", "C3"})
            assertThat(server.post("/api/v1/cameras", "application/json", """
                    {"id":"%s","name":"%s","lat":52.08,"lon":5.04,"organisation":"utrecht"}""".formatted(cam, cam)).status())
                    .isEqualTo(201);
        fines = list("Unpaid fines", "UNPAID_FINES", "11-AAA-1\n22-BBB-2\n33-CCC-3\n44-DDD-4\n");
        stolen = list("Stolen", "STOLEN_VEHICLE", "55-EEE-5\n");
        TestServer.Response a = server.post("/api/v1/actions", "application/json", """
                {"name":"Controle A12","organisation":"utrecht","place":"A12 De Meern","startsAt":"%s","endsAt":"%s",
                 "team":"Team Verkeer Oost","cameras":["C1","C2"],"lists":[%d,%d]}"""
                .formatted(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)), fines, stolen));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        action = a.json().path("id").asLong();
        assertThat(a.json().path("status").asText()).isEqualTo("RUNNING");

        // C1: 6 reads, 3 hits; C2: 3 reads, 2 hits; C3 (not in the action): 1 read of a listed plate, no hit
        post("C1", "11AAA1", "22BBB2", "44DDD4", "XX01XX", "XX02XX", "XX03XX");
        post("C2", "33CCC3", "55EEE5", "XX04XX");
        post("C3", "44DDD4");

        outcome("11AAA1", "{\"outcome\":\"FINE_PAID\",\"amount\":120.50}");
        outcome("22BBB2", "{\"outcome\":\"MISREAD\"}");
        outcome("33CCC3", "{\"outcome\":\"NOT_STOPPED\",\"note\":\"other priority call\"}");
        outcome("55EEE5", "{\"outcome\":\"VEHICLE_SEIZED\"}");
        // 44DDD4 at C1 stays open
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long list(String name, String category, String plates) {
        TestServer.Response r = server.post("/api/v1/lists", "application/json", """
                {"name":"%s","category":"%s","purpose":"p","legalBasis":"b","organisation":"utrecht","source":"s"}"""
                .formatted(name, category));
        assertThat(r.status()).isEqualTo(201);
        long id = r.json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + id + "/entries", "text/csv", "plate\n" + plates).status()).isEqualTo(200);
        return id;
    }

    static void post(String camera, String... plates) {
        StringBuilder body = new StringBuilder("[");
        for (String p : plates) {
            if (body.length() > 1) body.append(',');
            body.append("""
                    {"id":"%s","camera":"%s","plate":"%s","confidence":0.95,"time":"%s"}""".formatted(UUID.randomUUID(), camera, p, NOW.minusSeconds(60)));
        }
        TestServer.Response r = server.post("/api/v1/reads", "application/json", body.append(']').toString());
        assertThat(r.json().path("accepted").asInt()).isEqualTo(plates.length);
    }

    static void outcome(String plate, String json) {
        JsonNode hits = server.get("/api/v1/hits?plate=" + plate + "&action=" + action).json();
        assertThat(hits).hasSize(1);
        String id = hits.get(0).path("id").asText();
        hitIdByPlate.put(plate, id);
        assertThat(server.post("/api/v1/hits/" + id + "/outcome", "application/json", json).status()).isEqualTo(200);
    }

    static JsonNode stats(String query) {
        TestServer.Response r = server.get("/api/v1/stats?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode row(JsonNode rows, String key) {
        for (JsonNode r : rows) if (r.path("key").asText().equals(key)) return r;
        throw new AssertionError("no row " + key + " in " + rows);
    }

    @Test
    void theActionsTotalsAddUp() {
        JsonNode t = row(stats("by=action"), String.valueOf(action));
        assertThat(t.path("scanned").asLong()).isEqualTo(9);
        assertThat(t.path("hits").asLong()).isEqualTo(5);
        assertThat(t.path("open").asLong()).isEqualTo(1);
        assertThat(t.path("hitRate").asDouble()).isEqualTo(5.0 / 9);
        assertThat(t.path("stopped").asLong()).isEqualTo(2);
        assertThat(t.path("finesPaid").asLong()).isEqualTo(1);
        assertThat(t.path("amountCollected").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(t.path("seizures").asLong()).isEqualTo(1);
        assertThat(t.path("arrests").asLong()).isZero();
        assertThat(t.path("notStopped").asLong()).isEqualTo(1);
        assertThat(t.path("misreads").asLong()).isEqualTo(1);
        assertThat(t.path("misreadRate").asDouble()).isEqualTo(1.0 / 4);
    }

    @Test
    void perCameraAndPerListFiguresAddUpToTheTotals() {
        JsonNode cams = stats("by=camera&action=" + action);
        assertThat(cams).hasSize(2);
        assertThat(row(cams, "C1").path("scanned").asLong()).isEqualTo(6);
        assertThat(row(cams, "C1").path("hits").asLong()).isEqualTo(3);
        assertThat(row(cams, "C2").path("scanned").asLong()).isEqualTo(3);
        assertThat(row(cams, "C2").path("hits").asLong()).isEqualTo(2);

        JsonNode lists = stats("by=list");
        assertThat(row(lists, String.valueOf(fines)).path("scanned").asLong()).as("reads at the action's cameras").isEqualTo(9);
        assertThat(row(lists, String.valueOf(fines)).path("hits").asLong()).isEqualTo(4);
        assertThat(row(lists, String.valueOf(stolen)).path("hits").asLong()).isEqualTo(1);
        assertThat(row(lists, String.valueOf(stolen)).path("seizures").asLong()).isEqualTo(1);

        JsonNode allCams = stats("by=camera");
        assertThat(row(allCams, "C3").path("scanned").asLong()).isEqualTo(1);
        assertThat(row(allCams, "C3").path("hits").asLong()).as("no list is on at C3").isZero();

        JsonNode day = row(stats("by=day&from=2026-11-23&to=2026-11-23"), "2026-11-23");
        assertThat(day.path("scanned").asLong()).isEqualTo(10);
        assertThat(day.path("hits").asLong()).isEqualTo(5);
    }

    @Test
    void theReportCarriesTheSameFiguresAsCsvAndHtml() {
        String csv = server.get("/api/v1/actions/" + action + "/report?format=csv").body();
        assertThat(csv.lines().toList().get(1)).startsWith("action," + action + ",9,5,1,0.5556,2,0,1,120.50,0,1,1,1,0.2500");
        assertThat(csv).contains("camera,C1,6,3").contains("camera,C2,3,2");
        String html = server.get("/api/v1/actions/" + action + "/report?format=html").body();
        assertThat(html).contains("<html lang=\"en\">").contains("Action report: Controle A12").contains("€120.50")
                .contains("Team Verkeer Oost").contains("other priority call").contains("Vehicle seized")
                .as("plates as on the plate").contains("<td>55-EEE-5</td>").doesNotContain(">55EEE5<")
                .as("times on Utrecht's clock: the action started at 09:00 UTC").contains("<td>2026-11-23 10:00:00</td>")
                .contains("Times in Europe/Amsterdam");
        // the reader's language: asked for, else the web app's choice (its cookie), else the browser's preference
        String dutch = server.get("/api/v1/actions/" + action + "/report?format=html&lang=nl").body();
        assertThat(dutch).contains("<html lang=\"nl\">").contains("Actierapport: Controle A12").contains("Voertuig in beslag genomen")
                .contains("Gescande lezingen").contains("120,50").doesNotContain("Reads scanned");
        var byCookie = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/api/v1/actions/" + action
                + "/report?format=html")).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Cookie", "anpr_lang=nl").header("Accept-Language", "en-GB,en;q=0.9");
        assertThat(server.send(byCookie).body()).contains("Actierapport");
        var byBrowser = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/api/v1/actions/" + action
                + "/report?format=html")).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
        assertThat(server.send(byBrowser).body()).contains("Actierapport");
        assertThat(server.get("/api/v1/actions/" + action + "/report?format=pdf").status()).isEqualTo(400);
    }

    @Test
    void aListWithHitsCannotBeDeleted() {
        TestServer.Response r = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/api/v1/lists/" + stolen))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).DELETE());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.reason()).contains("has hits");
        assertThat(server.get("/api/v1/lists/" + stolen).status()).isEqualTo(200);
    }

    @Test
    void anUnacknowledgedHitStaysOpen() {
        JsonNode open = server.get("/api/v1/hits?status=open&action=" + action).json();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).path("plate").asText()).isEqualTo("44DDD4");
        String id = open.get(0).path("id").asText();
        JsonNode acked = server.post("/api/v1/hits/" + id + "/acknowledge", "application/json", "").json();
        assertThat(acked.path("acknowledgedBy").asText()).isNotBlank();
        assertThat(server.get("/api/v1/hits?status=open&action=" + action).json()).as("acknowledged is not closed").hasSize(1);
    }

    @Test
    void aListAddedLaterFindsEarlierSightingsAsHistoricalHits() {
        TestServer.Response r = server.post("/api/v1/lists", "application/json", """
                {"name":"Stolen (look back)","category":"STOLEN_VEHICLE","purpose":"p","legalBasis":"Sv art. 126cc",
                 "organisation":"utrecht","source":"s","historicalSearch":true}""");
        long id = r.json().path("id").asLong();
        TestServer.Response imported = server.post("/api/v1/lists/" + id + "/entries", "text/csv", "plate\nXX-03-XX\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().path("historicalHits").path("hits").asInt()).isEqualTo(1);
        JsonNode hit = server.get("/api/v1/hits?list=" + id).json().get(0);
        assertThat(hit.path("plate").asText()).isEqualTo("XX03XX");
        assertThat(hit.path("historical").asBoolean()).isTrue();
        assertThat(hit.path("camera").asText()).isEqualTo("C1");
    }
}
