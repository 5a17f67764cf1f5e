package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.TestServer;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: hits flow up under sharing agreements, as passages do. The regional node shares one camera with the
 * national organisation (purpose HITS); with each sync the hits on that camera, on the camera owner's own lists, from
 * the agreement's start and while it holds, go up once, with the region that produced them. A hit on another camera,
 * or on the list taken from the national node (which goes up as that list's hit), does not go up as a shared one.
 * Both sides audit; another organisation on the national node sees none of it; hostile input is refused.
 */
class SharedHitsTest {
    private static NationalAndRegional nodes;
    private static TestServer national;
    private static TestServer regional;

    @BeforeAll
    static void start() {
        nodes = new NationalAndRegional(SharedHitsTest.class);
        national = nodes.national;
        regional = nodes.regional;
    }

    @AfterAll
    static void stop() {
        if (nodes != null) nodes.close();
    }

    @Test
    void hitsOnCamerasSharedWithTheNationalOrganisationGoUpOnceFromTheAgreementsStartWhileItHolds() throws Exception {
        NationalAndRegional.Published published = nodes.publishStolenVehicles("99NAT9");
        long list = published.list();
        String token = published.token();
        long own = regional.activeFinesList("utrecht");
        FederationTest.importEntries(regional, own, "add", "11AAA1", "22BBB2", "33CCC3", "44DDD4", "55EEE5");
        JsonNode sub = regional.post("/api/v1/federation/subscriptions", "application/json", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht"}""".formatted(national.baseUrl(), token, list)).json();
        long subscription = sub.path("id").asLong();
        assertThat(regional.post("/api/v1/lists/" + sub.path("localListId").asLong() + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"utrecht\"}").status()).isEqualTo(201);

        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        FederationTest.read(regional, "UT-A2-01", "11AAA1", Instant.now().minus(2, ChronoUnit.HOURS)); // before the agreement: stays in the region
        FederationTest.read(regional, "UT-A2-01", "22BBB2", Instant.now().minus(10, ChronoUnit.MINUTES));
        FederationTest.read(regional, "UT-A12-02", "33CCC3", Instant.now().minus(5, ChronoUnit.MINUTES)); // a camera not shared
        FederationTest.read(regional, "UT-A2-01", "99NAT9", Instant.now().minus(4, ChronoUnit.MINUTES)); // the national list's: goes up as its hit
        String admin = regional.userToken("ut-admin", "utrecht", "ADMINISTRATOR");
        TestServer.Response agreement = regional.post("/api/v1/sharing", "application/json", """
                {"toOrganisation":"nationaal","purpose":"HITS","cameras":["UT-A2-01"],"from":"%s","until":"%s",
                 "reason":"landelijk beeld van hits op de A2"}""".formatted(start, Instant.now().plus(30, ChronoUnit.DAYS)), admin);
        assertThat(agreement.status()).as(agreement.body()).isEqualTo(201);

        FederationTest.syncCleanly(regional, subscription);
        assertThat(shared()).containsExactly("22BBB2");
        JsonNode up = national.get("/api/v1/federation/hits").json();
        JsonNode mine = null;
        for (JsonNode h : up) if (h.path("plate").asText().equals("22BBB2")) mine = h;
        assertThat(mine).isNotNull();
        assertThat(mine.path("region").asText()).isEqualTo("utrecht");
        assertThat(mine.path("peer").asText()).isEqualTo("regio-utrecht");
        assertThat(mine.path("listId").isNull()).isTrue();
        assertThat(mine.path("camera").asText()).isEqualTo("UT-A2-01");
        assertThat(FederationTest.count(national.db(), "select count(*) from federation_hit where plate = '99NAT9' and list_id = " + list))
                .as("the national list's hit goes up as that list's, once").isEqualTo(1);

        // Later hits follow with the next sync; nothing goes twice.
        FederationTest.read(regional, "UT-A2-01", "44DDD4", Instant.now().minus(1, ChronoUnit.MINUTES));
        FederationTest.syncCleanly(regional, subscription);
        FederationTest.syncCleanly(regional, subscription);
        assertThat(shared()).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // The agreement ends: nothing more goes up.
        assertThat(regional.post("/api/v1/sharing/" + agreement.json().path("id").asLong() + "/revoke", "application/json", "{}", admin)
                .status()).isEqualTo(200);
        FederationTest.read(regional, "UT-A2-01", "55EEE5", Instant.now().minusSeconds(20));
        FederationTest.syncCleanly(regional, subscription);
        assertThat(shared()).containsExactlyInAnyOrder("22BBB2", "44DDD4");

        // Both sides audit what went up; another organisation on the national node sees none of it.
        assertThat(FederationTest.count(regional.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'hits'"))
                .isEqualTo(2);
        assertThat(FederationTest.count(national.db(), "select coalesce(sum(result_count), 0) from audit_log where action = 'FEDERATION' and target = 'hits'"))
                .isEqualTo(2);
        String other = national.userToken("other-chief", "elders", "LIST_MANAGER");
        assertThat(national.get("/api/v1/federation/hits", other).json()).isEmpty();

        // Hostile input on the feed: refused with the item's reason, nothing stored; no token, no entry.
        HttpResponse<String> bad = FederationTest.feed(national, "hits", token, "[{\"id\":\"not-a-uuid\",\"region\":\"x\",\"camera\":\"c\",\"plate\":\"AB\",\"time\":\"" + Instant.now() + "\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("item 0");
        assertThat(FederationTest.feed(national, "hits", null, "[]").statusCode()).isEqualTo(401);
        assertThat(FederationTest.feed(national, "hits", token, "{\"hits\":1}").statusCode()).isEqualTo(400);
        assertThat(shared()).hasSize(2);
    }

    /** Plates of the hits the national node holds as shared under agreements (no list of its own). */
    private static List<String> shared() throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = national.db().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("select plate from federation_hit where list_id is null order by observed_at")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

}
