package org.openanpr.federation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.db.Database;
import org.openanpr.server.OpenAnprServer;
import org.openanpr.server.ServerConfig;
import org.openanpr.testing.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, Must show 2: two nodes in one test (each its own server and database schema). A list published by the
 * national node reaches the regional node, a delta follows, the regional node goes offline, misses versions, comes
 * back and catches up; the hit it then produces reaches the national node. Also: a gap is refused, and strangers
 * are refused.
 */
class FederationTest {
    private static TestServer national;
    private static TestServer regional;
    private static OpenAnprServer regionalNode;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        national = TestServer.start(FederationTest.class, c -> c);
        regional = TestServer.start(FederationTest.class, c -> c);
        regionalNode = regional.server();
    }

    @AfterAll
    static void stop() {
        if (national != null) national.close();
        if (regionalNode != null && regionalNode != regional.server()) regionalNode.close();
        if (regional != null) regional.close();
    }

    @Test
    void aPublishedListReachesTheRegionCatchesUpAfterAnOutageAndItsHitsComeBack() throws Exception {
        long list = created(national.post("/api/v1/lists", "application/json", """
                {"name":"Gestolen voertuigen","category":"STOLEN_VEHICLE","purpose":"opsporing","legalBasis":"Politiewet art. 3",
                 "organisation":"nationaal","source":"LDS","instruction":"Stop and check"}""")).path("id").asLong();
        entries(national, list, "replace", "AA11BB", "CC22DD");
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
        String token = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-utrecht\",\"organisation\":\"nationaal\"}")).path("token").asText();

        // The region subscribes: version 1 (FULL) arrives, in a local list of its own organisation.
        JsonNode sub = created(regional.post("/api/v1/federation/subscriptions", "application/json", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht"}""".formatted(national.baseUrl(), token, list)));
        long subscription = sub.path("id").asLong();
        long local = sub.path("localListId").asLong();
        assertThat(sub.path("version").asInt()).isEqualTo(1);
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "CC22DD");
        assertThat(post(regionalNode, "/api/v1/cameras", """
                {"id":"UT-A2-01","name":"A2 Utrecht","lat":52.1,"lon":5.1,"organisation":"utrecht"}""").statusCode()).isEqualTo(201);
        TestServer.Response on = regional.post("/api/v1/lists/" + local + "/activations", "application/json",
                "{\"scope\":\"REGION\",\"target\":\"utrecht\"}");
        assertThat(on.status()).as(on.body()).isEqualTo(201);

        // A delta follows.
        entries(national, list, "add", "EE33FF");
        assertThat(sync(regional, subscription).path("version").asInt()).isEqualTo(2);
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "CC22DD", "EE33FF");
        assertThat(subscriberVersion(list)).as("the national node sees what the region runs").isEqualTo(2);

        // The regional node goes offline (its database stays) and misses two versions.
        regionalNode.close();
        entries(national, list, "remove", "CC22DD");
        entries(national, list, "add", "GG44HH");
        regionalNode = OpenAnprServer.start(regional.db().dataSource(),
                ServerConfig.defaults(0).withAdminToken(TestServer.ADMIN_TOKEN).withPasswordCost(4));
        JsonNode caughtUp = sync(regionalNode, subscription);
        assertThat(caughtUp.path("version").asInt()).isEqualTo(4);
        assertThat(caughtUp.path("lastError").isNull()).as(caughtUp.toString()).isTrue();
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "EE33FF", "GG44HH");
        assertThat(subscriberVersion(list)).isEqualTo(4);

        // The region's camera reads a plate of the caught-up version: the hit is there, and goes up to the national node.
        HttpResponse<String> read = post(regionalNode, "/api/v1/reads", """
                [{"id":"%s","camera":"UT-A2-01","plate":"GG44HH","country":"NL","confidence":0.93,"time":"%s"}]"""
                .formatted(UUID.randomUUID(), Instant.now().minusSeconds(10)));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(count(regional.db(), "select count(*) from hit where list_id = " + local)).isEqualTo(1);
        sync(regionalNode, subscription);
        JsonNode up = national.get("/api/v1/federation/hits").json();
        assertThat(up).hasSize(1);
        assertThat(up.get(0).path("plate").asText()).isEqualTo("GG44HH");
        assertThat(up.get(0).path("region").asText()).isEqualTo("utrecht");
        assertThat(up.get(0).path("peer").asText()).isEqualTo("regio-utrecht");
        assertThat(up.get(0).path("listId").asLong()).isEqualTo(list);
        sync(regionalNode, subscription);
        assertThat(national.get("/api/v1/federation/hits").json()).as("sent once").hasSize(1);

        // Audited on both sides.
        assertThat(count(national.db(), "select count(*) from audit_log where action = 'FEDERATION'")).isGreaterThanOrEqualTo(4);
        assertThat(count(regional.db(), "select count(*) from audit_log where action = 'FEDERATION'")).isGreaterThanOrEqualTo(1);
        assertThat(count(regional.db(), "select count(*) from audit_log where action = 'LIST_IMPORT' and target = 'list " + local + "'"))
                .isEqualTo(4);

        // A gap (version 5 lost on the way) is refused; a FULL version later resolves it.
        entries(national, list, "add", "JJ55KK");
        entries(national, list, "add", "LL66MM");
        try (Connection c = national.db().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("delete from federation_version where list_id = " + list + " and version = 5");
        }
        JsonNode refused = sync(regionalNode, subscription);
        assertThat(refused.path("version").asInt()).isEqualTo(4);
        assertThat(refused.path("lastError").asText()).contains("gap");
        assertThat(plates(regional, local)).doesNotContain("LL66MM");
        entries(national, list, "replace", "AA11BB", "NN77PP");
        JsonNode full = sync(regionalNode, subscription);
        assertThat(full.path("version").asInt()).isEqualTo(7);
        assertThat(full.path("lastError").isNull()).isTrue();
        assertThat(plates(regional, local)).containsExactlyInAnyOrder("AA11BB", "NN77PP");
    }

    @Test
    void theListsConditionsTravelWithIt() throws Exception {
        long list = created(national.post("/api/v1/lists", "application/json", """
                {"name":"Spitsverbod vrachtverkeer","category":"DRIVING_BAN","purpose":"handhaving","legalBasis":"WVW art. 9",
                 "organisation":"nationaal","source":"RDW","priority":7,"fuzzy":true,"hitRetentionDays":14,
                 "conditions":{"directions":["N","NE"],"hours":{"days":["MONDAY","FRIDAY"],"from":"07:00","to":"09:30","zone":"Europe/Brussels"},
                               "area":[[52.0,5.0],[52.2,5.0],[52.2,5.3]]}}""")).path("id").asLong();
        entries(national, list, "replace", "BB22CC");
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}").status()).isEqualTo(201);
        String token = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-voorwaarden\",\"organisation\":\"nationaal\"}")).path("token").asText();
        JsonNode sub = org.openanpr.http.Json.MAPPER.readTree(post(regionalNode, "/api/v1/federation/subscriptions", """
                {"publisherUrl":"%s","token":"%s","remoteListId":%d,"organisation":"utrecht"}""".formatted(national.baseUrl(), token, list)).body());
        assertThat(sub.path("version").asInt()).as(sub.toString()).isEqualTo(1);
        JsonNode published = national.get("/api/v1/lists/" + list).json();
        HttpResponse<String> local = http.send(HttpRequest.newBuilder(URI.create(regionalNode.baseUrl() + "/api/v1/lists/" + sub.path("localListId").asLong()))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode mirrored = org.openanpr.http.Json.MAPPER.readTree(local.body());
        assertThat(mirrored.path("conditions")).as(local.body()).isEqualTo(published.path("conditions"));
        assertThat(mirrored.path("conditions").path("hours").path("zone").asText()).isEqualTo("Europe/Brussels");
        assertThat(mirrored.path("conditions").path("area")).hasSize(3);
        assertThat(mirrored.path("priority").asInt()).isEqualTo(7);
        assertThat(mirrored.path("fuzzy").asBoolean()).isTrue();
        assertThat(mirrored.path("hitRetentionDays").asInt()).isEqualTo(14);
        assertThat(mirrored.path("organisation").asText()).isEqualTo("utrecht");
    }

    @Test
    void strangersAreRefused() throws Exception {
        long list = created(national.post("/api/v1/lists", "application/json", """
                {"name":"Rijverboden","category":"DRIVING_BAN","purpose":"handhaving","legalBasis":"WVW art. 9",
                 "organisation":"nationaal","source":"CJIB"}""")).path("id").asLong();
        national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}");
        String feed = national.baseUrl() + "/api/v1/federation/feed/lists/" + list + "/versions";
        assertThat(get(feed, null).statusCode()).isEqualTo(401);
        assertThat(get(feed, "fed_not-a-token-of-anyone-at-all").statusCode()).isEqualTo(401);
        // A peer of another organisation does not learn the list exists.
        String otherPeer = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"elders\",\"organisation\":\"elders\"}")).path("token").asText();
        assertThat(get(feed, otherPeer).statusCode()).isEqualTo(404);
        // A person's token is not a federation token.
        assertThat(get(feed, TestServer.ADMIN_TOKEN).statusCode()).isEqualTo(401);
        // A list manager of another organisation can neither publish the list nor see its subscribers.
        String stranger = national.userToken("lm-elders", "elders", "LIST_MANAGER");
        assertThat(national.post("/api/v1/federation/publications", "application/json", "{\"listId\":" + list + "}", stranger).status())
                .isEqualTo(404);
        assertThat(national.get("/api/v1/federation/publications", stranger).json()).isEmpty();
        // An officer may not subscribe a list or create peers.
        String officer = national.userToken("officer-nat", "nationaal", "OFFICER");
        assertThat(national.post("/api/v1/federation/peers", "application/json", "{\"name\":\"x\"}", officer).status()).isEqualTo(403);
        // Hostile input on the feed: refused with a reason, nothing stored.
        String peer = created(national.post("/api/v1/federation/peers", "application/json",
                "{\"name\":\"regio-test\",\"organisation\":\"nationaal\"}")).path("token").asText();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(national.baseUrl() + "/api/v1/federation/feed/lists/" + list + "/hits"))
                .header("Authorization", "Bearer " + peer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"nope\",\"plate\":\"" + "X".repeat(50) + "\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("item 0");
        assertThat(post(regionalNode, "/api/v1/federation/subscriptions",
                "{\"publisherUrl\":\"file:///etc/passwd\",\"token\":\"" + peer + "\",\"remoteListId\":1}").statusCode()).isEqualTo(400);
    }

    static JsonNode created(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Imports on the publishing node, then waits for its publication check to make a version of the change. */
    static void entries(TestServer node, long list, String mode, String... plates) throws Exception {
        int before = publishedVersion(node, list);
        importEntries(node, list, mode, plates);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (before >= 0 && publishedVersion(node, list) == before && System.nanoTime() < deadline) Thread.sleep(100);
    }

    static int publishedVersion(TestServer publisher, long list) {
        for (JsonNode p : publisher.get("/api/v1/federation/publications").json())
            if (p.path("listId").asLong() == list) return p.path("version").asInt();
        return -1;
    }

    static void importEntries(TestServer node, long list, String mode, String... plates) {
        StringBuilder csv = new StringBuilder("plate,country,reason\n");
        for (String p : plates) csv.append(p).append(",NL,gestolen\n");
        TestServer.Response r = node.post("/api/v1/lists/" + list + "/entries?mode=" + mode, "text/csv", csv.toString());
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    static JsonNode sync(OpenAnprServer node, long subscription) throws Exception {
        HttpResponse<String> r = post(node, "/api/v1/federation/subscriptions/" + subscription + "/sync", "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return org.openanpr.http.Json.MAPPER.readTree(r.body());
    }

    static JsonNode sync(TestServer node, long subscription) throws Exception {
        return sync(node.server(), subscription);
    }

    private static int subscriberVersion(long list) {
        return subscriber(national, list, "regio-utrecht").path("version").asInt(-1);
    }

    /** The subscriber as the publishing node shows it (version, transport), or a missing node. */
    static JsonNode subscriber(TestServer publisher, long list, String peer) {
        for (JsonNode p : publisher.get("/api/v1/federation/publications").json())
            if (p.path("listId").asLong() == list)
                for (JsonNode s : p.path("subscribers")) if (s.path("name").asText().equals(peer)) return s;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static List<String> plates(TestServer node, long list) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = node.db().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select plate from list_entry where list_id = " + list)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A read posted to {@code node} as its camera sends it; it must be accepted. */
    static void read(TestServer node, String camera, String plate, Instant at) {
        TestServer.Response r = node.post("/api/v1/reads", "application/json", "[" + TestServer.read(camera, plate, at) + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A sync of the subscription that must go without an error. */
    static void syncCleanly(TestServer node, long subscription) throws Exception {
        JsonNode state = sync(node, subscription);
        assertThat(state.path("lastError").isNull()).as(state.toString()).isTrue();
    }

    /** A delivery to the national node's federation feed ({@code hits} or {@code passages}), with a peer token or none. */
    static HttpResponse<String> feed(TestServer national, String what, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(national.baseUrl() + "/api/v1/federation/feed/" + what))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(OpenAnprServer node, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
