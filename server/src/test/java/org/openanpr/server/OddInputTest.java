package org.openanpr.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Odd input is a clear 4xx with a reason, never a 500: nesting, huge numbers, far-off dates, control characters, huge names. */
class OddInputTest {
    static TestServer server;
    static String cameraToken;

    @BeforeAll
    static void start() {
        server = TestServer.start(OddInputTest.class, c -> c.withClock(Clock.systemUTC()));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"ODD-01","name":"Odd","lat":52.0,"lon":5.0,"organisation":"utrecht"}""").status()).isEqualTo(201);
        cameraToken = server.post("/api/v1/cameras/ODD-01/tokens", "application/json", "").json().path("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertClear4xx(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.reason()).as(r.body()).isNotBlank();
    }

    @Test
    void aJsonDepthBombOnReadsIsRefused() {
        String bomb = "[".repeat(100_000) + "]".repeat(100_000);
        assertClear4xx(server.post("/api/v1/reads", "application/json", bomb, cameraToken));
        String object = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        // in NDJSON each line stands alone: the deep one is a rejected item (422), with its reason
        TestServer.Response ndjson = server.post("/api/v1/reads", "application/x-ndjson", object, cameraToken);
        assertThat(ndjson.status()).isEqualTo(422);
        assertThat(ndjson.json().path("items").get(0).path("reason").asText()).contains("nesting depth");
        assertClear4xx(server.post("/api/v1/users", "application/json", bomb));
    }

    @Test
    void aTwoThousandDigitNumberOnReadsIsRefused() {
        String digits = "1".repeat(2_000);
        assertClear4xx(server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"ODD-01","plate":"52TKN9","confidence":%s,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), digits, Instant.now()), cameraToken));
        TestServer.Response ndjson = server.post("/api/v1/reads", "application/x-ndjson", """
                {"id":"%s","camera":"ODD-01","plate":"52TKN9","lat":%s,"time":"%s"}"""
                .formatted(UUID.randomUUID(), digits, Instant.now()), cameraToken);
        assertThat(ndjson.status()).as(ndjson.body()).isBetween(400, 499);
    }

    @Test
    void anOutcomeAmountBeyondTheColumnIsRefused() {
        long list = server.post("/api/v1/lists", "application/json", """
                {"name":"Fines","category":"UNPAID_FINES","purpose":"collect unpaid fines","legalBasis":"WAHV art. 28",
                 "organisation":"utrecht","source":"CJIB","fuzzy":false}""").json().path("id").asLong();
        assertThat(server.post("/api/v1/lists/" + list + "/entries", "text/csv", "plate,amount\n52-TKN-9,10.00\n").status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"ODD-01\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"ODD-01","plate":"52TKN9","confidence":0.9,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), Instant.now()), cameraToken).status()).isEqualTo(200);
        String hit = server.get("/api/v1/hits?list=" + list).json().get(0).path("id").asText();
        assertClear4xx(server.post("/api/v1/hits/" + hit + "/outcome", "application/json",
                "{\"outcome\":\"FINE_PAID\",\"amount\":1e15}"));
        assertThat(server.post("/api/v1/hits/" + hit + "/outcome", "application/json",
                "{\"outcome\":\"FINE_PAID\",\"amount\":10.00}").status()).as("nothing was recorded by the refusal").isEqualTo(200);
    }

    @Test
    void datesOutsideTheCalendarAreRefused() {
        assertClear4xx(server.get("/api/v1/hits?from=-999999999-01-01T00:00:00Z"));
        assertClear4xx(server.get("/api/v1/hits?to=%2B999999999-12-31T23:59:59Z"));
        assertClear4xx(server.get("/api/v1/hits/summary?from=-999999999-01-01T00:00:00Z"));
        assertClear4xx(server.get("/api/v1/stats?from=-999999999-01-01"));
        assertClear4xx(server.get("/api/v1/stats?to=%2B999999999-12-31"));
        assertClear4xx(server.get("/api/v1/passages/stats?from=-999999999-01-01T00:00:00Z"));
    }

    @Test
    void aControlCharacterInAQueryParameterIsRefused() {
        TestServer.Response r = server.get("/api/v1/hits?camera=ODD%0001");
        assertClear4xx(r);
        assertThat(r.reason()).contains("camera").contains("control character");
        assertClear4xx(server.get("/api/v1/hits?plate=52TKN9%00"));
        assertClear4xx(server.get("/api/v1/passages?plate=%00&" + TestServer.LEGAL_BASIS));
    }

    @Test
    void aFiveMegabyteNameIsRefused() {
        String huge = "x".repeat(5 * 1024 * 1024);
        assertClear4xx(server.post("/api/v1/users", "application/json", """
                {"username":"huge","displayName":"%s","organisation":"utrecht","roles":["OFFICER"],"password":"a-long-test-password"}"""
                .formatted(huge)));
        assertClear4xx(server.post("/api/v1/cameras", "application/json", """
                {"id":"ODD-02","name":"%s","lat":52.0,"lon":5.0,"organisation":"utrecht"}""".formatted(huge)));
        assertClear4xx(server.post("/api/v1/lists", "application/json", """
                {"name":"%s","category":"UNPAID_FINES","purpose":"p","legalBasis":"b","organisation":"utrecht","source":"s"}"""
                .formatted(huge)));
        assertClear4xx(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users/1"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + huge + "\"}"))));
    }
}
