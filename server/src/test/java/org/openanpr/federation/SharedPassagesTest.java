package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: shared passages flow up. Two nodes, each its own server and database: the regional node shares one
 * camera's passages with the national organisation (a sharing agreement, as within one node); with each sync the
 * passages of that camera from the agreement's start go up, none of another camera, none from before the start,
 * none after the agreement ends. The national node sees which region produced what and searches them only with a
 * legal basis; both sides audit.
 */
class SharedPassagesTest {
    private static TestServer national;
    private static TestServer regional;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        national = TestServer.start(SharedPassagesTest.class, c -> c);
        regional = TestServer.start(SharedPassagesTest.class, c -> c);
        for (String[] org : new String[][] {{"nationaal", "Politie Landelijke Eenheid"}, {"utrecht", "Politie Utrecht"}}) {
            assertThat(regional.post("/api/v1/organisations", "application/json", """
                    {"code":"%s","name":"%s","kind":"POLICE"}""".formatted(org[0], org[1])).status()).isEqualTo(201);
        }
        for (String org : new String[] {"nationaal", "elders"})
            assertThat(national.post("/api/v1/organisations", "application/json", """
                    {"code":"%s","name":"%s","kind":"POLICE"}""".formatted(org, org)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (national != null) national.close();
        if (regional != null) regional.close();
    }

    @Test
    void passagesOfSharedCamerasGoUpFromTheAgreementsStartWhileItHoldsUnderTheSameAudit() throws Exception {
        long list = national.post("/api/v1/lists", "application/json", """
                {"name":"Gestolen voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS"}""").json().path("id").asLong();
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
        String token = national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-utrecht\",\"organisation\":\"nationaal\"}").json().path("token").asText();

        for (String camera : new String[] {"UT-A2-01", "UT-A12-02"})
            assertThat(regional.post("/api/v1/cameras", "application/json", """
                    {"id":"%s","name":"%s","lat":52.1,"lon":5.1,"organisation":"utrecht"}""".formatted(camera, camera)).status()).isEqualTo(201);
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        read("UT-A2-01", "11AAA1", Instant.now().minus(2, ChronoUnit.HOURS)); // before the agreement: stays in the region
        read("UT-A2-01", "22BBB2", Instant.now().minus(10, ChronoUnit.MINUTES));
        read("UT-A12-02", "33CCC3", Instant.now().minus(5, ChronoUnit.MINUTES)); // a camera not shared
        String admin = regional.userToken("ut-admin", "utrecht", "ADMINISTRATOR");
        TestServer.Response agreement = regional.post("/api/v1/sharing", "application/json", """
                {"toOrganisation":"nationaal","purpose":"PASSAGES","cameras":["UT-A2-01"],"from":"%s","until":"%s",
                 "reason":"landelijke opsporing op de A2"}""".formatted(start, Instant.now().plus(30, ChronoUnit.DAYS)), admin);
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(201);

        long subscription = regional.post("/api/v1/federation/subscriptions", "application/json", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht"}""".formatted(national.baseUrl(), token, list))
                .json().path("id").asLong();
        assertThat(plates(national.db())).containsExactly("22BBB2");
        JsonNode regions = national.get("/api/v1/federation/passages/regions").json();
        assertThat(regions).hasSize(1);
        assertThat(regions.get(0).path("region").asText()).isEqualTo("utrecht");
        assertThat(regions.get(0).path("peer").asText()).isEqualTo("regio-utrecht");
        assertThat(regions.get(0).path("passages").asLong()).isEqualTo(1);

        // Later passages follow with the next sync; nothing goes twice.
        read("UT-A2-01", "44DDD4", Instant.now().minus(1, ChronoUnit.MINUTES));
        sync(subscription);
        sync(subscription);
        assertThat(plates(national.db())).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // The agreement ends: nothing more goes up.
        assertThat(regional.post("/api/v1/sharing/" + agreement.json().path("id").asLong() + "/revoke", "application/json", "{}", admin)
                .status()).isEqualTo(200);
        read("UT-A2-01", "55EEE5", Instant.now().minusSeconds(20));
        sync(subscription);
        assertThat(plates(national.db())).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // At the national node they are searched as passages are: with a legal basis, on the record.
        String analyst = national.userToken("nat-analyst", "nationaal", "ANALYST");
        assertThat(national.get("/api/v1/federation/passages?plate=22-BBB-2", analyst).status()).isEqualTo(403);
        TestServer.Response found = national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, analyst);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json()).hasSize(1);
        assertThat(found.json().get(0).path("region").asText()).isEqualTo("utrecht");
        assertThat(found.json().get(0).path("camera").asText()).isEqualTo("UT-A2-01");
        assertThat(count(national.db(), "select count(*) from audit_log where action = 'PASSAGE_SEARCH' and target = '22BBB2'")).isEqualTo(2);
        // Another organisation on the national node finds nothing of it; a role without the right is refused.
        String other = national.userToken("other-analyst", "elders", "ANALYST");
        assertThat(national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, other).json()).isEmpty();
        assertThat(national.get("/api/v1/federation/passages/regions", other).json()).isEmpty();
        String officer = national.userToken("nat-officer", "nationaal", "OFFICER");
        assertThat(national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, officer).status()).isEqualTo(403);

        // Both sides audit what went up.
        assertThat(count(regional.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'passages'"))
                .isEqualTo(2);
        assertThat(count(national.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'passages'"))
                .isEqualTo(2);

        // Hostile input on the feed: refused with the item's reason, nothing stored; no token, no entry.
        HttpResponse<String> bad = feed(token, "[{\"id\":\"" + UUID.randomUUID() + "\",\"region\":\"x\",\"camera\":\"c\",\"plate\":\"<b>\","
                + "\"confidence\":0.9,\"time\":\"" + Instant.now() + "\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("item 0").contains("plate");
        assertThat(feed(null, "[]").statusCode()).isEqualTo(401);
        assertThat(plates(national.db())).hasSize(2);
    }

    private static void read(String camera, String plate, Instant at) {
        TestServer.Response r = regional.post("/api/v1/reads", "application/json", """
                [{"id":"%s","camera":"%s","plate":"%s","country":"NL","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), camera, plate, at));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static void sync(long subscription) {
        TestServer.Response r = regional.post("/api/v1/federation/subscriptions/" + subscription + "/sync", "application/json", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("lastError").isNull()).as(r.body()).isTrue();
    }

    private static HttpResponse<String> feed(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(national.baseUrl() + "/api/v1/federation/feed/passages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.List<String> plates(Database db) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select plate from federation_passage order by observed_at")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
