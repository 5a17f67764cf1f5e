package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.testing.TestServer;

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
    private static NationalAndRegional nodes;
    private static TestServer national;
    private static TestServer regional;

    @BeforeAll
    static void start() {
        nodes = new NationalAndRegional(SharedPassagesTest.class);
        national = nodes.national;
        regional = nodes.regional;
    }

    @AfterAll
    static void stop() {
        if (nodes != null) nodes.close();
    }

    @Test
    void passagesOfSharedCamerasGoUpFromTheAgreementsStartWhileItHoldsUnderTheSameAudit() throws Exception {
        NationalAndRegional.Published published = nodes.publishStolenVehicles();
        long list = published.list();
        String token = published.token();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        FederationTest.read(regional, "UT-A2-01", "11AAA1", Instant.now().minus(2, ChronoUnit.HOURS)); // before the agreement: stays in the region
        FederationTest.read(regional, "UT-A2-01", "22BBB2", Instant.now().minus(10, ChronoUnit.MINUTES));
        FederationTest.read(regional, "UT-A12-02", "33CCC3", Instant.now().minus(5, ChronoUnit.MINUTES)); // a camera not shared
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
        FederationTest.read(regional, "UT-A2-01", "44DDD4", Instant.now().minus(1, ChronoUnit.MINUTES));
        FederationTest.syncCleanly(regional, subscription);
        FederationTest.syncCleanly(regional, subscription);
        assertThat(plates(national.db())).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // The agreement ends: nothing more goes up.
        assertThat(regional.post("/api/v1/sharing/" + agreement.json().path("id").asLong() + "/revoke", "application/json", "{}", admin)
                .status()).isEqualTo(200);
        FederationTest.read(regional, "UT-A2-01", "55EEE5", Instant.now().minusSeconds(20));
        FederationTest.syncCleanly(regional, subscription);
        assertThat(plates(national.db())).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // At the national node they are searched as passages are: with a legal basis, on the record.
        String analyst = national.userToken("nat-analyst", "nationaal", "ANALYST");
        assertThat(national.get("/api/v1/federation/passages?plate=22-BBB-2", analyst).status()).isEqualTo(403);
        TestServer.Response found = national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, analyst);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json()).hasSize(1);
        assertThat(found.json().get(0).path("region").asText()).isEqualTo("utrecht");
        assertThat(found.json().get(0).path("camera").asText()).isEqualTo("UT-A2-01");
        assertThat(FederationTest.count(national.db(), "select count(*) from audit_log where action = 'PASSAGE_SEARCH' and target = '22BBB2'")).isEqualTo(2);
        // Another organisation on the national node finds nothing of it; a role without the right is refused.
        String other = national.userToken("other-analyst", "elders", "ANALYST");
        assertThat(national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, other).json()).isEmpty();
        assertThat(national.get("/api/v1/federation/passages/regions", other).json()).isEmpty();
        String officer = national.userToken("nat-officer", "nationaal", "OFFICER");
        assertThat(national.get("/api/v1/federation/passages?plate=22BBB2&" + TestServer.LEGAL_BASIS, officer).status()).isEqualTo(403);

        // Both sides audit what went up.
        assertThat(FederationTest.count(regional.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'passages'"))
                .isEqualTo(2);
        assertThat(FederationTest.count(national.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'passages'"))
                .isEqualTo(2);

        // Hostile input on the feed: refused with the item's reason, nothing stored; no token, no entry.
        HttpResponse<String> bad = FederationTest.feed(national, "passages", token, "[{\"id\":\"" + UUID.randomUUID() + "\",\"region\":\"x\",\"camera\":\"c\",\"plate\":\"<b>\","
                + "\"confidence\":0.9,\"time\":\"" + Instant.now() + "\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("item 0").contains("plate");
        assertThat(FederationTest.feed(national, "passages", null, "[]").statusCode()).isEqualTo(401);
        assertThat(plates(national.db())).hasSize(2);
    }

    private static java.util.List<String> plates(Database db) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select plate from federation_passage order by observed_at")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

}
