package org.openanpr.hit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openanpr.testing.SseListener;
import org.openanpr.testing.TestClock;
import org.openanpr.testing.TestServer;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A list imported and switched on for a camera; reads with a listed plate reach a listening officer over SSE. */
class AlertStreamTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static TestServer server;
    static long stolen;
    static long fines;

    @BeforeAll
    static void start() {
        server = TestServer.start(AlertStreamTest.class, new TestClock(NOW));
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"UT-A12-01","name":"A12 De Meern","lat":52.0800,"lon":5.0400,"direction":"E","organisation":"utrecht"}""")
                .status()).isEqualTo(201);
        assertThat(server.post("/api/v1/cameras", "application/json", """
                {"id":"AMS-01","name":"Amsterdam ring","lat":52.35,"lon":4.90,"organisation":"amsterdam"}""").status())
                .isEqualTo(201);
        stolen = createList("""
                {"name":"Stolen vehicles","category":"STOLEN_VEHICLE","purpose":"recover stolen vehicles",
                 "legalBasis":"Politiewet art. 3; Wpg art. 9","organisation":"utrecht","source":"SIS II / VRS",
                 "instruction":"Do not stop alone: report position and request backup","priority":90,"fuzzy":false}""");
        fines = createList("""
                {"name":"Unpaid fines","category":"UNPAID_FINES","purpose":"collect unpaid fines",
                 "legalBasis":"WAHV art. 28","organisation":"utrecht","source":"CJIB","fuzzy":true}""");
        assertThat(server.post("/api/v1/lists/" + stolen + "/entries", "text/csv", """
                plate,country,reason
                52-TKN-9,NL,stolen 2026-11-20 Utrecht
                """).status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + fines + "/entries", "text/csv", """
                plate,country,reason,amount
                KL-081-P,NL,speeding,239.00
                """).status()).isEqualTo(200);
        for (long list : new long[] {stolen, fines})
            assertThat(server.post("/api/v1/lists/" + list + "/activations", "application/json",
                    "{\"scope\":\"CAMERA\",\"target\":\"UT-A12-01\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long createList(String json) {
        TestServer.Response r = server.post("/api/v1/lists", "application/json", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    static String read(String plate, String image) {
        return """
                [{"id":"%s","camera":"UT-A12-01","plate":"%s","confidence":0.91,"time":"%s"%s}]"""
                .formatted(UUID.randomUUID(), plate, NOW.minusSeconds(5), image == null ? "" : ",\"plateImage\":\"" + image + "\"");
    }

    @Test
    void exactAndFuzzyHitsArriveOnALiveStream() throws Exception {
        try (SseListener sse = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", TestServer.ADMIN_TOKEN)) {
            assertThat(sse.status()).isEqualTo(200);
            String jpeg = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2});
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", jpeg)).status()).isEqualTo(200);
            // 0 read as O: a one-character OCR confusion, on the fuzzy list
            assertThat(server.post("/api/v1/reads", "application/json", read("KLO81P", null)).status()).isEqualTo(200);
            // the same confusion on the exact-only list must not hit
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9X", null)).status()).isEqualTo(200);

            SseListener.Event first = sse.next(Duration.ofSeconds(5));
            SseListener.Event second = sse.next(Duration.ofSeconds(5));
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            JsonNode exact = first.data().path("hit");
            assertThat(first.name()).isEqualTo("hit");
            assertThat(exact.path("plate").asText()).isEqualTo("52TKN9");
            assertThat(exact.path("display").asText()).as("as on the plate").isEqualTo("52-TKN-9");
            assertThat(exact.path("listName").asText()).isEqualTo("Stolen vehicles");
            assertThat(exact.path("matchKind").asText()).isEqualTo("EXACT");
            assertThat(exact.path("instruction").asText()).isEqualTo("Do not stop alone: report position and request backup");
            assertThat(exact.path("entryReason").asText()).isEqualTo("stolen 2026-11-20 Utrecht");
            assertThat(first.data().path("plateImageBase64").asText()).isEqualTo(jpeg);

            JsonNode fuzzy = second.data().path("hit");
            assertThat(fuzzy.path("plate").asText()).isEqualTo("KLO81P");
            assertThat(fuzzy.path("entryPlate").asText()).isEqualTo("KL081P");
            assertThat(fuzzy.path("matchKind").asText()).isEqualTo("FUZZY");
            assertThat(fuzzy.path("entryAmount").decimalValue()).isEqualByComparingTo("239.00");
            assertThat(fuzzy.path("instruction").asText()).isEqualTo("Stop the vehicle and collect the unpaid fine.");
            assertThat(sse.next(Duration.ofMillis(500))).as("no alert for a near miss on an exact list").isNull();

            assertThat(server.get("/api/v1/hits?status=open&plate=KLO81P").json()).hasSize(1);
            assertThat(server.get("/api/v1/hits?plate=52TKN9X").json()).isEmpty();
        }
    }

    /**
     * An officer's stream drops; hits arrive while it is away; it reconnects with {@code Last-Event-ID} (as an
     * EventSource does) and gets every hit it missed, oldest first, each once, then the live ones. Only what its
     * filter takes and its caller may see is sent again: another organisation's officer gets none of them.
     */
    @Test
    void aReconnectingStreamGetsEveryHitItMissed() throws Exception {
        long watched = createList("""
                {"name":"Watched","category":"OTHER","purpose":"test the replay","legalBasis":"Wpg art. 9",
                 "organisation":"utrecht","source":"test","fuzzy":false}""");
        assertThat(server.post("/api/v1/lists/" + watched + "/entries", "text/csv", """
                plate,country,reason
                GZ-123-K,NL,watched
                37-GTR-8,NL,watched
                """).status()).isEqualTo(200);
        assertThat(server.post("/api/v1/lists/" + watched + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"UT-A12-01\"}").status()).isEqualTo(201);
        String url = server.baseUrl() + "/api/v1/alerts/stream?list=" + watched;
        String last;
        try (SseListener sse = SseListener.open(url, TestServer.ADMIN_TOKEN)) {
            assertThat(server.post("/api/v1/reads", "application/json", read("GZ123K", null)).status()).isEqualTo(200);
            SseListener.Event seen = sse.next(Duration.ofSeconds(5));
            assertThat(seen).isNotNull();
            last = seen.id();
            assertThat(last).as("the event id is the hit's id").isEqualTo(seen.data().path("hit").path("id").asText());
        }
        java.util.List<String> missed = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String plate = i % 2 == 0 ? "37GTR8" : "GZ123K";
            assertThat(server.post("/api/v1/reads", "application/json", read(plate, null)).status()).isEqualTo(200);
        }
        // a hit on another list while away: this stream's filter does not take it
        assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", null)).status()).isEqualTo(200);
        for (JsonNode hit : server.get("/api/v1/hits?list=" + watched + "&limit=1000").json())
            if (!hit.path("id").asText().equals(last)) missed.add(hit.path("id").asText());
        assertThat(missed).hasSize(6);

        String stranger = server.userToken("replay-stranger", "amsterdam", "OFFICER");
        try (SseListener other = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", stranger, last)) {
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.next(Duration.ofSeconds(1))).as("no other organisation's hit is replayed").isNull();
        }

        try (SseListener back = SseListener.open(url, TestServer.ADMIN_TOKEN, last)) {
            assertThat(back.status()).isEqualTo(200);
            java.util.List<String> replayed = new java.util.ArrayList<>();
            java.util.List<String> times = new java.util.ArrayList<>();
            for (SseListener.Event e; (e = back.next(Duration.ofSeconds(2))) != null; ) {
                assertThat(e.name()).isEqualTo("hit");
                assertThat(e.data().path("hit").path("listId").asLong()).isEqualTo(watched);
                assertThat(e.id()).isEqualTo(e.data().path("hit").path("id").asText());
                replayed.add(e.id());
                times.add(e.data().path("hit").path("createdAt").asText());
            }
            assertThat(replayed).as("every missed hit, each once, not the one already seen")
                    .containsExactlyInAnyOrderElementsOf(missed);
            assertThat(times.stream().map(Instant::parse).toList()).as("oldest first").isSorted();
            // and then the live feed
            assertThat(server.post("/api/v1/reads", "application/json", read("37GTR8", null)).status()).isEqualTo(200);
            SseListener.Event live = back.next(Duration.ofSeconds(5));
            assertThat(live).isNotNull();
            assertThat(missed).doesNotContain(live.id());
            assertThat(back.next(Duration.ofMillis(500))).isNull();
        }

        // a page that opens a new EventSource names the last hit in the URL instead
        try (SseListener page = SseListener.open(url + "&lastEventId=" + missed.getLast(), TestServer.ADMIN_TOKEN)) {
            java.util.Set<String> got = new java.util.HashSet<>();
            for (SseListener.Event e; (e = page.next(Duration.ofSeconds(2))) != null; ) got.add(e.id());
            assertThat(got).as("at least the hit after the last one named").isNotEmpty().doesNotContain(missed.getLast());
        }
    }

    @Test
    void aStreamFilteredOnAnotherListHearsNothing() throws Exception {
        try (SseListener onlyStolen = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream?list=" + stolen, TestServer.ADMIN_TOKEN)) {
            assertThat(server.post("/api/v1/reads", "application/json", read("KL081P", null)).status()).isEqualTo(200);
            assertThat(onlyStolen.next(Duration.ofMillis(800))).isNull();
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", null)).status()).isEqualTo(200);
            assertThat(onlyStolen.next(Duration.ofSeconds(5)).data().path("hit").path("listId").asLong()).isEqualTo(stolen);
        }
    }

    @Test
    void aBadFilterIsRefusedBeforeTheStreamOpens() throws Exception {
        try (SseListener bad = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream?list=999999", TestServer.ADMIN_TOKEN)) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("no list 999999");
        }
        try (SseListener bad = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream?action=abc", TestServer.ADMIN_TOKEN)) {
            assertThat(bad.status()).isEqualTo(400);
        }
        try (SseListener bad = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", "wrong")) {
            assertThat(bad.status()).isEqualTo(401);
        }
        TestServer.Response noAccept = server.get("/api/v1/alerts/stream");
        assertThat(noAccept.status()).isEqualTo(406);
        assertThat(noAccept.reason()).contains("text/event-stream");
    }

    @Test
    void aListCannotBeSwitchedOnForAnotherOrganisationsCamera() {
        TestServer.Response r = server.post("/api/v1/lists/" + stolen + "/activations", "application/json",
                "{\"scope\":\"CAMERA\",\"target\":\"AMS-01\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).contains("AMS-01").contains("amsterdam");
        assertThat(server.get("/api/v1/lists/" + stolen + "/activations").json()).hasSize(1);
    }

    @Test
    void anOutcomeIsRecordedOnce() {
        assertThat(server.post("/api/v1/reads", "application/json", read("52-TKN-9", null)).status()).isEqualTo(200);
        JsonNode hit = server.get("/api/v1/hits?status=open&list=" + stolen).json().get(0);
        String id = hit.path("id").asText();
        TestServer.Response bad = server.post("/api/v1/hits/" + id + "/outcome", "application/json", "{\"outcome\":\"FINE_PAID\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.reason()).contains("amount");
        TestServer.Response ok = server.post("/api/v1/hits/" + id + "/outcome", "application/json",
                "{\"outcome\":\"VEHICLE_SEIZED\",\"note\":\"towed to depot\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("outcome").asText()).isEqualTo("VEHICLE_SEIZED");
        TestServer.Response twice = server.post("/api/v1/hits/" + id + "/outcome", "application/json", "{\"outcome\":\"ARREST\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(server.get("/api/v1/hits/" + id).json().path("outcome").asText()).isEqualTo("VEHICLE_SEIZED");
    }

    /**
     * The token of an open stream is revoked in the database (as logout, a password change or disabling the user
     * do): the next hit is not sent, the stream is closed. The re-check reads the database, not the token cache.
     */
    @Test
    void aStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String token = server.userToken("stream-revoked", "utrecht", "OFFICER");
        try (SseListener sse = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", token)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", null)).status()).isEqualTo(200);
            assertThat(sse.next(Duration.ofSeconds(5))).as("a live officer hears the hit").isNotNull();
            try (var c = server.db().dataSource().getConnection(); var st = c.createStatement()) {
                st.executeUpdate("update api_token set revoked_at = now() where user_id = "
                        + "(select id from app_user where username = 'stream-revoked')");
            }
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", null)).status()).isEqualTo(200);
            assertThat(sse.next(Duration.ofSeconds(2))).as("no hit after the token was revoked").isNull();
            assertThat(sse.ended(Duration.ofSeconds(5))).as("the stream is closed").isTrue();
        }
    }

    /** Losing the hit-view permission ends an open stream, at the latest at the next batch or heartbeat. */
    @Test
    void aStreamEndsWhenItsUserLosesThePermission() throws Exception {
        String token = server.userToken("stream-demoted", "utrecht", "OFFICER");
        long id = server.get("/api/v1/users").json().findParents("username").stream()
                .filter(u -> u.path("username").asText().equals("stream-demoted")).findFirst().orElseThrow().path("id").asLong();
        try (SseListener sse = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream", token)) {
            assertThat(sse.status()).isEqualTo(200);
            var put = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/api/v1/users/" + id))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"roles\":[\"ADMINISTRATOR\"]}"));
            assertThat(server.send(put).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", null)).status()).isEqualTo(200);
            assertThat(sse.next(Duration.ofSeconds(2))).as("no hit without the permission").isNull();
            assertThat(sse.ended(Duration.ofSeconds(5))).isTrue();
        }
    }

    /**
     * One officer's laptop stops reading its stream (a socket with a tiny receive buffer, never read) while alerts with
     * plate images pour in: another officer still gets every alert within a second, and the stalled one is dropped.
     */
    @Test
    void aStalledListenerDelaysNobodyElsesAlerts() throws Exception {
        byte[] image = new byte[400 * 1024];
        image[0] = (byte) 0xFF;
        image[1] = (byte) 0xD8;
        image[2] = (byte) 0xFF;
        image[3] = (byte) 0xE0;
        new java.util.Random(7).nextBytes(java.util.Arrays.copyOfRange(image, 4, 8));
        String jpeg = Base64.getEncoder().encodeToString(image);
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.server().port()));
            stalled.getOutputStream().write(("GET /api/v1/alerts/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + TestServer.ADMIN_TOKEN + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            try (SseListener live = SseListener.open(server.baseUrl() + "/api/v1/alerts/stream?list=" + stolen, TestServer.ADMIN_TOKEN)) {
                assertThat(live.status()).isEqualTo(200);
                // 60 alerts of ~550 KB: far more than the socket buffers and the stalled listener's queue hold
                for (int i = 0; i < 60; i++) {
                    assertThat(server.post("/api/v1/reads", "application/json", read("52TKN9", jpeg)).status()).isEqualTo(200);
                    long start = System.nanoTime();
                    SseListener.Event e = live.next(Duration.ofSeconds(1));
                    assertThat(e).as("alert %d reached the live listener within 1 s (took %d ms)", i,
                            (System.nanoTime() - start) / 1_000_000).isNotNull();
                }
            }
        }
    }
}
